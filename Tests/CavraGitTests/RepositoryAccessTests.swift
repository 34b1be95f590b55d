import CavraGit
import CavraModel
import Foundation
import Testing
import TestSupport

@Suite("Opening repositories")
struct RepositoryAccessTests {
    @Test("a repository owned by another user is refused in git's terms, naming safe.directory")
    func foreignOwner() throws {
        try #require(getuid() == 0, "changing a folder's owner needs root")
        let repo = try ScratchRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll()
        _ = try Shell.run(["chown", "-R", "nobody", repo.path])

        #expect {
            try GitRepository(discoveringFrom: repo.path)
        } throws: { error in
            guard let error = error as? GitError, case .ownedByAnotherUser = error else { return false }
            return error.message.contains("safe.directory") && error.message.contains(repo.path)
        }
    }

    @Test("a folder outside any repository is named in the error")
    func notARepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        #expect(throws: GitError.notARepository(path: folder.path)) {
            try GitRepository(discoveringFrom: folder.path)
        }
    }

    @Test("a shallow clone judged commit by commit past its boundary fails closed with the fix")
    func perCommitPastShallowBoundary() throws {
        let origin = try ScratchRepository()
        for index in 0..<5 {
            try origin.write("f\(index).txt", "\(index)\n")
            try origin.commitAll()
        }
        let clonePath = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-sh-\(UUID().uuidString)")
        _ = try Shell.run(["git", "clone", "-q", "--depth", "2", "file://\(origin.path)", clonePath.path])
        let clone = ScratchRepository(existing: clonePath)
        let repository = try GitRepository(discoveringFrom: clone.path)

        let inside = try repository.changeSet(.range(base: "HEAD~1", head: "HEAD", perCommit: true))
        #expect(inside.changes.map(\.path) == ["f4.txt"])
        #expect(throws: GitError.self) {
            try repository.changeSet(.commit("HEAD~1"))
        }
        do {
            _ = try repository.changeSet(.commit("HEAD~1"))
        } catch let error as GitError {
            #expect(error.message.contains("shallow"))
            #expect(error.message.contains("fetch-depth: 0"))
        }
    }
}
