import CavraModel

/// Failures of the engine itself, as opposed to a stage it called.
public enum EngineError: GateFailure {
    case noDefaultBase(branch: String?)
    case unreadableFile(path: String, reason: String)

    public var message: String {
        switch self {
        case .noDefaultBase(let branch):
            let name = branch.map { "branch '\($0)'" } ?? "HEAD"
            return
                "cannot tell what \(name) would be compared with: it has no upstream and there is no origin/HEAD, main or master; pass --base REV --head REV"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason); check the path and its permissions"
        }
    }
}
