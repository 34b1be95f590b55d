import CavraGit
import CavraModel
import Foundation
import TestSupport
import Testing

@Suite struct GitRepositoryTests {
    @Test func resolvesWhatUsersType() throws {
        let origin = try ScratchRepository()
        for number in 1...5 {
            try origin.write("file.txt", "version \(number)\n")
            try origin.commitAll("commit \(number)")
        }
        try origin.git(["tag", "-a", "v1.0", "-m", "release", "HEAD~1"])
        try origin.git(["branch", "topic", "HEAD~2"])
        let clone = origin.url.deletingLastPathComponent().appendingPathComponent(origin.url.lastPathComponent + "-c")
        try origin.git(["clone", "-q", origin.path, clone.path])
        let cloned = ScratchRepository(existing: clone)
        let repository = try GitRepository(discoveringFrom: cloned.path)

        let short = String(try origin.revParse("HEAD~4").prefix(7))
        for revision in ["main", "origin/main", "origin/topic", "v1.0", short, "HEAD~3", try origin.head()] {
            #expect(try repository.resolveCommit(revision) == cloned.revParse("\(revision)^{commit}"))
        }
    }

    @Test func opensFromASubdirectoryAndReportsTheRoot() throws {
        let repo = try ScratchRepository()
        try repo.write("deep/er/file.txt", "x\n")
        try repo.commitAll()
        let repository = try GitRepository(discoveringFrom: repo.path + "/deep/er")
        #expect(
            URL(fileURLWithPath: repository.rootPath).resolvingSymlinksInPath().path
                == repo.url.resolvingSymlinksInPath().path)
    }

    @Test func unknownRevisionSaysWhatToCheck() throws {
        let repo = try ScratchRepository()
        try repo.commitAll()
        let error = try #require(throws: GitError.self) {
            try GitRepository(discoveringFrom: repo.path).resolveCommit("no-such-branch")
        }
        #expect(error.kind == .unknownRevision)
        #expect(error.message == "unknown revision 'no-such-branch': check the branch or commit exists and is fetched.")
    }

    @Test func outsideARepositoryIsAnError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-not-a-repo-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(throws: GitError.self) { try GitRepository(discoveringFrom: directory.path) }
        #expect(error.kind == .notARepository)
        #expect(error.message.contains(directory.path))
    }

    @Test(.enabled(if: geteuid() == 0, "only root can give a repository to another user"))
    func repositoryOwnedByAnotherUserIsRefusedInGitsTerms() throws {
        let repo = try ScratchRepository()
        try repo.commitAll()
        let chown = try Shell.run(["chown", "-R", "nobody", repo.path])
        try #require(chown.status == 0)
        defer { _ = try? Shell.run(["chown", "-R", "root", repo.path]) }

        let error = try #require(throws: GitError.self) { try GitRepository(discoveringFrom: repo.path) }
        #expect(error.kind == .notOwned)
        #expect(
            error.message
                == "repository at \(repo.path) is owned by another user; if you trust it, run "
                + "git config --global --add safe.directory \(repo.path)")
    }

    @Test func readsAFileAtARevision() throws {
        let repo = try ScratchRepository()
        try repo.write(".cavra/policy.yaml", "rules: []\n")
        try repo.commitAll("base")
        try repo.write(".cavra/policy.yaml", "rules: [weakened]\n")
        try repo.commitAll("head")
        let repository = try GitRepository(discoveringFrom: repo.path)

        #expect(
            try repository.fileContent(path: ".cavra/policy.yaml", atRevision: "HEAD~1") == Array("rules: []\n".utf8))
        #expect(try repository.fileContent(path: ".cavra/missing.yaml", atRevision: "HEAD") == nil)
        #expect(throws: GitError.self) { try repository.fileContent(path: ".cavra", atRevision: "HEAD") }
    }

    @Test func readsContentAddedLinesAndBinaryOnDemand() throws {
        let repo = try ScratchRepository()
        try repo.write("script.sh", "a\nb\nc\n")
        try repo.commitAll("base")
        try repo.write("script.sh", "a\nX\nb\nc\nY\n")
        try repo.write("new.sh", "one\ntwo\nthree")
        try repo.writeData("image.bin", Data([0, 1, 2, 0, 3]))
        try repo.commitAll("head")
        let repository = try GitRepository(discoveringFrom: repo.path)
        let changes = try repository.changeSet(.commit("HEAD")).changes
        let byPath = Dictionary(uniqueKeysWithValues: changes.map { ($0.path, $0) })
        let edited = try #require(byPath["script.sh"])
        let added = try #require(byPath["new.sh"])
        let binary = try #require(byPath["image.bin"])

        #expect(changes.allSatisfy { $0.isBinary == nil })
        #expect(try repository.newContent(of: edited) == Array("a\nX\nb\nc\nY\n".utf8))
        #expect(try repository.addedLines(of: edited) == [2, 5])
        #expect(try repository.addedLines(of: added) == [1, 2, 3])
        // Read as text whatever git's heuristic says: a NUL byte must not hide a script's lines.
        #expect(try repository.addedLines(of: binary) == [1])
        #expect(try repository.isBinary(binary))
        #expect(try !repository.isBinary(edited))
        #expect(try repository.withBinaryFlags(changes).map(\.isBinary) == changes.map { $0.path == "image.bin" })
    }
}
