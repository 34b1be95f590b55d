import CavraGit
import CavraModel
import Foundation
import Testing
import TestSupport

@Suite("Change sets agree with git")
struct ChangeSetOracleTests {
    static let longText = (1...40).map { "line \($0) of a file long enough for rename detection" }.joined(separator: "\n")

    /// A base commit holding one file of every kind the head will change.
    static func baseRepository() throws -> (ScratchRepository, base: String, submoduleCommits: [String]) {
        let repo = try ScratchRepository()
        try repo.write("a.txt", "alpha\n")
        try repo.write("to-delete.txt", "bye\n")
        try repo.write("script.sh", "#!/bin/sh\necho hi\n")
        try repo.write("rename-me.txt", longText + "\n")
        try repo.write("rename-and-edit.txt", longText + "\nend\n")
        try repo.write("type-change.txt", "I become a link\n")
        try repo.write("with space/file name.txt", "spaced\n")
        try repo.write("ünïcödé/naïve.txt", "unicode\n")
        try repo.writeData("assets/logo.bin", Data([0, 1, 2, 0, 255, 254, 0, 7]))
        // Two commit ids for a submodule's gitlink; the commits need not exist in this repository.
        let submoduleCommits = ["1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"]
        // An unpopulated submodule is an empty folder in the work tree, so `git add -A` leaves its gitlink alone.
        try FileManager.default.createDirectory(
            at: repo.url.appendingPathComponent("vendor/lib"), withIntermediateDirectories: true)
        try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(submoduleCommits[0]),vendor/lib"])
        let base = try repo.commitAll("base")
        return (repo, base, submoduleCommits)
    }

    /// Applies every kind of change to the work tree and index.
    static func changeEverything(_ repo: ScratchRepository, submoduleCommit: String) throws {
        try repo.write("a.txt", "alpha, edited\n")
        try repo.remove("to-delete.txt")
        try repo.write("script.sh", "#!/bin/sh\necho hi\n", executable: true)
        try repo.remove("rename-and-edit.txt")
        try repo.write("moved/edited.txt", longText + "\nend, edited\n")
        try repo.git(["mv", "rename-me.txt", "moved/renamed.txt"])
        try repo.remove("type-change.txt")
        try FileManager.default.createSymbolicLink(
            atPath: repo.url.appendingPathComponent("type-change.txt").path, withDestinationPath: "a.txt")
        try FileManager.default.createSymbolicLink(
            atPath: repo.url.appendingPathComponent("link-to-a").path, withDestinationPath: "a.txt")
        try repo.write("with space/another file.txt", "more\n")
        try repo.write("ünïcödé/ñew.txt", "new unicode\n")
        try repo.write("odd\nname.txt", "a newline in the name\n")
        try repo.writeData("assets/logo.bin", Data([0, 9, 9, 0, 255, 1, 0, 7]))
        try repo.writeData("assets/new.bin", Data([0, 0, 0, 1]))
        try repo.git(["add", "-A"])
        try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(submoduleCommit),vendor/lib"])
    }

    @Test("--base/--head equals git diff base...head, with a merge commit in the range")
    func rangeMatchesGit() throws {
        let (repo, base, submodules) = try Self.baseRepository()
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("side.txt", "from a side branch\n")
        try repo.commitAll("side")
        try repo.git(["checkout", "-q", "-b", "feature", base])
        try Self.changeEverything(repo, submoduleCommit: submodules[1])
        try repo.git(["commit", "-q", "-m", "everything"])
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"])
        // The base branch moves on after the fork: the PR view must still diff from the merge base.
        try repo.git(["checkout", "-q", "main"])
        try repo.write("main-only.txt", "later on main\n")
        try repo.commitAll("main moves on")

        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(
            .range(base: "main", head: "feature", perCommit: false))

        let expected = try OracleEntry.entries(repo, ["main...feature"]).sortedByPath
        #expect(changeSet.changes.map(OracleEntry.init).sortedByPath == expected)
        #expect(expected.count >= 14)
        #expect(Set(expected.map(\.status)) == ["A", "M", "D", "R", "T"])
        #expect(changeSet.range.mergeBase == base)
        #expect(changeSet.range.base == (try repo.revParse("main")))
        #expect(changeSet.range.head == (try repo.revParse("feature")))
        #expect(changeSet.range.commits.count == 3)
    }

    @Test("--staged equals git diff --cached")
    func stagedMatchesGit() throws {
        let (repo, _, submodules) = try Self.baseRepository()
        try Self.changeEverything(repo, submoduleCommit: submodules[1])

        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.staged)

        let expected = try OracleEntry.entries(repo, ["--cached"]).sortedByPath
        #expect(changeSet.changes.map(OracleEntry.init).sortedByPath == expected)
        #expect(expected.count == 13)
        #expect(changeSet.range.mode == .staged)
        #expect(changeSet.range.head == (try repo.head()))
    }

    @Test("--commit equals git diff commit^ commit, and a root commit is against the empty tree")
    func commitMatchesGit() throws {
        let (repo, base, submodules) = try Self.baseRepository()
        try Self.changeEverything(repo, submoduleCommit: submodules[1])
        let head = try repo.commitAll("everything")
        let repository = try GitRepository(discoveringFrom: repo.path)

        let commit = try repository.changeSet(.commit("HEAD"))
        #expect(commit.changes.map(OracleEntry.init).sortedByPath == (try OracleEntry.entries(repo, ["HEAD^", "HEAD"])).sortedByPath)
        #expect(commit.range.base == base)
        #expect(commit.range.head == head)

        let root = try repository.changeSet(.commit(base))
        let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
        #expect(root.changes.map(OracleEntry.init).sortedByPath == (try OracleEntry.entries(repo, [emptyTree, base])).sortedByPath)
        #expect(root.range.base == nil)
        #expect(root.changes.allSatisfy { $0.status == .added })
    }

    @Test("--staged in a repository with no commits lists the index against the empty tree")
    func stagedBeforeFirstCommit() throws {
        let repo = try ScratchRepository()
        try repo.write("first.txt", "one\n")
        try repo.write("dir/.env", "SECRET=1\n")
        try repo.git(["add", "-A"])

        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.staged)

        #expect(changeSet.range.head == nil)
        #expect(changeSet.changes.map(\.path).sorted() == ["dir/.env", "first.txt"])
        #expect(changeSet.changes.allSatisfy { $0.status == .added && $0.newMode == .regular })
    }

    @Test("--commits judges every commit: a file added and deleted again is still seen")
    func perCommitSeesTransientFiles() throws {
        let repo = try ScratchRepository()
        try repo.write("README.md", "r\n")
        let base = try repo.commitAll()
        try repo.write("leaked.pem", "key\n")
        let added = try repo.commitAll("add key")
        try repo.remove("leaked.pem")
        let removed = try repo.commitAll("remove key")
        let repository = try GitRepository(discoveringFrom: repo.path)

        let squashed = try repository.changeSet(.range(base: base, head: "HEAD", perCommit: false))
        let perCommit = try repository.changeSet(.range(base: base, head: "HEAD", perCommit: true))

        #expect(squashed.changes.isEmpty)
        #expect(perCommit.range.commits == [added, removed])
        #expect(perCommit.changes.map { "\($0.status.rawValue) \($0.path) \($0.commit ?? "")" } == [
            "A leaked.pem \(added)", "D leaked.pem \(removed)",
        ])
    }

    @Test("revisions are accepted as users type them", arguments: ["main", "v1.0", "v1.0-light", "HEAD~3", "short", "full", "origin/main"])
    func revisionSpellings(spelling: String) throws {
        let origin = try ScratchRepository()
        for index in 0..<4 {
            try origin.write("f\(index).txt", "\(index)\n")
            try origin.commitAll("c\(index)")
        }
        try origin.git(["tag", "-a", "v1.0", "-m", "release", "HEAD~3"])
        try origin.git(["tag", "v1.0-light", "HEAD~3"])
        let clonePath = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-rev-\(UUID().uuidString)")
        _ = try Shell.run(["git", "clone", "-q", origin.path, clonePath.path])
        let clone = ScratchRepository(existing: clonePath)
        let first = try origin.revParse("HEAD~3")
        let revision: String
        let expected: String
        switch spelling {
        case "short": (revision, expected) = (String(first.prefix(8)), first)
        case "full": (revision, expected) = (first, first)
        case "main", "origin/main": (revision, expected) = (spelling, try origin.head())
        default: (revision, expected) = (spelling, first)
        }

        #expect(try GitRepository(discoveringFrom: clone.path).resolveCommit(revision) == expected)
    }

    @Test("binary-ness is read on demand, as git decides it")
    func binaryOnDemand() throws {
        let (repo, _, submodules) = try Self.baseRepository()
        try Self.changeEverything(repo, submoduleCommit: submodules[1])
        let repository = try GitRepository(discoveringFrom: repo.path)
        let changes = try repository.changeSet(.staged).changes
        let numstat = try repo.git(["diff", "--cached", "--numstat", "-z", "--no-renames"])
        let binaryByGit = Set(numstat.split(separator: "\0").compactMap { record -> String? in
            let parts = record.split(separator: "\t", maxSplits: 2)
            return parts.count == 3 && parts[0] == "-" ? String(parts[2]) : nil
        })

        #expect(changes.allSatisfy { $0.isBinary == nil })
        let binaryByGate = try Set(changes.filter { try repository.isBinary($0) }.map(\.path))
        #expect(binaryByGate == binaryByGit)
        #expect(binaryByGate.contains("assets/new.bin"))
    }
}
