import CavraModel

/// An attestation that cannot be written, read or trusted; one sentence saying what was wrong and how to fix it.
public struct AttestationError: GateFailure, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
