import CavraGit
import CavraModel

/// Judges a push: every ref update yields a `ref` fact for the ref rules, and every commit it brings is judged
/// on its own (a secret added and removed again inside the push still leaves in history). A commit brought by
/// several refs is judged once, under the first. Findings name the remote ref they came from.
///
/// The policy is never read from the commits being pushed: it is `.cavra/policy.yaml` as committed at the
/// remote's current commit of the first updated ref the remote already has, else at the remote's default
/// branch (`refs/remotes/<remote>/HEAD`), else at HEAD when HEAD is not among the pushed commits, else the
/// bundled baseline. `--policy` overrides all of that.
struct PushJudge {
    let resolver: PolicyResolver

    func judge(_ request: PushSubject, repositoryPath: String) throws -> Judgement {
        let repository = try GitRepository(discoveringFrom: repositoryPath)
        let remoteRefs = repository.remoteTrackingRefs(remote: request.remote, url: request.url)
        let planner = PushPlanner(repository: repository, remoteRefs: remoteRefs)
        let plans = try request.updates.map(planner.plan)
        let pushedCommits = Set(plans.flatMap(\.commits))
        let trusted = trustedRevision(
            plans: plans, remoteRefs: remoteRefs, pushedCommits: pushedCommits, repository: repository)
        let policy = try resolver.policy(repository: repository, trustedRevision: trusted)
        let judge = FactJudge(policy: policy, reader: repository)

        var findings: [Finding] = []
        var judged: Set<String> = []
        var ordered: [String] = []
        var changeCount = 0
        var notes = [Self.remoteNote(request: request, remoteRefs: remoteRefs)]
        for plan in plans {
            var refFindings = policy.decide(.ref(plan.update)).map { [$0] } ?? []
            var newCommits = 0
            for commit in plan.commits where judged.insert(commit).inserted {
                newCommits += 1
                ordered.append(commit)
                let changeSet = try repository.changeSet(.commit(commit))
                changeCount += changeSet.changes.count
                for var finding in try judge.findings(for: changeSet) {
                    finding.ref = plan.update.ref
                    refFindings.append(finding)
                }
            }
            notes.append(Self.note(for: plan, newCommits: newCommits, findings: refFindings))
            findings += refFindings
        }
        let range = CompareRange(mode: .push, commits: ordered, notes: notes)
        return Judgement(
            repository: repository.rootPath, range: range, policy: policy, changeCount: changeCount,
            findings: findings)
    }

    private func trustedRevision(
        plans: [PlannedUpdate], remoteRefs: RemoteTrackingRefs, pushedCommits: Set<String>,
        repository: GitRepository
    ) -> String? {
        for plan in plans where !plan.pushed.isCreation {
            if case .commit(let id) = repository.pushedObject(plan.pushed.remoteID) { return id }
        }
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
    private static func note(for plan: PlannedUpdate, newCommits: Int, findings: [Finding]) -> String {
        let update = plan.update
        var text = "\(update.ref): \(update.operation.rawValue)"
        if let old = update.oldID, let new = update.newID {
            text += " \(old.prefix(12))..\(new.prefix(12))"
        } else if let id = update.newID ?? update.oldID {
            text += " \(id.prefix(12))"
        }
        text += ", \(newCommits) new commit\(newCommits == 1 ? "" : "s") judged"
        let pending = findings.filter { $0.decision != .allow && !$0.isApproved }
        guard let strongest = pending.min(by: Finding.precedes) else { return text + ": pass" }
        let verdict = strongest.decision == .deny ? "DENIED" : "APPROVAL REQUIRED"
        let rules = Set(pending.filter { $0.decision == strongest.decision }.map(\.ruleID)).sorted()
        return text + ": \(verdict) by \(rules.joined(separator: ", "))"
    }
}
