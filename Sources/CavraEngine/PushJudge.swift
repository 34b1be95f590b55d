import CavraGit
import CavraModel

/// Judges a push: every ref update yields a `ref` fact for the ref rules, and every commit it brings is judged
/// on its own (a secret added and removed again inside the push still leaves in history). Findings name the
/// remote ref they came from.
///
/// The policy is never read from the commits being pushed, and each ref is judged by its own: `.cavra/policy.yaml`
/// as committed at the remote's current commit of that ref, else (a new ref, or one the remote holds as no
/// commit) at the remote's default branch (`refs/remotes/<remote>/HEAD`), else at HEAD when HEAD is not among the
/// pushed commits, else the bundled baseline. So a permissive policy on one's own branch never judges `main`
/// pushed beside it. A commit brought by several refs is judged once under each distinct policy. `--policy`
/// overrides all of that.
struct PushJudge {
    let resolver: PolicyResolver

    func judge(_ request: PushSubject, repositoryPath: String) throws -> Judgement {
        let repository = try GitRepository(discoveringFrom: repositoryPath)
        let remoteRefs = repository.remoteTrackingRefs(remote: request.remote, url: request.url)
        let planner = PushPlanner(repository: repository, remoteRefs: remoteRefs)
        let plans = try request.updates.map(planner.plan)
        let pushedCommits = Set(plans.flatMap(\.commits))
        let fallback = fallbackRevision(remoteRefs: remoteRefs, pushedCommits: pushedCommits, repository: repository)
        var policies = PolicyCache(resolver: resolver, repository: repository)

        var findings: [Finding] = []
        var judged: Set<JudgedCommit> = []
        var ordered: [String] = []
        var seenCommits: Set<String> = []
        var changeCount = 0
        var notes = [Self.remoteNote(request: request, remoteRefs: remoteRefs)]
        var firstPolicy: PolicySet?
        for plan in plans {
            let revision = ownRevision(of: plan, repository: repository) ?? fallback
            let policy = try policies.policy(at: revision)
            firstPolicy = firstPolicy ?? policy
            let judge = FactJudge(policy: policy, reader: repository)
            var refFindings = policy.decide(.ref(plan.update)).map { [$0] } ?? []
            var newCommits = 0
            for commit in plan.commits
            where judged.insert(JudgedCommit(commit: commit, policyDigest: policy.info.digest)).inserted {
                newCommits += 1
                let changeSet = try repository.changeSet(.commit(commit))
                if seenCommits.insert(commit).inserted {
                    ordered.append(commit)
                    changeCount += changeSet.changes.count
                }
                for var finding in try judge.findings(for: changeSet) {
                    finding.ref = plan.update.ref
                    refFindings.append(finding)
                }
            }
            notes.append(
                Self.note(for: plan, newCommits: newCommits, findings: refFindings, policy: policy))
            findings += refFindings
        }
        let range = CompareRange(mode: .push, commits: ordered, notes: notes)
        return Judgement(
            repository: repository.rootPath, range: range, policy: try firstPolicy ?? policies.policy(at: fallback),
            changeCount: changeCount, findings: findings)
    }

    /// The remote's current commit of the ref itself, which the push cannot have written.
    private func ownRevision(of plan: PlannedUpdate, repository: GitRepository) -> String? {
        guard !plan.pushed.isCreation, case .commit(let id) = repository.pushedObject(plan.pushed.remoteID) else {
            return nil
        }
        return id
    }

    private func fallbackRevision(
        remoteRefs: RemoteTrackingRefs, pushedCommits: Set<String>, repository: GitRepository
    ) -> String? {
        if let remote = remoteRefs.remote, let id = try? repository.resolveCommit("refs/remotes/\(remote)/HEAD") {
            return id
        }
        if let head = try? repository.resolveCommit("HEAD"), !pushedCommits.contains(head) { return head }
        return nil
    }

    private static func remoteNote(request: PushSubject, remoteRefs: RemoteTrackingRefs) -> String {
        let known =
            remoteRefs.remote.map { "its refs/remotes/\($0)/* refs" }
            ?? "every remote-tracking ref (no configured remote has this URL)"
        return "push to \(request.remote): a new or rewritten ref brings the commits \(known) do not reach"
    }

    /// One line per ref, so the report says which ref brought which verdict.
    private static func note(
        for plan: PlannedUpdate, newCommits: Int, findings: [Finding], policy: PolicySet
    ) -> String {
        let update = plan.update
        var text = "\(update.ref): \(update.operation.rawValue)"
        if let old = update.oldID, let new = update.newID {
            text += " \(old.prefix(12))..\(new.prefix(12))"
        } else if let id = update.newID ?? update.oldID {
            text += " \(id.prefix(12))"
        }
        text += ", \(newCommits) new commit\(newCommits == 1 ? "" : "s") judged"
        text += " under policy \(policy.info.id) \(policy.info.digest.prefix(19))"
        if let source = policy.info.source { text += " from \(source)" }
        let pending = findings.filter { $0.decision != .allow && !$0.isApproved }
        guard let strongest = pending.min(by: Finding.precedes) else { return text + ": pass" }
        let verdict = strongest.decision == .deny ? "DENIED" : "APPROVAL REQUIRED"
        let rules = Set(pending.filter { $0.decision == strongest.decision }.map(\.ruleID)).sorted()
        return text + ": \(verdict) by \(rules.joined(separator: ", "))"
    }
}

/// A commit judged under one policy; under another it is judged again.
private struct JudgedCommit: Hashable {
    let commit: String
    let policyDigest: String
}

/// Each trusted revision's policy, loaded once however many refs it judges.
private struct PolicyCache {
    let resolver: PolicyResolver
    let repository: GitRepository
    private var loaded: [String: PolicySet] = [:]

    init(resolver: PolicyResolver, repository: GitRepository) {
        self.resolver = resolver
        self.repository = repository
    }

    mutating func policy(at revision: String?) throws -> PolicySet {
        let key = revision ?? ""
        if let policy = loaded[key] { return policy }
        let policy = try resolver.policy(repository: repository, trustedRevision: revision)
        loaded[key] = policy
        return policy
    }
}
