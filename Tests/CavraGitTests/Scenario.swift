import Foundation
import TestSupport

/// Repositories with every kind of change the gate must see, built with the real git.
enum Scenario {
    static let lines =
        (1...40).map { "line \($0) of a file long enough for rename detection" }.joined(separator: "\n") + "\n"
    static let binary = Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02, 0x00, 0xFF, 0x10])
    static let awkwardPaths = [
        "dir with space/file one.txt", "ünïcode/naïve café.txt", "new\nline.txt", "tab\there.txt",
    ]

    /// `main` holds a base commit and one later commit; `feature` forks from the base with edits, deletes,
    /// renames, mode and type changes, symlinks, a submodule, binary files, awkward paths and a merge commit.
    static func mixedHistory(function: String = #function) throws -> ScratchRepository {
        let repo = try ScratchRepository(function: function)
        try repo.write("keep.txt", "unchanged\n")
        try repo.write("edit.txt", lines)
        try repo.write("delete.txt", "to be deleted\n" + lines)
        try repo.write("rename-me.txt", "plain rename\n" + lines)
        try repo.write("rename-edit.txt", "rename with edit\n" + lines)
        try repo.write("script.sh", "#!/bin/sh\necho hi\n")
        try repo.write("becomes-link.txt", "soon a symlink\n")
        try repo.write("tree-to-file/inner.txt", "inside a directory\n")
        try repo.writeData("binary.bin", binary)
        try repo.write("dir with space/file one.txt", "spaces\n")
        try repo.commitAll("base")
        try repo.git(["tag", "base"])

        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write("edit.txt", lines + "appended line\n")
        try repo.remove("delete.txt")
        try repo.remove("rename-me.txt")
        try repo.write("moved/renamed.txt", "plain rename\n" + lines)
        try repo.remove("rename-edit.txt")
        try repo.write("renamed-edited.txt", "rename with edit, edited\n" + lines)
        try repo.write("script.sh", "#!/bin/sh\necho hi\n", executable: true)
        try repo.remove("becomes-link.txt")
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/becomes-link.txt", withDestinationPath: "keep.txt")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/new-link", withDestinationPath: "edit.txt")
        try repo.remove("tree-to-file")
        try repo.write("tree-to-file", "now a file\n")
        var changedBinary = binary
        changedBinary.append(contentsOf: [0x00, 0x42])
        try repo.writeData("binary.bin", changedBinary)
        try repo.writeData("added.bin", binary)
        for path in awkwardPaths { try repo.write(path, "awkward path \(path)\n") }
        try repo.git(["add", "-A"])
        let submoduleCommit = try repo.revParse("HEAD")
        try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(submoduleCommit),vendor/sub"])
        try repo.git(["commit", "-q", "-m", "many kinds of change"])

        try repo.git(["checkout", "-q", "-b", "side", "base"])
        try repo.write("side.txt", "from a side branch\n")
        try repo.commitAll("side work")
        try repo.git(["checkout", "-q", "feature"])
        try repo.git(["merge", "-q", "--no-ff", "--no-edit", "side"])
        try repo.write("edit.txt", "first line changed\n" + lines + "appended line\n")
        try repo.commitAll("after the merge")

        try repo.git(["checkout", "-q", "main"])
        try repo.write("main-only.txt", "main moved on\n")
        try repo.commitAll("main moves on")
        try repo.git(["checkout", "-q", "feature"])
        return repo
    }
}
