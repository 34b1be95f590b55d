/// A gitignore-style path pattern compiled once into segment matchers.
///
/// - `**` as a whole segment matches zero or more folders (`**/*.pem` matches `server.pem` at the root);
/// - `*` and `?` never cross `/`; `[abc]`, `[a-z]` and `[!x]` match one character; `\` escapes;
/// - a pattern with no `/` except a trailing one matches a name at any depth, as in `.gitignore`;
///   a pattern with a `/` is anchored to the repository root (a leading `/` only says so explicitly);
/// - a trailing `/` means everything below that folder.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let segments: [Segment]

    public var description: String { pattern }

    enum Segment: Sendable, Hashable {
        case anyDepth
        case literal(String)
        case wildcard([Token])
    }

    enum Token: Sendable, Hashable {
        case character(Character)
        case anyRun
        case anyOne
        case set([ClosedRange<Character>], negated: Bool)
    }

    public struct SyntaxError: Error, Equatable {
        public let reason: String
    }

    public init(_ pattern: String) throws(SyntaxError) {
        self.pattern = pattern
        var body = pattern
        guard !body.isEmpty else { throw SyntaxError(reason: "an empty pattern matches nothing") }
        if body.hasPrefix("./") { throw SyntaxError(reason: "write paths relative to the repository root, without ./") }
        var anchored = false
        if body.hasPrefix("/") {
            anchored = true
            body.removeFirst()
        }
        if body.hasSuffix("/") { body += "**" }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.contains(where: \.isEmpty) {
            throw SyntaxError(reason: "a pattern cannot contain an empty folder (//)")
        }
        if parts.contains("..") || parts.contains(".") {
            throw SyntaxError(
                reason: "'.' and '..' are not allowed in a pattern; paths are relative to the repository root")
        }
        var compiled = try parts.map { part throws(SyntaxError) -> Segment in
            part == "**" ? .anyDepth : try Self.compile(part)
        }
        if !anchored && parts.count == 1 && compiled != [.anyDepth] { compiled.insert(.anyDepth, at: 0) }
        // Consecutive `**` segments mean the same as one.
        segments = compiled.enumerated().filter { index, segment in
            !(segment == .anyDepth && index > 0 && compiled[index - 1] == .anyDepth)
        }.map(\.element)
    }

    /// Whether a repository-relative path (already split on `/`) matches.
    public func matches(_ path: PathComponents) -> Bool {
        Self.match(segments[...], path.parts[...])
    }

    public func matches(_ path: String) -> Bool {
        matches(PathComponents(path))
    }

    private static func match(_ pattern: ArraySlice<Segment>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if case .anyDepth = first {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return !path.isEmpty }
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let name = path.first, first.matches(name) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func compile(_ part: String) throws(SyntaxError) -> Segment {
        var tokens: [Token] = []
        var characters = Array(part)[...]
        var isLiteral = true
        while let character = characters.popFirst() {
            switch character {
            case "\\":
                guard let escaped = characters.popFirst() else {
                    throw SyntaxError(reason: "a pattern cannot end with a backslash")
                }
                tokens.append(.character(escaped))
            case "*":
                isLiteral = false
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?":
                isLiteral = false
                tokens.append(.anyOne)
            case "[":
                isLiteral = false
                tokens.append(try compileSet(&characters))
            default:
                tokens.append(.character(character))
            }
        }
        if isLiteral {
            return .literal(String(tokens.map { if case .character(let c) = $0 { c } else { " " } }))
        }
        return .wildcard(tokens)
    }

    private static func compileSet(_ characters: inout ArraySlice<Character>) throws(SyntaxError) -> Token {
        var negated = false
        if let first = characters.first, first == "!" || first == "^" {
            negated = true
            characters.removeFirst()
        }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while let character = characters.popFirst() {
            if character == "]" && !first {
                guard !ranges.isEmpty else { break }
                return .set(ranges, negated: negated)
            }
            first = false
            var low = character
            if low == "\\", let escaped = characters.popFirst() { low = escaped }
            if characters.first == "-", characters.count >= 2, characters.dropFirst().first != "]" {
                characters.removeFirst()
                let high = characters.removeFirst()
                guard low <= high else { throw SyntaxError(reason: "the range [\(low)-\(high)] is backwards") }
                ranges.append(low...high)
            } else {
                ranges.append(low...low)
            }
        }
        throw SyntaxError(reason: "a character class '[' is not closed with ']'")
    }
}

extension Glob.Segment {
    func matches(_ name: Substring) -> Bool {
        switch self {
        case .anyDepth: true
        case .literal(let text): name == text
        case .wildcard(let tokens): Self.match(tokens[...], Array(name)[...])
        }
    }

    private static func match(_ tokens: ArraySlice<Glob.Token>, _ name: ArraySlice<Character>) -> Bool {
        guard let token = tokens.first else { return name.isEmpty }
        switch token {
        case .anyRun:
            var remaining = name
            while true {
                if match(tokens.dropFirst(), remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        case .anyOne:
            return !name.isEmpty && match(tokens.dropFirst(), name.dropFirst())
        case .character(let expected):
            return name.first == expected && match(tokens.dropFirst(), name.dropFirst())
        case .set(let ranges, let negated):
            guard let character = name.first else { return false }
            return ranges.contains { $0.contains(character) } != negated && match(tokens.dropFirst(), name.dropFirst())
        }
    }
}

/// A path split on `/` once, so every rule's globs can test it without splitting again.
public struct PathComponents: Sendable {
    public let path: String
    let parts: [Substring]

    public init(_ path: String) {
        self.path = path
        parts = path.split(separator: "/", omittingEmptySubsequences: false)
    }
}
