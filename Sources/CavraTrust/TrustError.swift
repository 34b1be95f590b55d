import CavraModel

/// A key or signature that cannot be used: unreadable, of the wrong kind, or not verifying.
public struct TrustError: GateFailure, Equatable {
    public let message: String
    public let location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}
