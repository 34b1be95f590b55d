import CavraModel

/// A gitignore-style path pattern compiled once into segment matchers; it reads patterns as git's wildmatch does
/// with `WM_PATHNAME` (`git ls-files ':(glob)…'`), and as `WM_CASEFOLD` adds when case-insensitive.
///
/// - `**` as a whole segment matches zero or more folders (`**/*.pem` matches `server.pem` at the root);
/// - `*` and `?` never cross `/`; `[abc]`, `[a-z]`, `[!x]`, `[^x]` and POSIX classes (`[[:digit:]]`) match one
///   character; `\` escapes, inside brackets too;
/// - a pattern with no `/` except a trailing one matches a name at any depth, as in `.gitignore`;
///   a pattern with a `/` is anchored to the repository root (a leading `/` only says so explicitly);
/// - a trailing `/` means everything below that folder.
///
/// Paths are bytes. `?`, `*` and classes step over whole UTF-8 characters, and over one byte where the path is
/// not UTF-8; a case-insensitive glob folds ASCII letters only, as git does.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    public let isCaseInsensitive: Bool
    let segments: [Segment]
    /// What the path's last segment must be, start or end with, checked first: most patterns fail there, cheaply.
    let lastSegment: LastSegment

    public var description: String { pattern }

    enum Segment: Sendable, Hashable {
        case anyDepth
        case literal([UInt8])
        case wildcard([Token])
    }

    enum Token: Sendable, Hashable {
        case byte(UInt8)
        case anyRun
        case anyOne
        case set(CharacterClass)
    }

    enum LastSegment: Sendable, Hashable {
        case any
        case equals([UInt8])
        /// The literal bytes before the segment's first wildcard and after its last one.
        case affixes(prefix: [UInt8], suffix: [UInt8])
    }

    public struct SyntaxError: Error, Equatable {
        public let reason: String
    }

    public init(_ pattern: String, caseInsensitive: Bool = false) throws(SyntaxError) {
        self.pattern = pattern
        isCaseInsensitive = caseInsensitive
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
            part == "**" ? .anyDepth : try Self.compile(part, folding: caseInsensitive)
        }
        if !anchored && parts.count == 1 && compiled != [.anyDepth] { compiled.insert(.anyDepth, at: 0) }
        // Consecutive `**` segments mean the same as one.
        segments = compiled.enumerated().filter { index, segment in
            !(segment == .anyDepth && index > 0 && compiled[index - 1] == .anyDepth)
        }.map(\.element)
        switch segments.last {
        case .literal(let bytes): lastSegment = .equals(bytes)
        case .wildcard(let tokens):
            let prefix = Self.literalBytes(tokens.prefix { if case .byte = $0 { true } else { false } })
            let suffix = Self.literalBytes(tokens.reversed().prefix { if case .byte = $0 { true } else { false } })
            lastSegment = .affixes(prefix: prefix, suffix: suffix.reversed())
        default: lastSegment = .any
        }
    }

    private static func literalBytes(_ tokens: some Sequence<Token>) -> [UInt8] {
        tokens.map { if case .byte(let byte) = $0 { byte } else { 0 } }
    }

    /// Whether a repository-relative path (already split on `/`) matches.
    /// A case-insensitive glob's literals are lower-case and it lower-cases the path's bytes as it compares them,
    /// so no lower-cased copy of a path is ever made.
    public func matches(_ path: PathComponents) -> Bool {
        path.bytes.withUnsafeBufferPointer { bytes in
            guard let last = path.segments.last, Self.accepts(lastSegment, bytes, last, folded: isCaseInsensitive)
            else { return false }
            return Self.match(segments, 0, bytes, path.segments, 0, folded: isCaseInsensitive)
        }
    }

    public func matches(_ path: GitPath) -> Bool {
        matches(PathComponents(path))
    }

    public func matches(_ path: String) -> Bool {
        matches(GitPath(path))
    }

    private static func accepts(
        _ filter: LastSegment, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, folded: Bool
    ) -> Bool {
        switch filter {
        case .any: return true
        case .equals(let literal): return equal(literal, bytes, range, folded: folded)
        case .affixes(let prefix, let suffix):
            guard range.count >= prefix.count + suffix.count else { return false }
            return equal(prefix, bytes, range.lowerBound..<(range.lowerBound + prefix.count), folded: folded)
                && equal(suffix, bytes, (range.upperBound - suffix.count)..<range.upperBound, folded: folded)
        }
    }

    private static func equal(
        _ literal: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, folded: Bool
    ) -> Bool {
        guard literal.count == range.count else { return false }
        var index = range.lowerBound
        for byte in literal {
            if byteAt(bytes, index, folded: folded) != byte { return false }
            index += 1
        }
        return true
    }

    private static func byteAt(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, folded: Bool) -> UInt8 {
        folded ? PathComponents.lowercased(bytes[index]) : bytes[index]
    }

    private static func match(
        _ pattern: [Segment], _ patternIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ path: [Range<Int>],
        _ pathIndex: Int, folded: Bool
    ) -> Bool {
        guard patternIndex < pattern.count else { return pathIndex == path.count }
        switch pattern[patternIndex] {
        case .anyDepth:
            if patternIndex + 1 == pattern.count { return pathIndex < path.count }
            for start in pathIndex...path.count
            where match(pattern, patternIndex + 1, bytes, path, start, folded: folded) {
                return true
            }
            return false
        case .literal(let literal):
            guard pathIndex < path.count, equal(literal, bytes, path[pathIndex], folded: folded) else { return false }
        case .wildcard(let tokens):
            guard pathIndex < path.count,
                matchSegment(
                    tokens, 0, bytes, path[pathIndex].lowerBound, path[pathIndex].upperBound, folded: folded)
            else { return false }
        }
        return match(pattern, patternIndex + 1, bytes, path, pathIndex + 1, folded: folded)
    }

    private static func matchSegment(
        _ tokens: [Token], _ tokenIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int,
        folded: Bool
    ) -> Bool {
        guard tokenIndex < tokens.count else { return position == end }
        switch tokens[tokenIndex] {
        case .anyRun:
            if tokenIndex + 1 == tokens.count { return true }
            var start = position
            while true {
                if matchSegment(tokens, tokenIndex + 1, bytes, start, end, folded: folded) { return true }
                guard start < end else { return false }
                start += characterLength(bytes, start, end)
            }
        case .anyOne:
            guard position < end else { return false }
            return matchSegment(
                tokens, tokenIndex + 1, bytes, position + characterLength(bytes, position, end), end, folded: folded)
        case .byte(let expected):
            guard position < end, byteAt(bytes, position, folded: folded) == expected else { return false }
            return matchSegment(tokens, tokenIndex + 1, bytes, position + 1, end, folded: folded)
        case .set(let set):
            guard position < end else { return false }
            let length = characterLength(bytes, position, end)
            guard set.contains(character(bytes, position, length, folded: folded), folded: folded) else { return false }
            return matchSegment(tokens, tokenIndex + 1, bytes, position + length, end, folded: folded)
        }
    }

    /// A well-formed UTF-8 character's length, or 1 for a byte that starts none.
    private static func characterLength(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int) -> Int {
        guard bytes[position] >= 0x80 else { return 1 }
        let length = UTF8Validation.sequenceLength(bytes, at: position) ?? 1
        return position + length <= end ? length : 1
    }

    /// The character's Unicode scalar value; a byte that is not UTF-8 maps past Unicode, where no class reaches.
    private static func character(
        _ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ length: Int, folded: Bool
    ) -> UInt32 {
        let lead = UInt32(bytes[position])
        guard length > 1 else {
            return lead < 0x80 ? UInt32(byteAt(bytes, position, folded: folded)) : CharacterClass.undecodable + lead
        }
        var value = lead & (0xFF >> (length + 1))
        for offset in 1..<length { value = value << 6 | (UInt32(bytes[position + offset]) & 0x3F) }
        return value
    }

    private static func compile(_ part: String, folding: Bool) throws(SyntaxError) -> Segment {
        var tokens: [Token] = []
        var characters = Array(part.unicodeScalars)[...]
        var isLiteral = true
        func append(_ scalar: Unicode.Scalar) {
            tokens.append(
                contentsOf: String(scalar).utf8.map { .byte(folding ? PathComponents.lowercased($0) : $0) })
        }
        while let character = characters.popFirst() {
            switch character {
            case "\\":
                guard let escaped = characters.popFirst() else {
                    throw SyntaxError(reason: "a pattern cannot end with a backslash")
                }
                append(escaped)
            case "*":
                isLiteral = false
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?":
                isLiteral = false
                tokens.append(.anyOne)
            case "[":
                isLiteral = false
                tokens.append(.set(try CharacterClass(parsing: &characters)))
            default:
                append(character)
            }
        }
        if isLiteral { return .literal(literalBytes(tokens)) }
        return .wildcard(tokens)
    }
}

/// A path split on `/` once, so every rule's globs can test it without splitting or copying again.
public struct PathComponents: Sendable {
    public let path: GitPath
    let bytes: [UInt8]
    let segments: [Range<Int>]

    public init(_ path: GitPath) {
        self.path = path
        bytes = path.bytes
        var segments: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
            segments.append(start..<index)
            start = index + 1
        }
        segments.append(start..<bytes.count)
        self.segments = segments
    }

    public init(_ path: String) { self.init(GitPath(path)) }

    static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}
