/// Where in a file something went wrong, 1-based.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out what is unknown.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}

/// An error that stops the gate from deciding. Every module's error type conforms, so the executable can print
/// one clear sentence and fail closed (exit 2) without knowing which stage failed.
public protocol GateFailure: Error, CustomStringConvertible {
    /// One sentence: what was wrong and how to fix it.
    var message: String { get }
    /// The file position the problem came from, when it came from a file.
    var location: SourceLocation? { get }
}

extension GateFailure {
    public var location: SourceLocation? { nil }

    /// `file:line:column: message`, or the bare message.
    public var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }

    public var errorEntry: GateResult.ErrorEntry {
        GateResult.ErrorEntry(
            message: message, file: location?.file, line: location?.line, column: location?.column)
    }
}
