import CavraGit
import CavraModel
import Foundation
import TestSupport
import Testing

/// libgit2 1.5 cannot walk shallow history; the gate must work whenever the needed commits are present and
/// name the missing commit otherwise.
@Suite struct ShallowCloneTests {
    /// `main` with 25 commits; `feature` forks 3 commits before the tip of `main` and adds 2 commits.
    private static func origin(function: String = #function) throws -> ScratchRepository {
        let repo = try ScratchRepository(function: function)
        for number in 1...22 {
            try repo.write("history/\(number).txt", "commit \(number)\n")
            try repo.commitAll("main \(number)")
        }
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write("feature.txt", "feature work\n")
        try repo.commitAll("feature 1")
        try repo.write("history/5.txt", "edited on the feature branch\n")
        try repo.commitAll("feature 2")
        try repo.git(["checkout", "-q", "main"])
        for number in 23...25 {
            try repo.write("history/\(number).txt", "commit \(number)\n")
            try repo.commitAll("main \(number)")
        }
        return repo
    }

    private static func clone(_ origin: ScratchRepository, depth: Int?) throws -> ScratchRepository {
        let target = origin.url.deletingLastPathComponent()
            .appendingPathComponent(origin.url.lastPathComponent + "-clone-\(depth ?? 0)")
        let depthArguments = depth.map { ["--depth", "\($0)", "--no-single-branch"] } ?? []
        try origin.git(["clone", "-q"] + depthArguments + ["file://\(origin.path)", target.path])
        return ScratchRepository(existing: target)
    }

    @Test func deepEnoughShallowCloneGivesTheFullCloneResult() throws {
        let origin = try Self.origin()
        let full = try Self.clone(origin, depth: nil)
        let shallow = try Self.clone(origin, depth: 20)
        #expect(FileManager.default.fileExists(atPath: shallow.path + "/.git/shallow"))

        for perCommit in [false, true] {
            let request = ChangeRequest.range(base: "origin/main", head: "origin/feature", perCommit: perCommit)
            let expected = try GitRepository(discoveringFrom: full.path).changeSet(request)
            let actual = try GitRepository(discoveringFrom: shallow.path).changeSet(request)
            #expect(actual.changes == expected.changes)
            #expect(actual.range == expected.range)
            #expect(!actual.changes.isEmpty)
            let revList = try full.git(["rev-list", "--reverse", "--topo-order", "origin/main..origin/feature"])
            #expect(actual.range.commits == revList.split(separator: "\n").map(String.init))
        }
        let threeBack = ChangeRequest.range(base: "origin/main~3", head: "origin/main", perCommit: false)
        #expect(
            try GitRepository(discoveringFrom: shallow.path).changeSet(threeBack).changes
                == GitRepository(discoveringFrom: full.path).changeSet(threeBack).changes)
    }

    @Test func baseOutsideTheCloneIsAnErrorNamingTheFix() throws {
        let origin = try Self.origin()
        let shallow = try Self.clone(origin, depth: 1)
        let repository = try GitRepository(discoveringFrom: shallow.path)
        let missingParents = [try origin.revParse("feature^"), try origin.revParse("main^")]

        let error = try #require(throws: GitError.self) {
            try repository.changeSet(.range(base: "origin/main", head: "origin/feature", perCommit: false))
        }
        #expect(error.kind == .shallowHistory)
        #expect(error.message.contains("shallow"))
        #expect(error.message.contains("fetch-depth: 0"))
        #expect(missingParents.contains { error.message.contains($0) })

        let oldBase = try origin.revParse("main~3")
        let missingBase = try #require(throws: GitError.self) {
            try repository.changeSet(.range(base: oldBase, head: "origin/main", perCommit: false))
        }
        #expect(missingBase.kind == .shallowHistory)
        #expect(missingBase.message.contains(oldBase))
    }

    @Test func boundaryCommitIsNotTreatedAsARootCommit() throws {
        let origin = try Self.origin()
        let shallow = try Self.clone(origin, depth: 1)
        let error = try #require(throws: GitError.self) {
            try GitRepository(discoveringFrom: shallow.path).changeSet(.commit("origin/main"))
        }
        #expect(error.kind == .shallowHistory)
        #expect(error.message.contains(try origin.revParse("main^")))
    }
}
