import CavraGit
import CavraModel
import CavraPlatform

/// Turns what the user asked for into git requests, choosing a base when none was given.
struct RangeSelector {
    let repository: GitRepository
    let environment: [String: String]

    struct Selected {
        var request: ChangeRequest
        /// With `.netAndEachCommit`: the range's non-merge commits, each judged on its own besides `request`.
        var eachCommit: ChangeRequest?
        var notes: [String]

        init(_ request: ChangeRequest, notes: [String] = []) {
            self.request = request
            self.notes = notes
        }

        init(base: String, head: String, judging: RangeJudging, notes: [String] = []) {
            self.init(.range(base: base, head: head, perCommit: judging == .eachCommit), notes: notes)
            if judging == .netAndEachCommit { eachCommit = .nonMergeCommits(base: base, head: head) }
        }
    }

    func changeRequest(for selection: ChangeSelection) throws -> Selected {
        switch selection {
        case .range(let base, let head, let judging):
            return Selected(base: base, head: head, judging: judging)
        case .staged:
            return Selected(.staged)
        case .commit(let revision):
            return Selected(.commit(revision))
        case .automatic(let judging, let detectsCI):
            if detectsCI, let ci = try CIEnvironment.detect(environment) {
                return ciSelection(for: ci, judging: judging ?? .netAndEachCommit)
            }
            return try previewOfPullRequest(judging: judging ?? .net)
        }
    }

    /// The range the CI platform says is under judgement; a push with no usable base judges its head commit.
    private func ciSelection(for ci: CIRange, judging: RangeJudging) -> Selected {
        let note = "\(ci.platform.rawValue) \(ci.event): \(ci.description)"
        guard let base = ci.base else { return Selected(.commit(ci.head), notes: [note]) }
        return Selected(base: base, head: ci.head, judging: judging, notes: [note])
    }

    /// Outside CI: what a pull request from HEAD would contain (docs/architecture.md, "Choosing the range").
    private func previewOfPullRequest(judging: RangeJudging) throws -> Selected {
        for candidate in ["@{upstream}", "origin/HEAD", "main", "master"] {
            guard (try? repository.resolveCommit(candidate)) != nil else { continue }
            let note = "no range given: comparing HEAD with \(candidate), the base a pull request would use"
            return Selected(base: candidate, head: "HEAD", judging: judging, notes: [note])
        }
        throw EngineError.noDefaultBase
    }
}
