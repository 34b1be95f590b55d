import Foundation
import TestSupport
import Testing

@testable import CavraGit

@Suite("History walks cost what git's cost")
struct HistoryWalkCostTests {
    /// `main` and an unrelated branch of `length` commits each (as git.git's `todo` beside `master`), written by
    /// fast-import so a long history costs one process.
    static func repository(length: Int) throws -> ScratchRepository {
        let repo = try ScratchRepository()
        var stream = ""
        for (branch, file) in [("main", "m"), ("unrelated", "u")] {
            for index in 0..<length {
                let content = "\(file)\(index)\n"
                stream +=
                    "commit refs/heads/\(branch)\ncommitter T <t@example.invalid> \(1_700_000_000 + index) +0000\n"
                stream += "data 1\nx\nM 100644 inline \(file).txt\ndata \(content.utf8.count)\n\(content)\n"
            }
        }
        _ = try repo.git(["fast-import", "--quiet"], input: stream)
        try repo.git(["checkout", "-q", "-f", "main"])
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.write("new.txt", "new\n")
        try repo.commitAll("new")
        return repo
    }

    @Test("a new branch's commits are found by reading only the commits near its tip, not either history")
    func newBranchPush() throws {
        let repo = try Self.repository(length: 300)
        var graph = CommitGraph(repository: try GitRepository(discoveringFrom: repo.path))
        let excluded = [try repo.revParse("main"), try repo.revParse("unrelated")]
        let listed = try graph.commits(reachableFrom: try repo.head(), excluding: excluded, purpose: "test")
        #expect(listed == [try repo.head()])
        #expect(graph.loadedCommitCount <= 4, "read \(graph.loadedCommitCount) commits for a one-commit push")
    }

    @Test("with the unrelated branch excluded, a range still lists what git rev-list lists")
    func rangeAgreesWithGit() throws {
        let repo = try Self.repository(length: 40)
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--allow-unrelated-histories", "-m", "join", "unrelated"])
        try repo.write("after.txt", "after\n")
        try repo.commitAll("after")
        let git = try GitRepository(discoveringFrom: repo.path)
        for excluded in [["topic"], ["unrelated"], ["topic", "unrelated"], ["main~1"]] {
            let ids = try excluded.map(repo.revParse)
            let listed = try git.commits(reachableFrom: try repo.head(), excluding: ids)
            let expected = try repo.git(["rev-list", "HEAD"] + ids.map { "^" + $0 }).split(separator: "\n").map(
                String.init)
            #expect(Set(listed) == Set(expected), "excluding \(excluded)")
        }
    }
}
