import CavraModel

/// Failures of the engine itself, as opposed to a stage it called.
public enum EngineError: GateFailure {
    case noDefaultBase
    /// A policy path inside the judged work tree reaches its file through a symbolic link.
    case policyThroughLink(path: String, link: String)
    /// A policy path inside the judged work tree that the base revision does not hold.
    case policyMissingAtBase(path: String, revision: String)
    case approversUnreadable(path: String)
    case approvalsFolderUnreadable(path: String)

    public var message: String {
        switch self {
        case .noDefaultBase:
            return
                "cannot tell what HEAD would be compared with: it has no upstream and there is no origin/HEAD, main or master; pass --base REV --head REV"
        case .policyThroughLink(let path, let link):
            return
                "policy path \(path) passes through the symbolic link \(link) inside the work tree being judged, so the change could choose the policy that judges it; name the policy by a path without links, or keep it outside the repository"
        case .policyMissingAtBase(let path, let revision):
            return
                "policy path \(path) lies inside the work tree being judged, so it is read at the base revision \(revision.prefix(12)), which does not have it; commit the policy to the base branch first, or give a path outside the repository"
        case .approversUnreadable(let path):
            return "cannot read the approvers file \(path); check the path given to --approvers"
        case .approvalsFolderUnreadable(let path):
            return "cannot list the approval records folder \(path); check the path given to --approvals"
        }
    }
}
