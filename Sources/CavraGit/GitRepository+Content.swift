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
    /// diff otherwise, none for binary content.
    /// - Throws: `GitError` when a blob is missing or cannot be compared.
    public func addedLines(of change: Change) throws -> Set<Int> {
        guard let new = try newBlob(of: change), !new.isBinary else { return [] }
        guard let oldID = change.oldBlob, change.oldMode != .gitlink, change.oldMode != .absent else {
            return Set(1..<(Self.lineCount(of: new.bytes) + 1))
        }
        let old = try blob(id: oldID)
        let collector = AddedLineCollector()
        let code = withExtendedLifetime(collector) {
            git_diff_blobs(
                old.pointer, nil, new.pointer, nil, nil, nil, nil, nil,
                { _, _, line, payload in
                    guard let line, let payload, line.pointee.origin == CChar(UInt8(ascii: "+")) else { return 0 }
                    let collector = Unmanaged<AddedLineCollector>.fromOpaque(payload).takeUnretainedValue()
                    collector.lines.insert(Int(line.pointee.new_lineno))
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        do { try LibGit2.check(code) } catch { throw GitError.unreadable("the lines added to '\(change.path)'", error) }
        return collector.lines
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

/// Receives line callbacks from libgit2.
private final class AddedLineCollector {
    var lines: Set<Int> = []
}
