/// Something a change does that policy must judge. Classifiers produce facts; policy turns them into findings.
public enum Fact: Sendable, Hashable {
    case path(Change)
    case command(CommandFact)
    case action(ActionFact)
    case risk(PipelineRiskFact)
    case ref(RefUpdate)
    case parse(ParseFact)
}

/// One simple command as a shell would run it, after wrappers (`sudo`, `env`, `VAR=x`, ...) are stripped.
public struct SimpleCommand: Sendable, Hashable, Codable {
    /// The words after quote removal; `words[0]` is the program as written (possibly an absolute path).
    public var words: [String]

    public init(words: [String]) { self.words = words }

    /// The program's name without its directory (`/usr/bin/terraform` → `terraform`).
    public var program: String {
        guard let first = words.first else { return "" }
        guard let slash = first.utf8.lastIndex(of: UInt8(ascii: "/")) else { return first }
        return String(first[first.utf8.index(after: slash)...])
    }

    public var arguments: ArraySlice<String> { words.dropFirst() }
}

/// A command line that a change introduces (or that `evaluate --command` was given).
public struct CommandFact: Sendable, Hashable {
    /// The command line as written in the file.
    public var text: String
    /// The file it came from and the 1-based line where it starts; nil for `evaluate --command`.
    public var path: String?
    public var line: Int?
    /// The pipelines of the line, each a list of simple commands joined by `|`.
    public var pipelines: [[SimpleCommand]]
    public var commit: String?
    /// Why a command on a line the change did not add is judged (a deletion above it, a changed variable);
    /// nil for commands on added lines.
    public var judgedBecause: String?

    public init(
        text: String, path: String? = nil, line: Int? = nil, pipelines: [[SimpleCommand]], commit: String? = nil
    ) {
        self.text = text
        self.path = path
        self.line = line
        self.pipelines = pipelines
        self.commit = commit
    }
}

/// A reference to a reusable CI action or job (`uses: actions/checkout@v4`).
public struct ActionFact: Sendable, Hashable {
    public var reference: String
    public var path: String
    public var line: Int?
    /// True when the reference names a full commit id.
    public var isPinned: Bool
    public var commit: String?

    public init(reference: String, path: String, line: Int?, isPinned: Bool, commit: String? = nil) {
        self.reference = reference
        self.path = path
        self.line = line
        self.isPinned = isPinned
        self.commit = commit
    }
}

/// What a push does to one ref.
public enum RefOperation: String, Codable, Sendable, CaseIterable {
    case create, update, force, delete
}

/// One ref update of a push.
public struct RefUpdate: Sendable, Hashable {
    /// The full ref name on the remote, e.g. `refs/heads/main`.
    public var ref: String
    public var operation: RefOperation
    public var oldID: String?
    public var newID: String?

    public init(ref: String, operation: RefOperation, oldID: String? = nil, newID: String? = nil) {
        self.ref = ref
        self.operation = operation
        self.oldID = oldID
        self.newID = newID
    }
}

/// A changed file the gate had to read but could not parse.
public struct ParseFact: Sendable, Hashable {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var commit: String?

    public init(path: String, line: Int?, column: Int?, message: String, commit: String? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.commit = commit
    }
}
