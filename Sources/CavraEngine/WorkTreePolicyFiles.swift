import CavraGit
import CavraModel
import CavraPolicy
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// outside. Links are followed as the file system would; with `refusingLinks`, a link met inside the work tree
    /// is an error, since the head being judged chooses where it points. The part of the path that does not
    /// exist on disk (deleted by the change) is taken as written.
    static func relativePath(of path: String, inWorkTree workTree: String, refusingLinks: Bool) throws -> String? {
        let root = realPath(workTree) ?? workTree
        func isInside(_ candidate: String) -> Bool { candidate == root || candidate.hasPrefix(root + "/") }
        var current = "/"
        var rest = URL(fileURLWithPath: path).standardizedFileURL.pathComponents.dropFirst()
        while let name = rest.first {
            let next = (current == "/" ? "" : current) + "/" + name
            var status = stat()
            guard lstat(next, &status) == 0 else { break }
            rest = rest.dropFirst()
            guard status.st_mode & S_IFMT == S_IFLNK else {
                current = next
                continue
            }
            if refusingLinks && isInside(current) {
                throw EngineError.policyThroughLink(path: path, link: String(next.dropFirst(root.count + 1)))
            }
            current = realPath(next) ?? next
        }
        let full = ([current == "/" ? "" : current] + rest).joined(separator: "/")
        guard isInside(full) else { return nil }
        return String(full.dropFirst(min(full.count, root.count + 1)))
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
