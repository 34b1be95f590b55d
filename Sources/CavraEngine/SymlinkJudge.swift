import CavraClassify
import CavraModel

/// Judges a symbolic link by its own path and by what it points to, so a command cannot move out of sight behind
/// one: `deploy.sh -> notes.txt` is read as a script, `a.yml -> .github/workflows/ci.yml` and
/// `.husky -> tools/hooks` are judged as the protected paths they stand for, and a link leaving the repository is
/// marked for policy (`symlink-outside`).
struct SymlinkJudge {
    let judge: FactJudge
    let side: NewSide

    /// Links through links are followed this many times, as Linux does, before the target counts as unreadable.
    static let maximumHops = 40
    /// Files of a linked folder read at most; a larger folder is judged by its first files in path order.
    static let maximumFolderFiles = 1000
    /// Stands for any file in a linked folder, so that `.husky/**` matches `.husky -> tools/hooks` even while the
    /// folder is empty.
    static let anyFile = "*"

    func findings(for link: Change) throws -> [Finding] {
        var link = link
        guard let target = try resolve(link) else {
            link.linksOutsideRepository = true
            return judge.pathFinding(for: link).map { [$0] } ?? []
        }
        link.linksOutsideRepository = false
        // An empty target is the repository's root.
        let entry = target.isEmpty ? nil : try judge.reader.entry(at: target, on: side)
        var views: [(path: String, target: TreeEntry)] = []
        var paths: [(path: String, why: String)] = []
        if let entry, !entry.mode.isTree {
            views = [(link.path.shape, entry)]
            paths = [(target, "judged as '\(target)', where the symbolic link points")]
        } else {
            // A folder, or nothing yet: what is or will be put there is under the link's path too.
            let folder = target.isEmpty ? "" : target + "/"
            if !target.isEmpty {
                for file in try judge.reader.files(under: target, on: side, limit: Self.maximumFolderFiles) {
                    views.append((link.path.shape + "/" + file.path.dropFirst(folder.count), file))
                }
            }
            let asFolder = "judged as the folder '\(link.path)/', which the symbolic link makes of '\(folder)'"
            let pointedTo = "judged as '\(folder)', where the symbolic link points"
            paths =
                [(link.path.shape + "/" + Self.anyFile, asFolder), (folder + Self.anyFile, pointedTo)]
                + views.flatMap { [($0.path, asFolder), ($0.target.path, pointedTo)] }
        }
        return [judge.strongestPathFinding(link, paths: paths)].compactMap { $0 }
            + (try views.flatMap { try commandFindings(link: link, path: $0.path, target: $0.target) })
    }

    /// The target's commands, every line of them, read as the kinds of the path the link puts it at and of its own
    /// path: whatever runs the link now runs all of it.
    private func commandFindings(link: Change, path: String, target: TreeEntry) throws -> [Finding] {
        let file = Change(
            status: .added, path: GitPath(target.path), oldMode: .absent, newMode: target.mode, newBlob: target.id,
            commit: link.commit)
        let kinds = try judge.kinds(of: file, readAs: [path, target.path])
        guard !kinds.isEmpty else { return [] }
        let lineChanges = try judge.reader.lineChanges(of: file)
        return try judge.commandFindings(of: file, kinds: kinds, lineChanges: lineChanges).map { finding in
            var finding = finding
            guard finding.kind == .command else { return finding }
            finding.reason += " (judged because the symbolic link '\(link.path)' points to this file)"
            return finding
        }
    }

    /// The repository path the link points to, links along the way followed; nil when it leaves the repository or
    /// points into its `.git`.
    func resolve(_ link: Change) throws -> String? {
        guard let text = try judge.reader.newContent(of: link) else { return "" }
        guard let start = Self.components(of: text, from: link.path.shape) else { return nil }
        var resolved: [String] = []
        var rest = start[...]
        var hops = 0
        while let component = rest.popFirst() {
            if component.isEmpty || component == "." { continue }
            if component == ".." {
                guard resolved.popLast() != nil else { return nil }
                continue
            }
            // The repository's own `.git` is no part of its content: a link into it (`hooks -> .git/hooks`) reaches
            // what no change can show.
            if resolved.isEmpty, component == ".git" { return nil }
            resolved.append(component)
            let path = resolved.joined(separator: "/")
            guard let entry = try judge.reader.entry(at: path, on: side), entry.mode.isSymlink else { continue }
            hops += 1
            guard hops <= Self.maximumHops else { return path }
            let inner = Change(
                status: .added, path: GitPath(path), oldMode: .absent, newMode: .symlink, newBlob: entry.id,
                commit: link.commit)
            guard let next = try Self.components(of: judge.reader.newContent(of: inner) ?? [], from: path) else {
                return nil
            }
            resolved = []
            rest = (next + rest)[...]
        }
        return resolved.joined(separator: "/")
    }

    /// The path components a link's text names, from the root; nil for an absolute target.
    private static func components(of text: [UInt8], from linkPath: String) -> [String]? {
        let target = String(decoding: text, as: UTF8.self)
        guard !target.hasPrefix("/") else { return nil }
        let folder = linkPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        return folder + target.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }
}
