import CLibgit2
import CavraModel
import Foundation

/// Turns libgit2 diffs into `Change` values, with rename detection bounded as git's `diff.renameLimit` bounds it.
///
/// Listing loads no file contents except where rename detection must compare added and deleted files;
/// `isBinary` stays nil here and is computed per change on demand (`GitRepository.isBinary(_:)`), because
/// reading every changed blob makes listing cost follow the size of the changed files: on a 100k-file
/// repository, a 10k-file change lists in 63 ms (`git diff --name-status`: 48 ms) but takes 105 ms when every
/// changed blob is read to decide.
struct ChangeLister {
    let repository: OpaquePointer
    /// What listing left undone, for the range's notes.
    let notes = ListingNotes()

    final class ListingNotes {
        var texts: [String] = []
    }

    /// git's default for `diff.renameLimit`.
    static let defaultRenameLimit = 1000

    /// Changes between two trees (nil for the empty tree), opening only subtrees whose ids differ, in path order.
    func changes(from old: GitTree?, to new: GitTree?, commit: String? = nil) throws(GitError) -> [Change] {
        let walk = try ChangedPathWalk(repository: repository).walk(from: old, to: new, commit: commit)
        // Trees are walked in git's order, which is the byte order of whole paths: only libgit2's share needs
        // sorting in.
        guard !walk.oneSided.isEmpty else { return walk.changed }
        // Renames pair deleted paths with added ones, so only those go through libgit2's rename detection.
        let changes =
            try walk.changed
            + withPathspec(walk.oneSided) { (options: inout git_diff_options) throws(GitError) -> [Change] in
                options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
                var diff: OpaquePointer?
                let code = git_diff_tree_to_tree(&diff, repository, old?.pointer, new?.pointer, &options)
                return try self.changes(of: diff, code: code, commit: commit)
            }
        return changes.sorted { $0.path < $1.path }
    }

    /// Changes from a tree (nil when HEAD is unborn) to an index file, `directlyRead` when it could be.
    func stagedChanges(
        from head: GitTree?, index location: IndexLocation, directlyRead: IndexFile?
    ) throws(GitError) -> [Change] {
        if let index = directlyRead,
            let changes = try StagedTreeWalk(repository: repository, index: index).changes(from: head)
        {
            return changes
        }
        return try location.withOpened(in: repository) { index throws(GitError) in
            var options = Self.baseOptions()
            var diff: OpaquePointer?
            let code = git_diff_tree_to_index(&diff, repository, head?.pointer, index, &options)
            return try changes(of: diff, code: code, commit: nil)
        }
    }

    private static func baseOptions() -> git_diff_options {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        // Type changes (file ↔ symlink ↔ submodule) are one change, as git reports them, not a delete and an add.
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        return options
    }

    private func withPathspec<Result>(
        _ paths: [[UInt8]], _ body: (inout git_diff_options) throws(GitError) -> Result
    ) throws(GitError) -> Result {
        // The paths' own bytes, never a decoded copy: a path that is not UTF-8 must still name itself.
        let strings = paths.map { path in
            let string = UnsafeMutablePointer<CChar>.allocate(capacity: path.count + 1)
            path.withUnsafeBytes {
                UnsafeMutableRawPointer(string).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
            }
            string[path.count] = 0
            return Optional(string)
        }
        defer { strings.forEach { $0?.deallocate() } }
        var pointers = strings
        return try pointers.withUnsafeMutableBufferPointer { buffer throws(GitError) -> Result in
            var options = Self.baseOptions()
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&options)
        }
    }

    private func changes(of diffPointer: OpaquePointer?, code: Int32, commit: String?) throws(GitError) -> [Change] {
        guard code == 0, let diffPointer else { throw .unreadable("the differences", LibGit2.failure(code)) }
        let diff = GitDiff(diffPointer)
        try detectRenames(in: diff)
        return (0..<git_diff_num_deltas(diff.pointer)).compactMap { index in
            git_diff_get_delta(diff.pointer, index).flatMap { Self.change(from: $0.pointee, commit: commit) }
        }
    }

    /// Renames as git finds them: exact ones (the same blob under a new path) whatever their number, then
    /// similar ones only while the deleted files times the added files left stay within `diff.renameLimit`
    /// squared; past it git, and the gate, compare no contents, and the range's notes say so.
    private func detectRenames(in diff: GitDiff) throws(GitError) {
        // libgit2 pairs in one pass, so the files left after exact pairing are counted from the blob ids first.
        var deleted: [String: Int] = [:]
        var added: [String: Int] = [:]
        for index in 0..<git_diff_num_deltas(diff.pointer) {
            guard let delta = git_diff_get_delta(diff.pointer, index)?.pointee else { continue }
            switch delta.status {
            case GIT_DELTA_DELETED: deleted[delta.old_file.id.hex, default: 0] += 1
            case GIT_DELTA_ADDED: added[delta.new_file.id.hex, default: 0] += 1
            default: break
            }
        }
        let exact = deleted.reduce(0) { $0 + min($1.value, added[$1.key] ?? 0) }
        let sources = deleted.values.reduce(0, +) - exact
        let destinations = added.values.reduce(0, +) - exact
        let limit = renameLimit()
        let (pairs, overflow) = sources.multipliedReportingOverflow(by: destinations)
        let (allowed, limitOverflow) = limit.multipliedReportingOverflow(by: limit)
        guard limitOverflow || (!overflow && pairs <= allowed) else {
            notes.texts.append(
                "renames were found only where a file moved unchanged: \(sources) deleted and \(destinations) added "
                    + "files exceed diff.renameLimit (\(limit)), as in git, so the others are judged as deletions and "
                    + "additions; raise diff.renameLimit to pair them")
            try findSimilar(
                in: diff, flags: GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_EXACT_MATCH_ONLY.rawValue)
            return
        }
        try findSimilar(in: diff, flags: GIT_DIFF_FIND_RENAMES.rawValue)
    }

    private func findSimilar(in diff: GitDiff, flags: UInt32) throws(GitError) {
        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        // Set explicitly: the default follows `diff.renames`, which a repository could turn off.
        find.flags = flags
        // The number of pairs is bounded above, as git bounds it; libgit2's own limit counts per file.
        find.rename_limit = Int(Int32.max)
        do { try LibGit2.check(git_diff_find_similar(diff.pointer, &find)) } catch {
            throw .unreadable("renames", error)
        }
    }

    /// `diff.renameLimit` from the configuration, as git reads it: 0 or less means no limit.
    private func renameLimit() -> Int {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, repository) == 0 else { return Self.defaultRenameLimit }
        defer { git_config_free(config) }
        var value: Int32 = 0
        guard git_config_get_int32(&value, config, "diff.renameLimit") == 0 else { return Self.defaultRenameLimit }
        return value > 0 ? Int(value) : Int(Int32.max)
    }

    private static func change(from delta: git_diff_delta, commit: String?) -> Change? {
        let status: ChangeStatus
        switch delta.status {
        case GIT_DELTA_ADDED: status = .added
        case GIT_DELTA_DELETED: status = .deleted
        case GIT_DELTA_MODIFIED: status = .modified
        case GIT_DELTA_RENAMED: status = .renamed
        case GIT_DELTA_COPIED: status = .copied
        case GIT_DELTA_TYPECHANGE: status = .typeChanged
        default: return nil
        }
        let oldPath = GitPath(cString: delta.old_file.path)
        let newPath = GitPath(cString: delta.new_file.path)
        let hasSimilarity = status == .renamed || status == .copied
        return Change(
            status: status,
            path: status == .deleted ? oldPath : newPath,
            oldPath: hasSimilarity ? oldPath : nil,
            oldMode: FileMode(rawValue: UInt32(delta.old_file.mode)),
            newMode: FileMode(rawValue: UInt32(delta.new_file.mode)),
            oldBlob: status == .added ? nil : delta.old_file.id.hex,
            newBlob: status == .deleted ? nil : delta.new_file.id.hex,
            similarity: hasSimilarity ? Int(delta.similarity) : nil,
            commit: commit)
    }
}

extension GitPath {
    /// The bytes of a path libgit2 hands out, as they are.
    init(cString: UnsafePointer<CChar>) {
        self.init(bytes: Array(UnsafeRawBufferPointer(start: cString, count: strlen(cString))))
    }
}
