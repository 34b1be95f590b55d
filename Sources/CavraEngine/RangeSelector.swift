import CavraGit
import CavraModel
import CavraPlatform

/// Turns what the user asked for into a git request, choosing a base when none was given.
struct RangeSelector {
    let repository: GitRepository
    let environment: [String: String]

    struct Selected {
        var request: ChangeRequest
        var notes: [String]
    }

    func changeRequest(for selection: ChangeSelection) throws -> Selected {
        switch selection {
        case .range(let base, let head, let perCommit):
            return Selected(request: .range(base: base, head: head, perCommit: perCommit), notes: [])
        case .staged:
            return Selected(request: .staged, notes: [])
        case .commit(let revision):
            return Selected(request: .commit(revision), notes: [])
        case .automatic(let perCommit, let detectsCI):
            if detectsCI, let ci = try CIEnvironment.detect(environment) {
                return ciSelection(for: ci, perCommit: perCommit)
            }
            return try previewOfPullRequest(perCommit: perCommit)
        }
    }

    /// The range the CI platform says is under judgement; a push with no usable base judges its head commit.
    private func ciSelection(for ci: CIRange, perCommit: Bool) -> Selected {
        let note = "\(ci.platform.rawValue) \(ci.event): \(ci.description)"
        guard let base = ci.base else { return Selected(request: .commit(ci.head), notes: [note]) }
        return Selected(request: .range(base: base, head: ci.head, perCommit: perCommit), notes: [note])
    }

    /// Outside CI: what a pull request from HEAD would contain (docs/architecture.md, "Choosing the range").
    private func previewOfPullRequest(perCommit: Bool) throws -> Selected {
        for candidate in ["@{upstream}", "origin/HEAD", "main", "master"] {
            guard (try? repository.resolveCommit(candidate)) != nil else { continue }
            let note = "no range given: comparing HEAD with \(candidate), the base a pull request would use"
            return Selected(request: .range(base: candidate, head: "HEAD", perCommit: perCommit), notes: [note])
        }
        throw EngineError.noDefaultBase
    }
}
