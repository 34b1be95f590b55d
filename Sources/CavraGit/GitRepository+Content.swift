import CLibgit2
import CavraModel

extension GitRepository: ChangeContentReader {
    /// The bytes of the new side: the committed blob, or for staged changes the blob in the index.
    /// - Throws: `GitError` when the blob is missing from the repository.
    public func newContent(of change: Change) throws -> [UInt8]? {
        guard let blob = try newBlob(of: change) else { return nil }
        return blob.bytes
    }

    /// The first bytes of the new side; its size comes from the object header, so a large blob is never loaded.
    /// - Throws: `GitError` when the blob is missing from the repository.
    public func newContentStart(of change: Change, count: Int, ifAtMost limit: Int) throws -> [UInt8]? {
        guard let id = change.newBlob, change.newMode != .gitlink, change.newMode != .absent else { return nil }
        if change.newMode != .executable {
            guard var oid = git_oid(hex: id) else { throw GitError.missingObject(id, neededAs: "file content") }
            var database: OpaquePointer?
            guard git_repository_odb(&database, pointer) == 0, let database else {
                throw GitError.missingObject(id, neededAs: "file content")
            }
            defer { git_odb_free(database) }
            var size = 0
            var type = GIT_OBJECT_ANY
            guard git_odb_read_header(&size, &type, database, &oid) == 0 else {
                throw GitError.missingObject(id, neededAs: "file content")
            }
            guard size <= limit else { return nil }
        }
        return try newBlob(of: change).map { Array($0.bytes.prefix(count)) }
    }

    /// The 1-based new-side line numbers the change added: every line of an added file, the `+` lines of a
    /// diff otherwise.
    /// - Throws: `GitError` when a blob is missing or cannot be compared.
    public func addedLines(of change: Change) throws -> Set<Int> {
        try lineChanges(of: change).added
    }

    /// The lines the change added and deleted. Content is compared as text whatever git's binary heuristic says:
    /// a NUL byte after a script's first line makes git call it binary, yet `bash` and `dash` still run it.
    /// - Throws: `GitError` when a blob is missing or cannot be compared.
    public func lineChanges(of change: Change) throws -> LineChanges {
        guard let new = try newBlob(of: change) else { return LineChanges(added: []) }
        guard let oldID = change.oldBlob, change.oldMode != .gitlink, change.oldMode != .absent else {
            return LineChanges(added: Set(1..<(Self.lineCount(of: new.bytes) + 1)))
        }
        let old = try blob(id: oldID)
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags |= GIT_DIFF_FORCE_TEXT.rawValue
        let collector = LineChangeCollector()
        let code = withExtendedLifetime(collector) {
            git_diff_blobs(
                old.pointer, nil, new.pointer, nil, &options, nil, nil,
                { _, hunk, payload in
                    guard let hunk, let payload else { return 0 }
                    let collector = Unmanaged<LineChangeCollector>.fromOpaque(payload).takeUnretainedValue()
                    // A hunk that only deletes starts at the line its deletions follow.
                    let start = Int(hunk.pointee.new_start)
                    collector.lastNewLine = hunk.pointee.new_lines > 0 ? start - 1 : start
                    return 0
                },
                { _, _, line, payload in
                    guard let line, let payload else { return 0 }
                    Unmanaged<LineChangeCollector>.fromOpaque(payload).takeUnretainedValue().take(line.pointee)
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        do { try LibGit2.check(code) } catch {
            throw GitError.unreadable("the lines changed in '\(change.path)'", error)
        }
        return LineChanges(added: collector.added, deleted: collector.deleted)
    }

    /// Whether either side of a change holds binary content (git's rule: a NUL byte near the start).
    /// Computed on demand so that listing a change set never reads file contents.
    /// - Throws: `GitError` when a blob is missing.
    public func isBinary(_ change: Change) throws -> Bool {
        for (id, mode) in [(change.oldBlob, change.oldMode), (change.newBlob, change.newMode)] {
            guard let id, mode != .gitlink, mode != .absent else { continue }
            if try blob(id: id).isBinary { return true }
        }
        return false
    }

    /// The change set's changes with `isBinary` filled in.
    /// - Throws: `GitError` when a blob is missing.
    public func withBinaryFlags(_ changes: [Change]) throws -> [Change] {
        try changes.map { change in
            var change = change
            change.isBinary = try isBinary(change)
            return change
        }
    }

    private func newBlob(of change: Change) throws(GitError) -> GitBlob? {
        guard let id = change.newBlob, change.newMode != .gitlink, change.newMode != .absent else { return nil }
        return try blob(id: id)
    }

    private func blob(id: String) throws(GitError) -> GitBlob {
        guard let oid = git_oid(hex: id) else { throw GitError.missingObject(id, neededAs: "file content") }
        return try blob(oid)
    }

    private static func lineCount(of bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        let newlines = bytes.count { $0 == UInt8(ascii: "\n") }
        return bytes.last == UInt8(ascii: "\n") ? newlines : newlines + 1
    }
}

/// Receives hunk and line callbacks from libgit2.
private final class LineChangeCollector {
    var added: Set<Int> = []
    var deleted: [DeletedLine] = []
    /// The last new-side line seen, which a deleted line follows.
    var lastNewLine = 0

    func take(_ line: git_diff_line) {
        switch UInt8(bitPattern: line.origin) {
        case UInt8(ascii: "+"):
            added.insert(Int(line.new_lineno))
            lastNewLine = Int(line.new_lineno)
        case UInt8(ascii: " "):
            lastNewLine = Int(line.new_lineno)
        case UInt8(ascii: "-"):
            var bytes = UnsafeRawBufferPointer(start: line.content, count: Int(line.content_len))[...]
            while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
                bytes = bytes.dropLast()
            }
            deleted.append(DeletedLine(after: lastNewLine, text: String(decoding: bytes, as: UTF8.self)))
        default:
            break
        }
    }
}
