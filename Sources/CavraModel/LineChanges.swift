/// How a change altered a file's lines, in the new file's line numbers: which lines it added, and where it
/// deleted lines. Deletions matter as much as additions: deleting `exit 0` or the `if false; then` around a
/// command, or the middle line of a continued command, changes what runs without adding a line.
public struct LineChanges: Sendable, Hashable {
    /// 1-based new-side line numbers of the added lines.
    public var added: Set<Int>
    public var deleted: [DeletedLine]

    public init(added: Set<Int>, deleted: [DeletedLine] = []) {
        self.added = added
        self.deleted = deleted
    }
}

/// One line the change deleted, and where it was in the new file.
public struct DeletedLine: Sendable, Hashable {
    /// The new-side line the deleted line followed; 0 when it came before the first line.
    public var after: Int
    /// The line's text, without its newline.
    public var text: String

    public init(after: Int, text: String) {
        self.after = after
        self.text = text
    }
}

/// Where the new side of a change set lives, for reading paths the change set did not change (the target of a
/// symbolic link).
public enum NewSide: Sendable, Hashable {
    case commit(String)
    /// The staged index.
    case index
}

/// A file, folder, link or submodule on the new side.
public struct TreeEntry: Sendable, Hashable {
    public var path: String
    public var mode: FileMode
    /// The blob, tree or gitlink commit id.
    public var id: String

    public init(path: String, mode: FileMode, id: String) {
        self.path = path
        self.mode = mode
        self.id = id
    }
}
