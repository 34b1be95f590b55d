import CavraModel

/// One line of how a CAVRA-format pack became v1 rules (`policy compile --explain`), or a key of it that has no
/// effect in the gate and is reported instead of being silently ignored.
public struct TranslationNote: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case translated
        case warning
    }

    public let kind: Kind
    public let location: SourceLocation
    public let text: String

    public var description: String {
        "\(location): \(kind == .warning ? "warning: " : "")\(text)"
    }
}
