import CavraGit
import CavraModel
import CavraPolicy

/// Wires a request through the stages: git → classify → policy → one `GateResult`.
public struct Gate: Sendable {
    public static let version = "0.1.0"
    public static let tool = GateResult.Tool(version: version)

    /// Where the repository keeps its own policy; changes under it are always findings.
    public static let repositoryPolicyPath = ".cavra/policy.yaml"
    static let repositoryPolicyFolder = ".cavra/"

    public init() {}

    /// Judges a request. Never throws: anything that stops the gate becomes an `error` result (exit 2).
    public func check(_ request: CheckRequest) -> GateResult {
        do {
            return try runCheck(request)
        } catch {
            return Self.failure(error, repository: request.repositoryPath)
        }
    }

    /// The result of a run that could not decide.
    public static func failure(
        _ error: any Error, repository: String?, range: CompareRange? = nil
    ) -> GateResult {
        GateResult(
            tool: tool, repository: repository, range: range, policy: nil, changeCount: 0, findings: [],
            errors: [Self.errorEntry(for: error)])
    }

    static func errorEntry(for error: any Error) -> GateResult.ErrorEntry {
        if let failure = error as? any GateFailure { return failure.errorEntry }
        return GateResult.ErrorEntry(message: "unexpected failure: \(error)")
    }

    private func runCheck(_ request: CheckRequest) throws -> GateResult {
        let repository = try GitRepository(discoveringFrom: request.repositoryPath)
        let selection = try RangeSelector(repository: repository, environment: request.environment)
            .changeRequest(for: request.selection, detectsCI: request.detectsCI)
        var changeSet = try repository.changeSet(selection.request)
        changeSet.range.notes.insert(contentsOf: selection.notes, at: 0)
        let policy = try PolicyResolver(
            directories: request.policyDirectories, trustedKeyFiles: request.trustedPolicyKeys
        )
        .policy(for: request.policies, repository: repository, trustedRevision: changeSet.range.trustedRevision)
        let findings = try FactJudge(policy: policy, reader: repository).findings(for: changeSet)
        return GateResult(
            tool: Self.tool, repository: repository.rootPath, range: changeSet.range, policy: policy.info,
            changeCount: changeSet.changes.count, findings: findings)
    }
}

extension CompareRange {
    /// The revision whose policy may judge this range: the base (HEAD for the staged index), never the head.
    var trustedRevision: String? { base }
}
