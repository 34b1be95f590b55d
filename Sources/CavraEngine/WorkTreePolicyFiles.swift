import CavraGit
import CavraModel
import CavraPolicy
import Foundation

/// Policy files as they are at a trusted revision wherever they lie inside the work tree being judged, and from
/// disk elsewhere: a change can edit what is on disk, never what its base holds.
struct WorkTreePolicyFiles: PolicyFiles {
    let workTree: String
    let revision: String

    func item(at path: String) throws -> PolicyFileItem? {
        guard let relative = try Self.relativePath(of: path, inWorkTree: workTree, refusingLinks: true) else {
            return try DiskPolicyFiles().item(at: path)
        }
        if relative.isEmpty { return .folder }
        guard let entry = try GitRepository(discoveringFrom: workTree).entry(at: relative, on: .commit(revision)) else {
            return nil
        }
        if entry.mode.isSymlink { throw EngineError.policyThroughLink(path: path, link: relative) }
        if entry.mode.isTree { return .folder }
        return entry.mode.isSubmodule ? nil : .file
    }

    func text(at path: String) throws -> String {
        guard let relative = try Self.relativePath(of: path, inWorkTree: workTree, refusingLinks: true) else {
            return try DiskPolicyFiles().text(at: path)
        }
        guard let bytes = try GitRepository(discoveringFrom: workTree).fileContent(path: relative, atRevision: revision)
        else {
            throw EngineError.policyMissingAtBase(path: path, revision: revision)
        }
        return try PolicyLoader.utf8(Data(bytes), path: path)
    }

    /// Where `path` lies inside the work tree, relative to its root ("" for the root itself), or nil when it lies
    /// outside. The path is walked as the kernel walks it, `..` climbing from where the links so far really led;
    /// with `refusingLinks`, a link met inside the work tree is an error, since the head being judged chooses
    /// where it points. The part of the path that does not exist on disk (deleted by the change) is taken as
    /// spelled.
    static func relativePath(of path: String, inWorkTree workTree: String, refusingLinks: Bool) throws -> String? {
        let root = WorkTreePath.realLocation(of: workTree)
        func relative(_ real: String) -> String? {
            if real == root { return "" }
            return real.hasPrefix(root + "/") ? String(real.dropFirst(root.count + 1)) : nil
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let parts = absolute.split(separator: "/").map(String.init)
        var current = "/"
        for (index, name) in parts.enumerated() {
            if name == "." { continue }
            if name == ".." {
                current = "/" + current.split(separator: "/").dropLast().joined(separator: "/")
                continue
            }
            let next = (current == "/" ? "" : current) + "/" + name
            var status = stat()
            guard lstat(next, &status) == 0 else {
                return WorkTreePath.collapsed(([next] + parts[(index + 1)...]).joined(separator: "/")).flatMap(relative)
            }
            guard status.st_mode & S_IFMT == S_IFLNK else {
                current = next
                continue
            }
            if refusingLinks && relative(current) != nil {
                throw EngineError.policyThroughLink(path: path, link: relative(next) ?? next)
            }
            current = WorkTreePath.realLocation(of: next)
        }
        return relative(current)
    }
}
