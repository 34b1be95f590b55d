import CavraGit
import CavraModel
import Foundation
import TestSupport
import Testing

/// Change sets must equal what git itself reports for the same request.
@Suite struct ChangeSetOracleTests {
    @Test func rangeMatchesThreeDotDiff() throws {
        let repo = try Scenario.mixedHistory()
        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(
            .range(base: "main", head: "feature", perCommit: false))

        #expect(GitOracle.nameStatus(of: changeSet.changes) == (try GitOracle.nameStatus(repo, ["main...feature"])))
        #expect(GitOracle.raw(of: changeSet.changes) == (try GitOracle.raw(repo, ["main...feature"])))
        #expect(changeSet.range.mode == .range)
        #expect(changeSet.range.mergeBase == (try repo.revParse("base")))
        #expect(changeSet.range.base == (try repo.revParse("main")))
        #expect(changeSet.range.head == (try repo.revParse("feature")))
        #expect(changeSet.range.baseRef == "main")
        let revList = try repo.git(["rev-list", "--reverse", "--topo-order", "main..feature"])
        #expect(changeSet.range.commits == revList.split(separator: "\n").map(String.init))
    }

    @Test func scenarioCoversEveryKindOfChange() throws {
        let repo = try Scenario.mixedHistory()
        let changes = try GitRepository(discoveringFrom: repo.path).changeSet(
            .range(base: "main", head: "feature", perCommit: false)
        ).changes
        let statuses = Set(changes.map(\.status))
        #expect(statuses == [.added, .modified, .deleted, .renamed, .typeChanged])
        #expect(changes.contains { $0.newMode == .gitlink })
        #expect(changes.contains { $0.newMode == .symlink })
        #expect(changes.contains { $0.oldMode == .regular && $0.newMode == .executable })
        #expect(changes.contains { $0.status == .renamed && $0.similarity == 100 })
        #expect(changes.contains { $0.status == .renamed && ($0.similarity ?? 100) < 100 })
        for path in Scenario.awkwardPaths { #expect(changes.contains { $0.path == GitPath(path) }) }
    }

    @Test func everyCommitMatchesItsFirstParentDiff() throws {
        let repo = try Scenario.mixedHistory()
        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(
            .range(base: "main", head: "feature", perCommit: true))

        #expect(changeSet.range.mode == .commits)
        var expected: [RawChange] = []
        for commit in changeSet.range.commits {
            expected += try GitOracle.raw(repo, ["\(commit)^1", commit], commit: commit)
        }
        #expect(GitOracle.raw(of: changeSet.changes) == expected.sorted())
        #expect(changeSet.range.commits.count == 4)
    }

    @Test func commitMatchesGitShow() throws {
        let repo = try Scenario.mixedHistory()
        let repository = try GitRepository(discoveringFrom: repo.path)
        for revision in ["feature", "feature^", "feature^^2", "feature~2"] {
            let changeSet = try repository.changeSet(.commit(revision))
            let id = try repo.revParse(revision)
            #expect(changeSet.range.head == id)
            #expect(changeSet.range.base == (try repo.revParse("\(revision)^1")))
            #expect(GitOracle.raw(of: changeSet.changes) == (try GitOracle.raw(repo, ["\(id)^1", id], commit: id)))
        }
    }

    /// Reports list changes in byte order of their paths, which the tree walk yields without sorting: names that
    /// sort on either side of a folder's "/" must come out where a byte comparison of whole paths puts them.
    @Test func changesComeInPathOrder() throws {
        let repo = try ScratchRepository()
        let paths = ["a", "a-b", "a.c", "a0", "b/c/d.txt", "b/c.txt", "b/c-d/e.txt", "b/cd.txt", "é.txt", "z"]
        for path in paths { try repo.write(path, "one\n") }
        try repo.commitAll("one")
        for path in paths { try repo.write(path, "two\n") }
        let two = try repo.commitAll("two")

        let changes = try GitRepository(discoveringFrom: repo.path).changeSet(.commit(two)).changes
        #expect(changes.map(\.path) == paths.map { GitPath($0) }.sorted())
        #expect(changes.allSatisfy { $0.status == .modified })
    }

    @Test func stagedMatchesCachedDiff() throws {
        let repo = try Scenario.mixedHistory()
        try repo.write("keep.txt", "changed in the index\n")
        try repo.git(["mv", "edit.txt", "edited-and-moved.txt"])
        try repo.write("staged new.txt", "new\n")
        try repo.remove("script.sh")
        try repo.git(["add", "-A"])
        try repo.write("keep.txt", "unstaged edit is not part of it\n")

        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.staged)
        #expect(GitOracle.raw(of: changeSet.changes) == (try GitOracle.raw(repo, ["--cached"])))
        #expect(changeSet.range.mode == .staged)
        #expect(changeSet.range.base == (try repo.head()))
    }

    @Test func stagedBeforeTheFirstCommitComparesWithTheEmptyTree() throws {
        let repo = try ScratchRepository()
        try repo.write("first.txt", "hello\n")
        try repo.write("sub dir/second.txt", "world\n")
        try repo.git(["add", "-A"])

        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.staged)
        #expect(GitOracle.raw(of: changeSet.changes) == (try GitOracle.raw(repo, ["--cached"])))
        #expect(changeSet.changes.count == 2)
        #expect(changeSet.range.base == nil)
    }

    @Test func rootCommitComparesWithTheEmptyTree() throws {
        let repo = try ScratchRepository()
        try repo.write("first.txt", "hello\n")
        try repo.write("tool.sh", "#!/bin/sh\n", executable: true)
        let root = try repo.commitAll("root")
        try repo.write("first.txt", "hello again\n")
        try repo.commitAll("second")

        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.commit(root))
        let emptyTree = try repo.git(["hash-object", "-t", "tree", "/dev/null"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(GitOracle.raw(of: changeSet.changes) == (try GitOracle.raw(repo, [emptyTree, root], commit: root)))
        #expect(changeSet.range.base == nil)
        #expect(changeSet.range.commits == [root])
    }

    @Test func perCommitSeesAFileAddedThenDeleted() throws {
        let repo = try ScratchRepository()
        try repo.write("readme.txt", "hi\n")
        try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "work"])
        let added = try {
            try repo.write(".env", "TOKEN=secret\n"); return try repo.commitAll("add")
        }()
        let deleted = try {
            try repo.remove(".env"); return try repo.commitAll("remove")
        }()
        let repository = try GitRepository(discoveringFrom: repo.path)

        let whole = try repository.changeSet(.range(base: "main", head: "work", perCommit: false))
        #expect(whole.changes.isEmpty)
        let perCommit = try repository.changeSet(.range(base: "main", head: "work", perCommit: true))
        #expect(perCommit.range.commits == [added, deleted])
        #expect(
            perCommit.changes.map { [$0.status.rawValue, $0.path.decoded, $0.commit ?? ""] } == [
                ["A", ".env", added], ["D", ".env", deleted],
            ])
    }

    @Test func nonMergeCommitsLeaveOutWhatAMergeBroughtIn() throws {
        let repo = try ScratchRepository()
        try repo.write("readme.txt", "hi\n")
        try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "work"])
        try repo.write("app.c", "int a;\n")
        let own = try repo.commitAll("own work")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("main.c", "int m;\n")
        try repo.commitAll("main moves on")
        try repo.git(["checkout", "-q", "work"])
        try repo.git(["merge", "-q", "--no-ff", "--no-edit", "main"])
        let repository = try GitRepository(discoveringFrom: repo.path)

        let eachCommit = try repository.changeSet(.nonMergeCommits(base: "main", head: "work"))
        #expect(eachCommit.range.mode == .commits)
        #expect(eachCommit.range.commits == [own])
        #expect(eachCommit.changes.map { [$0.path.decoded, $0.commit ?? ""] } == [["app.c", own]])
        let withMerges = try repository.changeSet(.range(base: "main", head: "work", perCommit: true))
        #expect(withMerges.changes.map(\.path.decoded) == ["app.c", "main.c"])
    }

    /// Commit times decide which of several merge bases git picks, so each history is dated explicitly (seconds
    /// after a fixed time, commit by commit): one commit per second; every commit in the same second, where only
    /// the order of discovery decides; and equal times around a merge dated years ahead.
    @Test(arguments: [[0, 1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 200_000_000, 0, 0, 1]])
    func crissCrossPicksTheMergeBaseGitPicks(offsets: [Int]) throws {
        let repo = try ScratchRepository()
        var remaining = offsets[...]
        func dated() -> [String: String] {
            let date = "@\(1_700_000_000 + remaining.removeFirst()) +0000"
            return ["GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date]
        }
        func commit(_ message: String) throws {
            try repo.git(["add", "-A"])
            try repo.git(["commit", "-q", "-m", message], environment: dated())
        }
        try repo.write("a.txt", "a\n")
        try commit("root")
        try repo.git(["branch", "other"])
        try repo.write("main1.txt", "m1\n")
        try commit("main 1")
        try repo.git(["checkout", "-q", "other"])
        try repo.write("other1.txt", "o1\n")
        try commit("other 1")
        try repo.git(["branch", "other-1"])
        try repo.git(["merge", "-q", "--no-edit", "main~0"], environment: dated())
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--no-edit", "other-1"], environment: dated())
        try repo.write("main2.txt", "m2\n")
        try commit("main 2")
        try repo.git(["checkout", "-q", "other"])
        try repo.write("other2.txt", "o2\n")
        try commit("other 2")

        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(
            .range(base: "main", head: "other", perCommit: false))
        let all = try repo.git(["merge-base", "--all", "main", "other"]).split(separator: "\n")
        #expect(all.count == 2)
        #expect(
            changeSet.range.mergeBase
                == (try repo.git(["merge-base", "main", "other"]).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(changeSet.range.notes.count == 1)
        #expect(GitOracle.raw(of: changeSet.changes) == (try GitOracle.raw(repo, ["main...other"])))
    }
}
