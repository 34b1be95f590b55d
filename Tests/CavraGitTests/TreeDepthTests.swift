import CavraGit
import Foundation
import TestSupport
import Testing

/// A tree nested deeper than git accepts must stop the gate with a sentence, never exhaust its stack.
@Suite struct TreeDepthTests {
    static let deepPath = String(repeating: "d/", count: 2100) + "f.txt"

    /// Two commits that change one file 2,100 folders deep, written without a work tree (no file system holds
    /// a path that long).
    static func deepHistory() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        var stream = ""
        for (message, content) in [("one", "one\n"), ("two", "two\n")] {
            stream += "commit refs/heads/main\ncommitter A <a@example.invalid> 1700000000 +0000\ndata 3\n\(message)\n"
            stream += "M 100644 inline \(deepPath)\ndata \(content.utf8.count)\n\(content)\n"
        }
        try repo.git(["fast-import", "--quiet"], input: stream)
        return repo
    }

    @Test func commitTooDeepIsRefused() throws {
        let repo = try Self.deepHistory()
        let error = #expect(throws: GitError.self) {
            try GitRepository(discoveringFrom: repo.path).changeSet(.commit("main"))
        }
        #expect(error?.message.contains("core.maxTreeDepth") == true, "\(String(describing: error))")
    }

    @Test func stagedTooDeepIsRefused() throws {
        let repo = try Self.deepHistory()
        // An index holding only the deep file, edited, and caching no tree ids, so every folder must be opened.
        try repo.git(["update-ref", "HEAD", "main~1"])
        try repo.git(["read-tree", "--empty"])
        let edited = try repo.revParse("main:\(Self.deepPath)")
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(edited),\(Self.deepPath)"])
        let error = #expect(throws: GitError.self) {
            try GitRepository(discoveringFrom: repo.path).changeSet(.staged)
        }
        #expect(error?.message.contains("core.maxTreeDepth") == true, "\(String(describing: error))")
    }
}
