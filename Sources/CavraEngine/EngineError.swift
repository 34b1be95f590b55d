import CavraModel

/// Failures of the engine itself, as opposed to a stage it called.
public enum EngineError: GateFailure {
    case noDefaultBase

    public var message: String {
        switch self {
        case .noDefaultBase:
            return
                "cannot tell what HEAD would be compared with: it has no upstream and there is no origin/HEAD, main or master; pass --base REV --head REV"
        }
    }
}
