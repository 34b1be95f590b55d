import Foundation

/// Where a token or shared key is read from. There is deliberately no case for a value on the command line:
/// argv is visible to every process on the machine and lands in shell history and CI logs.
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case standardInput
    case environment(String)

    /// `-` is standard input, anything else a file.
    public init(fileOrDash value: String) {
        self = value == "-" ? .standardInput : .file(value)
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .standardInput: "standard input"
        case .environment(let name): "the environment variable \(name)"
        }
    }

    /// The exact bytes: an HMAC key is what its file or variable holds, newline included.
    public func bytes(environment: [String: String]) throws(IdentityError) -> [UInt8] {
        let bytes: [UInt8]
        switch self {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw IdentityError("key", "cannot read \(path); check the path and its permissions")
            }
            bytes = Array(data)
        case .standardInput:
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        case .environment(let name):
            bytes = Array((environment[name] ?? "").utf8)
        }
        guard !bytes.isEmpty else { throw IdentityError("key", "\(self) is empty; it must hold the secret") }
        return bytes
    }

    /// A token: surrounding whitespace, such as the newline a file ends with, is not part of it.
    public func token(environment: [String: String]) throws(IdentityError) -> String {
        let text = String(decoding: try bytes(environment: environment), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw IdentityError("token", "\(self) holds no token") }
        return text
    }
}
