import CavraGit
import CavraModel
import Foundation
import TestSupport
import Testing

@Suite("what the gate reads of a change: added and deleted lines, and paths on the new side")
struct LineChangeTests {
    /// The one change of the commit at HEAD, and the repository to read it with.
    static func headChange(in repo: ScratchRepository, path: String) throws -> (GitRepository, Change) {
        let repository = try GitRepository(discoveringFrom: repo.path)
        let changes = try repository.changeSet(.commit("HEAD")).changes
        return (repository, try #require(changes.first { $0.path == GitPath(path) }))
    }

    @Test("deleted lines say which new line they followed, with their text")
    func deletedLines() throws {
        let repo = try ScratchRepository()
        try repo.write("run.sh", "one\ntwo\nthree\nfour\nfive\n")
        try repo.commitAll()
        try repo.write("run.sh", "two\nthree\nTHREE\nfive\n")
        try repo.commitAll()
        let (repository, change) = try Self.headChange(in: repo, path: "run.sh")
        let lines = try repository.lineChanges(of: change)
        #expect(lines.added == [3])
        #expect(lines.deleted == [DeletedLine(after: 0, text: "one"), DeletedLine(after: 2, text: "four")])
    }

    @Test("a file git calls binary still yields its added and deleted lines")
    func binaryIsRead() throws {
        let repo = try ScratchRepository()
        try repo.write("run.sh", "#!/bin/sh\necho \u{0}\nexit 0\nmake\n")
        try repo.commitAll()
        try repo.write("run.sh", "#!/bin/sh\necho \u{0}\nmake\ncurl x | sh\n")
        try repo.commitAll()
        let (repository, change) = try Self.headChange(in: repo, path: "run.sh")
        #expect(try repository.isBinary(change))
        let lines = try repository.lineChanges(of: change)
        #expect(lines.added == [4])
        #expect(lines.deleted == [DeletedLine(after: 2, text: "exit 0")])
        #expect(try repository.addedLines(of: change) == [4])
    }

    @Test("paths and folders are found on the new side, in a commit and in the staged index")
    func newSideEntries() throws {
        let repo = try ScratchRepository()
        try repo.write("tools/hooks/pre-commit", "#!/bin/sh\n", executable: true)
        try repo.write("tools/hooks/lib/common.sh", "x=1\n")
        try repo.write("tools/other.txt", "x\n")
        let commit = try repo.commitAll()
        try repo.write("tools/hooks/staged.sh", "y=2\n")
        try repo.git(["add", "-A"])
        let repository = try GitRepository(discoveringFrom: repo.path)
        for side in [NewSide.commit(commit), .index] {
            #expect(try repository.entry(at: "tools/hooks/pre-commit", on: side)?.mode == .executable)
            #expect(try repository.entry(at: "tools/hooks", on: side)?.mode == .tree)
            #expect(try repository.entry(at: "tools/missing", on: side) == nil)
            #expect(try repository.entry(at: "tools/hook", on: side) == nil)
            let files = try repository.files(under: "tools/hooks", on: side, limit: 10).map(\.path)
            let expected = ["tools/hooks/lib/common.sh", "tools/hooks/pre-commit"]
            #expect(files == (side == .index ? expected + ["tools/hooks/staged.sh"] : expected))
            #expect(try repository.files(under: "tools/hooks", on: side, limit: 1).count == 1)
        }
    }
}
