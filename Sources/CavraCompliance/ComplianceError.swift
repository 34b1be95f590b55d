import CavraModel

/// A compliance report or evidence bundle that cannot be made or written; one sentence saying what was wrong.
public struct ComplianceError: GateFailure, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
