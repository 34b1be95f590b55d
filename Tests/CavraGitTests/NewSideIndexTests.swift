import CavraGit
import CavraModel
import Foundation
import TestSupport
import Testing

@Suite("The staged side's files, as git ls-files lists them")
struct NewSideIndexTests {
    /// Files in nested folders, staged after a commit, with a name that sorts between a folder and its files.
    static func repository() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        for path in ["ci/a.yml", "ci/b/c.yml", "ci.yml", "ci-x/d.yml", "z.txt"] { try repo.write(path, path) }
        try repo.commitAll("files")
        try repo.write("ci/new.yml", "new")
        try repo.write("ci/a.yml", "edited")
        try repo.git(["add", "ci"])
        return repo
    }

    /// `git ls-files -s` under `prefix` as entries, in git's order.
    static func listed(_ repo: ScratchRepository, _ arguments: [String] = []) throws -> [TreeEntry] {
        try repo.git(["ls-files", "-s"] + arguments).split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            let meta = fields[0].split(separator: " ")
            return TreeEntry(
                path: String(fields[1]), mode: FileMode(rawValue: UInt32(meta[0], radix: 8) ?? 0), id: String(meta[1]))
        }
    }

    @Test("a path is the staged file, a folder when files lie under it, and nothing otherwise")
    func entries() throws {
        let repo = try Self.repository()
        let git = try GitRepository(discoveringFrom: repo.path)
        for file in try Self.listed(repo) { #expect(try git.entry(at: file.path, on: .index) == file) }
        for folder in ["ci", "ci/b", "ci-x"] {
            #expect(try git.entry(at: folder, on: .index) == TreeEntry(path: folder, mode: .tree, id: ""))
        }
        for absent in ["c", "ci/b/c", "ci/z.yml", "zz"] { #expect(try git.entry(at: absent, on: .index) == nil) }
    }

    @Test("the files under a folder are git's, in its order, up to the limit")
    func files() throws {
        let repo = try Self.repository()
        let git = try GitRepository(discoveringFrom: repo.path)
        #expect(try git.files(under: "ci", on: .index, limit: 10) == (try Self.listed(repo, ["ci/"])))
        #expect(try git.files(under: "ci", on: .index, limit: 2) == Array(try Self.listed(repo, ["ci/"]).prefix(2)))
        #expect(try git.files(under: "nothing", on: .index, limit: 10).isEmpty)
    }
}
