import CavraModel

/// An approval that cannot be written as asked.
struct ApprovalError: GateFailure {
    let message: String
    init(_ message: String) { self.message = message }
}
