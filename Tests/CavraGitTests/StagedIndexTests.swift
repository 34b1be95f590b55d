import CavraModel
import Foundation
import TestSupport
import Testing

@testable import CavraGit

/// The staged diff reads the index itself and skips folders whose cached tree matches HEAD; it must report
/// exactly what `git diff --cached` reports, for every index version, and hand anything it does not read to
/// libgit2.
@Suite struct StagedIndexTests {
    static let versions = [2, 3, 4]

    /// Names chosen to sit on both sides of "/" in git's order: `a-b` and `a.c` sort before the folder `a`,
    /// `a0` after it.
    static func committedTree() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        for path in [
            "a-b", "a.c", "a0", "a/b/c.txt", "a/b/d.txt", "a/z.txt", "b/deep/x/y/z.txt", "space name/é.txt",
            "top.txt", "untouched/one.txt", "untouched/two/three.txt",
        ] {
            try repo.write(path, "\(path)\n")
        }
        try repo.write("tool.sh", "#!/bin/sh\n", executable: true)
        try FileManager.default.createSymbolicLink(
            atPath: repo.url.appendingPathComponent("link").path, withDestinationPath: "top.txt")
        try repo.commitAll("base")
        return repo
    }

    /// The staged diff read without libgit2's index, or nil when it handed the work to libgit2.
    static func readDirectly(_ repo: ScratchRepository) throws -> [Change]? {
        let repository = try GitRepository(discoveringFrom: repo.path)
        guard let index = try? IndexFile.read(path: repo.url.appendingPathComponent(".git/index").path) else {
            return nil
        }
        let head = try repository.tree(of: repository.commit("HEAD"))
        return try StagedTreeWalk(repository: repository.pointer, index: index).changes(from: head)
    }

    static func expectAgreesWithGit(_ repo: ScratchRepository, readDirectly expected: Bool) throws {
        let direct = try readDirectly(repo)
        #expect((direct != nil) == expected)
        let oracle = try GitOracle.raw(repo, ["--cached"])
        if let direct { #expect(GitOracle.raw(of: direct) == oracle) }
        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.staged)
        #expect(GitOracle.raw(of: changeSet.changes) == oracle)
    }

    @Test(arguments: versions)
    func editsAdditionsModeAndTypeChanges(version: Int) throws {
        let repo = try Self.committedTree()
        try repo.write("a/b/c.txt", "edited\n")
        try repo.write("b/deep/x/y/z.txt", "edited\n")
        try repo.write("a/b/new.txt", "new\n")
        try repo.write("a-c", "between a-b and a.c\n")
        try repo.write("new folder/n1.txt", "n1\n")
        try repo.write("new folder/sub/n2.txt", "n2\n")
        try repo.remove("a.c")
        try FileManager.default.createSymbolicLink(
            atPath: repo.url.appendingPathComponent("a.c").path, withDestinationPath: "a0")
        try repo.git(["add", "-A"])
        try repo.git(["update-index", "--chmod=+x", "top.txt"])
        try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(try repo.head()),vendor/lib"])
        try repo.git(["update-index", "--index-version", String(version)])

        try Self.expectAgreesWithGit(repo, readDirectly: true)
        let changes = try #require(try Self.readDirectly(repo))
        #expect(Set(changes.map(\.status)) == [.added, .modified, .typeChanged])
        #expect(changes.count == 9)
    }

    @Test(arguments: versions)
    func deletionsOfFilesAndWholeFolders(version: Int) throws {
        let repo = try Self.committedTree()
        try repo.git(["rm", "-q", "-r", "--cached", "b", "a/b/d.txt", "link"])
        try repo.git(["update-index", "--index-version", String(version)])

        try Self.expectAgreesWithGit(repo, readDirectly: true)
        #expect(try Self.readDirectly(repo)?.map(\.path) == ["a/b/d.txt", "b/deep/x/y/z.txt", "link"])
    }

    /// After `git reset --soft`, every cached tree is valid but names the later commit's folders, which differ
    /// from HEAD's wherever that commit changed something.
    @Test(arguments: versions)
    func validCachedTreesThatDifferFromHead(version: Int) throws {
        let repo = try Self.committedTree()
        let base = try repo.head()
        try repo.write("a/b/c.txt", "later\n")
        try repo.write("untouched/two/four.txt", "later\n")
        try repo.commitAll("later")
        try repo.git(["reset", "-q", "--soft", base])
        try repo.git(["update-index", "--index-version", String(version)])

        try Self.expectAgreesWithGit(repo, readDirectly: true)
        #expect(try Self.readDirectly(repo)?.map(\.path) == ["a/b/c.txt", "untouched/two/four.txt"])
    }

    @Test func nothingStagedReadsNothing() throws {
        let repo = try Self.committedTree()
        try Self.expectAgreesWithGit(repo, readDirectly: true)
        #expect(try Self.readDirectly(repo) == [])
    }

    /// git hands hooks the index being committed in `GIT_INDEX_FILE`; a relative one is taken from the
    /// working directory, as git takes it.
    @Test func indexLocationFollowsGitIndexFile() throws {
        let repo = try Self.committedTree()
        let repository = try GitRepository(discoveringFrom: repo.path)
        let own = IndexLocation.current(for: repository.pointer, environment: [:])
        #expect(own.isRepositoryDefault)
        #expect(
            URL(fileURLWithPath: own.path).standardizedFileURL
                == repo.url.appendingPathComponent(".git/index").standardizedFileURL)
        let absolute = IndexLocation.current(
            for: repository.pointer, environment: ["GIT_INDEX_FILE": "/tmp/next-index.lock"])
        #expect(absolute.path == "/tmp/next-index.lock")
        #expect(!absolute.isRepositoryDefault)
        let relative = IndexLocation.current(
            for: repository.pointer, environment: ["GIT_INDEX_FILE": ".git/index.lock"])
        #expect(relative.path == FileManager.default.currentDirectoryPath + "/.git/index.lock")
        #expect(IndexLocation.current(for: repository.pointer, environment: ["GIT_INDEX_FILE": ""]).isRepositoryDefault)
    }

    @Test func possibleRenamesGoToLibgit2() throws {
        let repo = try Self.committedTree()
        try repo.git(["mv", "a/z.txt", "moved.txt"])
        try Self.expectAgreesWithGit(repo, readDirectly: false)
        #expect(try Self.readDirectly(repo) == nil)
    }

    /// Neither this reader nor libgit2 1.5 reads a split index: the gate must refuse and say how to turn it off.
    @Test func splitIndexIsRefusedWithTheFix() throws {
        let repo = try Self.committedTree()
        try repo.write("a/b/c.txt", "edited\n")
        try repo.git(["add", "-A"])
        try repo.git(["update-index", "--split-index"])
        #expect(throws: IndexFile.Unsupported.splitIndex) {
            try IndexFile.read(path: repo.url.appendingPathComponent(".git/index").path)
        }
        let error = #expect(throws: GitError.self) { try GitRepository(discoveringFrom: repo.path).changeSet(.staged) }
        #expect(error?.message.contains("git update-index --no-split-index") == true)

        try repo.git(["update-index", "--no-split-index"])
        try Self.expectAgreesWithGit(repo, readDirectly: true)
    }

    /// Bytes flipped anywhere in an index (from a fixed seed, so a failure can be replayed) make it unreadable or
    /// read differently, never a crash.
    @Test func flippedBytesNeverCrash() throws {
        let repo = try Self.committedTree()
        try repo.write("a/b/c.txt", "edited\n")
        try repo.write("new folder/n.txt", "new\n")
        try repo.git(["add", "-A"])
        let whole = [UInt8](try Data(contentsOf: repo.url.appendingPathComponent(".git/index")))
        let repository = try GitRepository(discoveringFrom: repo.path)
        let head = try repository.tree(of: repository.commit("HEAD"))
        let damaged = repo.url.appendingPathComponent(".git/damaged-index")
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            var bytes = whole
            for _ in 0...next(4) { bytes[next(bytes.count)] = UInt8(next(256)) }
            try Data(bytes).write(to: damaged)
            guard let index = try? IndexFile.read(path: damaged.path) else { continue }
            _ = try? StagedTreeWalk(repository: repository.pointer, index: index).changes(from: head)
        }
    }

    @Test func damagedIndexIsNotRead() throws {
        let repo = try Self.committedTree()
        let path = repo.url.appendingPathComponent(".git/index").path
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let damaged = repo.url.appendingPathComponent(".git/damaged-index")
        for length in [0, 11, 40, whole.count / 2, whole.count - 21] {
            try whole.prefix(length).write(to: damaged)
            #expect(throws: IndexFile.Unsupported.other, "\(length) bytes") { try IndexFile.read(path: damaged.path) }
        }
        // A header claiming four billion entries.
        var inflated = whole
        inflated.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0xF0])
        try inflated.write(to: damaged)
        #expect(throws: IndexFile.Unsupported.other) { try IndexFile.read(path: damaged.path) }
        // The first entry renamed to sort after the second: bisection over it would skip entries.
        let first = try #require(whole.range(of: Data("a-b\0".utf8)))
        var unsorted = whole
        unsorted.replaceSubrange(first, with: Data("zzz\0".utf8))
        try unsorted.write(to: damaged)
        #expect(throws: IndexFile.Unsupported.other) { try IndexFile.read(path: damaged.path) }
        #expect(throws: Never.self) { try IndexFile.read(path: path) }
    }
}
