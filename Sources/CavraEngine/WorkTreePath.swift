import CavraModel
import Foundation

/// A path an agent proposes to write, as the repository-relative paths the policy judges.
///
/// Agents spell the same file many ways: absolute, `./x`, `a//b`, `x/../.env`, through a symlinked folder, or
/// straight into the git directory. Each is brought to the one path git would record, so no spelling slips past
/// a rule; a write through a symbolic link is judged at the link's spelling and where it really lands. The git
/// directory is judged as `.git/...` (a hook or `config` written there runs code outside any review).
struct WorkTreePath {
    /// The work tree (or, outside a repository, the folder the gate was pointed at), absolute.
    let root: String
    /// The repository's shared git directory, when there is one.
    let gitDirectory: String?

    /// The repository-relative paths that writing `spelled` touches: one, or two when a symbolic link on the way
    /// leads elsewhere inside the repository.
    /// - Throws: `ProposedPathError` when the path names the root itself or lies outside the repository.
    func judgedPaths(for spelled: String) throws(ProposedPathError) -> [String] {
        guard !spelled.isEmpty else { throw .empty }
        let absolute = spelled.hasPrefix("/") ? spelled : root + "/" + spelled
        guard let lexical = Self.collapsed(absolute) else { throw .outside(spelled) }
        // The kernel follows links before it applies `..`, so the real location starts from the raw spelling.
        let real = Self.collapsed(Self.realLocation(of: absolute)) ?? lexical
        switch (relativeIfInside(lexical), relativeIfInside(real)) {
        case (.some(""), _), (nil, .some("")): throw .root(spelled)
        case (.some(let spelledPath), .some(let realPath)):
            return realPath.isEmpty || realPath == spelledPath ? [spelledPath] : [spelledPath, realPath]
        case (.some, nil): throw .linkLeavesRepository(spelled, real)
        case (nil, .some(let realPath)): return [realPath]
        case (nil, nil): throw .outside(spelled)
        }
    }

    /// The path relative to the work tree, with the git directory spelled `.git/`; nil outside both.
    private func relativeIfInside(_ absolute: String) -> String? {
        for (directory, prefix) in anchors {
            if absolute == directory { return prefix.isEmpty ? "" : String(prefix.dropLast()) }
            if absolute.hasPrefix(directory == "/" ? "/" : directory + "/") {
                return prefix + absolute.dropFirst(directory == "/" ? 1 : directory.count + 1)
            }
        }
        return nil
    }

    /// The git directory first: it may lie inside the work tree (`.git`) or outside it (a linked work tree).
    private var anchors: [(String, String)] {
        var anchors: [(String, String)] = []
        for directory in [gitDirectory].compactMap({ $0 }) {
            for spelling in Self.spellings(of: directory) { anchors.append((spelling, ".git/")) }
        }
        for spelling in Self.spellings(of: root) { anchors.append((spelling, "")) }
        return anchors
    }

    /// A folder as given and with its symbolic links resolved, since a proposed path may use either.
    private static func spellings(of directory: String) -> [String] {
        let given = collapsed(directory) ?? directory
        let real = realLocation(of: given)
        return real == given ? [given] : [given, real]
    }

    /// `.`, `..` and repeated slashes collapsed as the kernel reads them before any link; nil when `..` climbs
    /// above `/`.
    static func collapsed(_ absolute: String) -> String? {
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard parts.popLast() != nil else { return nil }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Where the path lands once the symbolic links of its existing part are followed; the part that does not
    /// exist yet is kept as spelled.
    static func realLocation(of absolute: String) -> String {
        var existing = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var missing: [String] = []
        while !existing.isEmpty {
            if let resolved = resolvedIfPresent("/" + existing.joined(separator: "/")) {
                return ([resolved == "/" ? "" : resolved] + missing.reversed()).joined(separator: "/")
            }
            missing.append(existing.removeLast())
        }
        return absolute
    }

    private static func resolvedIfPresent(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A proposed path the gate cannot judge, so the answer is "could not decide" (exit 2).
public enum ProposedPathError: GateFailure {
    case empty
    case root(String)
    case outside(String)
    case linkLeavesRepository(String, String)

    public var message: String {
        switch self {
        case .empty:
            return "--path is empty; give the file the agent wants to write, relative to the repository or absolute"
        case .root(let spelled):
            return "--path '\(spelled)' names the repository itself, not a file in it; give the file to be written"
        case .outside(let spelled):
            return
                "--path '\(spelled)' lies outside the repository, so no policy of it can judge the write; give a path inside the repository"
        case .linkLeavesRepository(let spelled, let real):
            return
                "--path '\(spelled)' leads through a symbolic link to \(real), outside the repository; the write cannot be judged there"
        }
    }
}
