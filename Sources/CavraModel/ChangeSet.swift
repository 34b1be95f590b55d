/// What was compared, in the words of the result contract (`range` in docs/schemas/cavra.gate.result.v1.schema.json).
public struct CompareRange: Codable, Sendable, Hashable {
    public enum Mode: String, Codable, Sendable {
        case range, commits, staged, commit, push, command
        /// The net change of a range and, besides, each of its non-merge commits on its own.
        case rangeAndCommits = "range_and_commits"
    }
    public var mode: Mode
    /// Full commit ids; nil where that side does not exist (staged in an empty repository, a root commit).
    public var base: String?
    public var head: String?
    public var mergeBase: String?
    /// The revisions as the user spelled them.
    public var baseRef: String?
    public var headRef: String?
    /// The commits judged, oldest first (range modes), or the one commit.
    public var commits: [String]
    /// Anything a reader should know about how the range was chosen (criss-cross merges, CI detection).
    public var notes: [String]

    public init(
        mode: Mode, base: String? = nil, head: String? = nil, mergeBase: String? = nil, baseRef: String? = nil,
        headRef: String? = nil, commits: [String] = [], notes: [String] = []
    ) {
        self.mode = mode
        self.base = base
        self.head = head
        self.mergeBase = mergeBase
        self.baseRef = baseRef
        self.headRef = headRef
        self.commits = commits
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case mode, base, head, commits, notes
        case mergeBase = "merge_base"
        case baseRef = "base_ref"
        case headRef = "head_ref"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(base, forKey: .base)
        try container.encode(head, forKey: .head)
        try container.encode(mergeBase, forKey: .mergeBase)
        try container.encode(baseRef, forKey: .baseRef)
        try container.encode(headRef, forKey: .headRef)
        try container.encode(commits, forKey: .commits)
        try container.encode(notes, forKey: .notes)
    }
}

/// The changes a request produced, in git's order (sorted by path), with what was compared.
public struct ChangeSet: Sendable {
    public var range: CompareRange
    public var changes: [Change]

    public init(range: CompareRange, changes: [Change]) {
        self.range = range
        self.changes = changes
    }
}

/// Reads file contents for a change set on demand, so that listing changes never loads blobs.
public protocol ChangeContentReader {
    /// The bytes of the new side of a change; nil for deletions and submodules.
    func newContent(of change: Change) throws -> [UInt8]?
    /// The 1-based line numbers of the new side that the change added (every line of an added file).
    func addedLines(of change: Change) throws -> Set<Int>
    /// The lines the change added and the lines it deleted, read whatever git's binary heuristic says.
    func lineChanges(of change: Change) throws -> LineChanges
    /// What a path holds on the new side, nil when nothing is there.
    func entry(at path: String, on side: NewSide) throws -> TreeEntry?
    /// The files under a folder on the new side, at most `limit` of them, in path order.
    func files(under folder: String, on side: NewSide, limit: Int) throws -> [TreeEntry]
    /// The symbolic links directly in these folders on the new side ("" is the root), in path order.
    func links(directlyIn folders: Set<String>, on side: NewSide) throws -> [TreeEntry]
    /// The first `count` bytes of the new side, or nil when it is deleted, a submodule, or (unless executable)
    /// larger than `limit` bytes by the object database's own record, so a file's type can be sniffed from its
    /// first line without loading every large file of a change.
    func newContentStart(of change: Change, count: Int, ifAtMost limit: Int) throws -> [UInt8]?
}
