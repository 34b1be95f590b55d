/// How a path changed between two trees, spelled as `git diff --name-status` spells it.
public enum ChangeStatus: String, Codable, Sendable, CaseIterable {
    case added = "A"
    case modified = "M"
    case deleted = "D"
    case renamed = "R"
    case copied = "C"
    case typeChanged = "T"

    /// The word policy rules use in `match.changes`.
    public var policyWord: String {
        switch self {
        case .added: "added"
        case .modified: "modified"
        case .deleted: "deleted"
        case .renamed: "renamed"
        case .copied: "copied"
        case .typeChanged: "mode"
        }
    }
}

/// A git file mode as stored in trees and the index.
public struct FileMode: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let absent = FileMode(rawValue: 0)
    public static let tree = FileMode(rawValue: 0o040000)
    public static let regular = FileMode(rawValue: 0o100644)
    public static let executable = FileMode(rawValue: 0o100755)
    public static let symlink = FileMode(rawValue: 0o120000)
    public static let gitlink = FileMode(rawValue: 0o160000)

    public var isSymlink: Bool { self == .symlink }
    public var isSubmodule: Bool { self == .gitlink }
    public var isExecutable: Bool { self == .executable }
    public var isTree: Bool { self == .tree }

    /// Octal, six digits, as git prints it (`100755`).
    public var description: String {
        let octal = String(rawValue, radix: 8)
        return String(repeating: "0", count: max(0, 6 - octal.count)) + octal
    }
}

/// One changed path in a change set.
public struct Change: Codable, Sendable, Hashable {
    public var status: ChangeStatus
    /// The path after the change; for a deletion, the path that was deleted.
    public var path: GitPath
    /// The path before a rename or copy; nil otherwise.
    public var oldPath: GitPath?
    public var oldMode: FileMode
    public var newMode: FileMode
    /// Blob (or gitlink commit) ids, nil on the side where the path does not exist.
    public var oldBlob: String?
    public var newBlob: String?
    /// Nil until something needed to know.
    public var isBinary: Bool?
    /// Rename or copy similarity, 0...100.
    public var similarity: Int?
    /// The commit that made the change, when a range is judged commit by commit.
    public var commit: String?
    /// For a symbolic link whose target was read: whether the target leaves the repository (an absolute path, or
    /// `..` past the root). Nil for everything else.
    public var linksOutsideRepository: Bool?

    public init(
        status: ChangeStatus, path: GitPath, oldPath: GitPath? = nil, oldMode: FileMode, newMode: FileMode,
        oldBlob: String? = nil, newBlob: String? = nil, isBinary: Bool? = nil, similarity: Int? = nil,
        commit: String? = nil
    ) {
        self.status = status
        self.path = path
        self.oldPath = oldPath
        self.oldMode = oldMode
        self.newMode = newMode
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.isBinary = isBinary
        self.similarity = similarity
        self.commit = commit
    }

    /// True when only the file mode differs (exec bit flipped, or a type change).
    public var changesMode: Bool {
        oldMode != .absent && newMode != .absent && oldMode != newMode
    }

    /// Every path this change must be judged on: both sides of a rename or copy.
    public var judgedPaths: [GitPath] {
        if let oldPath, oldPath != path { return [path, oldPath] }
        return [path]
    }
}
