import CavraModel

/// Why a hook could not judge, or hooks could not be installed.
public enum HookError: GateFailure, Equatable {
    case malformedPushLine(line: Int, text: String, problem: String)
    case unreadableInput
    case missingPushedObject(id: String, ref: String)
    case unknownRemoteCommitInShallowClone(id: String, ref: String)
    case frameworkVariableMissing(String)
    case chainedHookInTheWay(path: String)
    case cannotWriteHook(path: String, reason: String)

    public var message: String {
        switch self {
        case .malformedPushLine(_, let text, let problem):
            return "pre-push input '\(Self.shortened(text))' is not a ref update: \(problem); git writes "
                + "'<local ref> <local sha> <remote ref> <remote sha>' lines, so run this from a pre-push hook "
                + "(cavra-gate hooks install)."
        case .unreadableInput:
            return "pre-push input is not UTF-8 text, so it holds no ref updates git could have written; "
                + "run this from a pre-push hook (cavra-gate hooks install)."
        case .missingPushedObject(let id, let ref):
            return "object \(id) pushed to \(ref) is not in this repository: push from the clone that made it."
        case .unknownRemoteCommitInShallowClone(let id, let ref):
            return "the remote's \(ref) is at \(id), which this shallow clone lacks, so the gate cannot tell a "
                + "fast-forward from a force push: run git fetch --unshallow and push again."
        case .frameworkVariableMissing(let name):
            return "\(name) is not set: this command runs as pre-commit's cavra-gate-push hook (stage pre-push); "
                + "outside pre-commit use cavra-gate hook pre-push."
        case .chainedHookInTheWay(let path):
            return "\(path) already exists, so the hook in its place cannot be preserved there: move one of them "
                + "away and install again."
        case .cannotWriteHook(let path, let reason):
            return "cannot write the hook \(path): \(reason); check the folder's permissions."
        }
    }

    public var location: SourceLocation? {
        if case .malformedPushLine(let line, _, _) = self { return SourceLocation(file: "<stdin>", line: line) }
        return nil
    }

    /// Garbage can be long or hold control characters; the sentence shows a safe, short spelling of it.
    private static func shortened(_ text: String) -> String {
        let visible = String(text.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "?" : Character($0) })
        return visible.count > 100 ? visible.prefix(100) + "…" : visible
    }
}
