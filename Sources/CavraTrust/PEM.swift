import Foundation

/// PEM blocks: Ed25519 and ECDSA P-256 keys as PKCS#8 (private) and SubjectPublicKeyInfo (public), and HMAC
/// secrets under their own label so a secret can never be mistaken for a public key.
public enum PEM {
    static let privateLabel = "PRIVATE KEY"
    static let ecPrivateLabel = "EC PRIVATE KEY"
    static let publicLabel = "PUBLIC KEY"
    static let hmacLabel = "CAVRA HMAC KEY"

    static func encode(label: String, bytes: [UInt8]) -> String {
        let base64 = Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    /// The label and bytes of the single PEM block in `text`; `source` names the file or variable it came from.
    static func decode(_ text: String, source: String) throws(TrustError) -> (label: String, bytes: [UInt8]) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let first = lines.first, let last = lines.last, first.hasPrefix("-----BEGIN "), first.hasSuffix("-----"),
            last == first.replacingOccurrences(of: "BEGIN", with: "END"), lines.count >= 3
        else {
            throw TrustError("\(source) is not a PEM key; give a PEM file (cavra-gate policy keygen makes one)")
        }
        let label = String(first.dropFirst("-----BEGIN ".count).dropLast("-----".count))
        guard let data = Data(base64Encoded: lines[1..<(lines.count - 1)].joined()) else {
            throw TrustError("\(source) has a damaged PEM body; export the key again")
        }
        return (label, Array(data))
    }
}

/// Where key material comes from: a file, or an environment variable holding the PEM text (for CI secrets).
/// Never a command-line argument, which other users of the machine can read.
public enum KeySource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case environment(String)

    public var description: String {
        switch self {
        case .file(let path): path
        case .environment(let name): "the environment variable \(name)"
        }
    }

    /// The PEM text.
    public func text(environment: [String: String] = ProcessInfo.processInfo.environment) throws(TrustError)
        -> String
    {
        switch self {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TrustError("cannot read the key file \(path); check the path and its permissions")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TrustError("the key file \(path) is not PEM text")
            }
            return text
        case .environment(let name):
            guard let text = environment[name], !text.isEmpty else {
                throw TrustError("the environment variable \(name) is empty or unset; set it to the key's PEM text")
            }
            return text
        }
    }
}
