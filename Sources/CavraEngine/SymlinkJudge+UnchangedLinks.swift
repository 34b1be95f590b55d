import CavraClassify
import CavraModel

extension SymlinkJudge {
    /// Folders looked at for links at most; a change touching more is looked at in its first folders, path order.
    static let maximumLinkFolders = 1000

    /// Findings on the change set's links, and on its files behind links already in the repository, each read
    /// on the side where it lives: its own commit when a range is judged commit by commit.
    static func findings(links: [Change], in changeSet: ChangeSet, judge: FactJudge) throws -> [Finding] {
        func side(of change: Change) -> NewSide { change.commit.map(NewSide.commit) ?? changeSet.range.newSide }
        var findings: [Finding] = []
        for link in links {
            findings += try SymlinkJudge(judge: judge, side: side(of: link)).findings(for: link)
        }
        var groups: [(side: NewSide, files: [Change])] = []
        for file in changeSet.changes
        where file.status != .deleted && !file.newMode.isSymlink
            && !file.newMode.isSubmodule
        {
            if let index = groups.firstIndex(where: { $0.side == side(of: file) }) {
                groups[index].files.append(file)
            } else {
                groups.append((side(of: file), [file]))
            }
        }
        for group in groups {
            let changedLinks = Set(links.filter { side(of: $0) == group.side }.map(\.path.shape))
            findings += try SymlinkJudge(judge: judge, side: group.side).findings(
                forFilesBehindLinks: group.files, changedLinks: changedLinks)
        }
        return findings
    }

    /// Changed files that a link already in the repository points to, judged as the link makes them: once
    /// `package.json -> tools/pkg.txt` is in the repository, editing `tools/pkg.txt` edits `package.json`. Links
    /// are looked for in the folders the changes are in and the folders above them, which comparing the trees
    /// opened anyway, so the cost follows the change, not the repository. Only the lines the change altered are
    /// judged: the link itself did not change.
    func findings(forFilesBehindLinks files: [Change], changedLinks: Set<String>) throws -> [Finding] {
        var folders: Set<String> = []
        for file in files {
            var parts = file.path.shape.split(separator: "/").dropLast()
            folders.insert("")
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts.removeLast()
            }
        }
        var findings: [Finding] = []
        let folderList = Set(folders.sorted().prefix(Self.maximumLinkFolders))
        for entry in try judge.reader.links(directlyIn: folderList, on: side) where !changedLinks.contains(entry.path) {
            let link = Change(
                status: .modified, path: GitPath(entry.path), oldMode: .symlink, newMode: .symlink, oldBlob: entry.id,
                newBlob: entry.id, commit: files.first?.commit)
            guard let target = try resolve(link) else { continue }
            let folderPrefix = target.isEmpty ? "" : target + "/"
            for file in files where file.path.shape == target || file.path.hasPrefix(folderPrefix) {
                let path = file.path.shape
                let view = path == target ? entry.path : entry.path + "/" + path.dropFirst(folderPrefix.count)
                findings += try self.findings(for: file, seenAs: view, through: entry.path)
            }
        }
        return findings
    }

    /// A changed file judged at the path a link gives it, and read as the kinds that path names that its own does
    /// not (those were read already).
    private func findings(for file: Change, seenAs view: String, through link: String) throws -> [Finding] {
        let why = " (judged as '\(view)', where the symbolic link '\(link)' puts this file)"
        var seen = file
        seen.path = GitPath(view)
        seen.oldPath = nil
        var findings: [Finding] = []
        if var finding = judge.pathFinding(for: seen) {
            finding.path = file.path.description
            finding.oldPath = file.oldPath?.description
            finding.reason += why
            findings.append(finding)
        }
        let own = try judge.kinds(of: file, readAs: [file.path.shape])
        let kinds = try judge.kinds(of: file, readAs: [view]).filter { !own.contains($0) }
        guard !kinds.isEmpty else { return findings }
        return findings
            + (try judge.commandFindings(of: file, kinds: kinds, lineChanges: judge.reader.lineChanges(of: file)).map {
                var finding = $0
                finding.reason += why
                return finding
            })
    }
}
