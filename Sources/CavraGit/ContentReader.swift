import CLibgit2
import CavraModel

extension GitRepository: ChangeContentReader {
    /// The new side's bytes; nil for deletions and submodules, whose new side is not a file.
    public func newContent(of change: Change) throws -> [UInt8]? {
        guard let id = change.newBlob, !change.newMode.isSubmodule, let oid = git_oid(hex: id) else { return nil }
        return try blobBytes(oid)
    }

    /// 1-based line numbers of the new side that the change added, from libgit2's line diff of the two blobs.
    public func addedLines(of change: Change) throws -> Set<Int> {
        guard let newID = change.newBlob, !change.newMode.isSubmodule, var newOID = git_oid(hex: newID) else { return [] }
        var newBlob: OpaquePointer?
        try check(git_blob_lookup(&newBlob, pointer, &newOID), "read blob \(newID)")
        defer { git_blob_free(newBlob) }
        var oldBlob: OpaquePointer?
        if let oldID = change.oldBlob, !change.oldMode.isSubmodule, var oldOID = git_oid(hex: oldID) {
            try check(git_blob_lookup(&oldBlob, pointer, &oldOID), "read blob \(oldID)")
        }
        defer { if let oldBlob { git_blob_free(oldBlob) } }

        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare a diff")
        options.context_lines = 0
        // Scripts with a stray NUL byte are still scripts: judge their lines rather than skipping them as binary.
        options.flags |= GIT_DIFF_FORCE_TEXT.rawValue
        let collector = LineCollector()
        let payload = Unmanaged.passUnretained(collector).toOpaque()
        try check(
            git_diff_blobs(
                oldBlob, change.oldPath ?? change.path, newBlob, change.path, &options, nil, nil, nil,
                { _, _, line, payload in
                    guard let line, let payload else { return 0 }
                    if line.pointee.origin == CChar(UInt8(ascii: "+")), line.pointee.new_lineno > 0 {
                        Unmanaged<LineCollector>.fromOpaque(payload).takeUnretainedValue().lines.insert(
                            Int(line.pointee.new_lineno))
                    }
                    return 0
                }, payload),
            "diff \(change.path)")
        return collector.lines
    }

    /// Whether the new side (or, for a deletion, the old side) is binary, as git decides it. Reads the blob, so
    /// change sets leave `isBinary` nil and callers ask only for the changes they care about.
    public func isBinary(_ change: Change) throws -> Bool {
        guard let id = change.newBlob ?? change.oldBlob, var oid = git_oid(hex: id) else { return false }
        if (change.newBlob != nil ? change.newMode : change.oldMode).isSubmodule { return false }
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id)")
        defer { git_blob_free(blob) }
        return git_blob_is_binary(blob) == 1
    }
}

private final class LineCollector {
    var lines: Set<Int> = []
}
