/// A gitignore-style path pattern compiled once into segment matchers.
///
/// - `**` as a whole segment matches zero or more folders (`**/*.pem` matches `server.pem` at the root);
/// - `*` and `?` never cross `/`; `[abc]`, `[a-z]` and `[!x]` match one character; `\` escapes;
/// - a pattern with no `/` except a trailing one matches a name at any depth, as in `.gitignore`;
///   a pattern with a `/` is anchored to the repository root (a leading `/` only says so explicitly);
/// - a trailing `/` means everything below that folder.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    let segments: [Segment]
    /// What the path's last segment must be, start or end with, checked first: most patterns fail there, cheaply.
    let lastSegment: LastSegment

    public var description: String { pattern }

    enum Segment: Sendable, Hashable {
        case anyDepth
        case literal([UInt8])
        case wildcard([Token])
    }

    /// Matching works on UTF-8 bytes; `?` and classes step over whole characters (Unicode scalars).
    enum Token: Sendable, Hashable {
        case byte(UInt8)
        case anyRun
        case anyOne
        case set([ClosedRange<UInt32>], negated: Bool)
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
    public func matches(_ path: PathComponents) -> Bool {
        path.bytes.withUnsafeBufferPointer { bytes in
            guard let last = path.segments.last, Self.accepts(lastSegment, bytes, last) else { return false }
            return Self.match(segments, 0, bytes, path.segments, 0)
        }
    }

    public func matches(_ path: String) -> Bool {
        matches(PathComponents(path))
    }

    private static func accepts(_ filter: LastSegment, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool
    {
        switch filter {
        case .any: return true
        case .equals(let literal): return equal(literal, bytes, range)
        case .affixes(let prefix, let suffix):
            guard range.count >= prefix.count + suffix.count else { return false }
            return equal(prefix, bytes, range.lowerBound..<(range.lowerBound + prefix.count))
                && equal(suffix, bytes, (range.upperBound - suffix.count)..<range.upperBound)
        }
    }

    private static func equal(_ literal: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard literal.count == range.count else { return false }
        var index = range.lowerBound
        for byte in literal {
            if bytes[index] != byte { return false }
            index += 1
        }
        return true
    }

    private static func match(
        _ pattern: [Segment], _ patternIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ path: [Range<Int>],
        _ pathIndex: Int
    ) -> Bool {
        guard patternIndex < pattern.count else { return pathIndex == path.count }
        switch pattern[patternIndex] {
        case .anyDepth:
            if patternIndex + 1 == pattern.count { return pathIndex < path.count }
            for start in pathIndex...path.count where match(pattern, patternIndex + 1, bytes, path, start) {
                return true
            }
            return false
        case .literal(let literal):
            guard pathIndex < path.count, equal(literal, bytes, path[pathIndex]) else { return false }
        case .wildcard(let tokens):
            guard pathIndex < path.count,
                matchSegment(tokens, 0, bytes, path[pathIndex].lowerBound, path[pathIndex].upperBound)
            else { return false }
        }
        return match(pattern, patternIndex + 1, bytes, path, pathIndex + 1)
    }

    private static func matchSegment(
        _ tokens: [Token], _ tokenIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int
    ) -> Bool {
        guard tokenIndex < tokens.count else { return position == end }
        switch tokens[tokenIndex] {
        case .anyRun:
            if tokenIndex + 1 == tokens.count { return true }
            var start = position
            while true {
                if matchSegment(tokens, tokenIndex + 1, bytes, start, end) { return true }
                guard start < end else { return false }
                start += scalarLength(bytes[start])
            }
        case .anyOne:
            guard position < end else { return false }
            return matchSegment(tokens, tokenIndex + 1, bytes, position + scalarLength(bytes[position]), end)
        case .byte(let expected):
            guard position < end, bytes[position] == expected else { return false }
            return matchSegment(tokens, tokenIndex + 1, bytes, position + 1, end)
        case .set(let ranges, let negated):
            guard position < end else { return false }
            let length = scalarLength(bytes[position])
            guard position + length <= end else { return false }
            let scalar = decodeScalar(bytes, position, length)
            guard ranges.contains(where: { $0.contains(scalar) }) != negated else { return false }
            return matchSegment(tokens, tokenIndex + 1, bytes, position + length, end)
        }
    }

    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ length: Int) -> UInt32 {
        guard length > 1 else { return UInt32(bytes[position]) }
        var value = UInt32(bytes[position]) & (0xFF >> (length + 1))
        for offset in 1..<length { value = value << 6 | (UInt32(bytes[position + offset]) & 0x3F) }
        return value
    }

    private static func compile(_ part: String) throws(SyntaxError) -> Segment {
        var tokens: [Token] = []
        var characters = Array(part.unicodeScalars)[...]
        var isLiteral = true
        func append(_ scalar: Unicode.Scalar) {
            tokens.append(contentsOf: String(scalar).utf8.map(Token.byte))
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
                tokens.append(try compileSet(&characters))
            default:
                append(character)
            }
        }
        if isLiteral { return .literal(literalBytes(tokens)) }
        return .wildcard(tokens)
    }

    private static func compileSet(_ characters: inout ArraySlice<Unicode.Scalar>) throws(SyntaxError) -> Token {
        var negated = false
        if let first = characters.first, first == "!" || first == "^" {
            negated = true
            characters.removeFirst()
        }
        var ranges: [ClosedRange<UInt32>] = []
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
                guard low.value <= high.value else {
                    throw SyntaxError(reason: "the range [\(low)-\(high)] is backwards")
                }
                ranges.append(low.value...high.value)
            } else {
                ranges.append(low.value...low.value)
            }
        }
        throw SyntaxError(reason: "a character class '[' is not closed with ']'")
    }
}

/// A path split on `/` once, so every rule's globs can test it without splitting or copying again.
public struct PathComponents: Sendable {
    public let path: String
    let bytes: [UInt8]
    let segments: [Range<Int>]

    public init(_ path: String) {
        self.path = path
        bytes = Array(path.utf8)
        var segments: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
            segments.append(start..<index)
            start = index + 1
        }
        segments.append(start..<bytes.count)
        self.segments = segments
    }
}
