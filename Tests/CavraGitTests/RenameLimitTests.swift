import CavraGit
import CavraModel
import Foundation
import TestSupport
import Testing

@Suite("Renames found as git finds them, within diff.renameLimit")
struct RenameLimitTests {
    /// One file moved unchanged and three moved with an edit, in one commit.
    static func repository(renameLimit: Int?) throws -> ScratchRepository {
        let repo = try ScratchRepository()
        for name in ["same", "a", "b", "c"] {
            let body = (0..<40).map { "\(name) line \($0)" }.joined(separator: "\n") + "\n"
            try repo.write("old/\(name).txt", body)
        }
        try repo.commitAll("before")
        for name in ["same", "a", "b", "c"] {
            try repo.remove("old/\(name).txt")
            let edit = name == "same" ? "" : "edited\n"
            try repo.write(
                "new/\(name).txt", (0..<40).map { "\(name) line \($0)" }.joined(separator: "\n") + "\n" + edit)
        }
        try repo.commitAll("moved")
        if let renameLimit { try repo.git(["config", "diff.renameLimit", String(renameLimit)]) }
        return repo
    }

    static func gateNameStatus(_ changeSet: ChangeSet) -> Set<String> {
        Set(GitOracle.nameStatus(of: changeSet.changes).map { $0.joined(separator: " ") })
    }

    @Test("within the limit every rename is paired, as git pairs them", arguments: [nil, 3])
    func withinLimit(limit: Int?) throws {
        let repo = try Self.repository(renameLimit: limit)
        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.commit("HEAD"))
        #expect(GitOracle.nameStatus(of: changeSet.changes) == (try GitOracle.nameStatus(repo, ["HEAD~1", "HEAD"])))
        #expect(changeSet.changes.filter { $0.status == .renamed }.count == 4)
        #expect(changeSet.range.notes.isEmpty)
    }

    /// git 2.33 and later also pair files of the same unique name before applying the limit; past it the gate
    /// judges those as a deletion and an addition, which judges every line of them.
    @Test("past the limit only unchanged moves are paired and the result says why", arguments: [1, 2])
    func pastLimit(limit: Int) throws {
        let repo = try Self.repository(renameLimit: limit)
        let changeSet = try GitRepository(discoveringFrom: repo.path).changeSet(.commit("HEAD"))
        #expect(
            Self.gateNameStatus(changeSet) == [
                "R old/same.txt new/same.txt", "D old/a.txt", "D old/b.txt", "D old/c.txt", "A new/a.txt",
                "A new/b.txt", "A new/c.txt",
            ])
        #expect(changeSet.changes.filter { $0.status == .renamed }.map(\.path.description) == ["new/same.txt"])
        #expect(changeSet.range.notes.contains { $0.contains("diff.renameLimit (\(limit))") })
    }
}
