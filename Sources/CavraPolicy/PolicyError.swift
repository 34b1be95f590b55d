import CavraModel

/// A policy that cannot be used, with the file position it came from.
public struct PolicyError: GateFailure, Equatable {
    public let message: String
    public let location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}
