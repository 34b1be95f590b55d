/// A bracket expression of a glob (`[a-z]`, `[!._]`, `[[:digit:]x]`), parsed as git's wildmatch parses it.
struct CharacterClass: Sendable, Hashable {
    var ranges: [ClosedRange<UInt32>] = []
    /// POSIX classes, one bit each in the order of `Named`; like git's, they hold ASCII characters only.
    var named: UInt16 = 0
    var isNegated = false

    /// Where bytes that are not UTF-8 map (plus the byte): past Unicode, so no range holds them.
    static let undecodable: UInt32 = 0x11_0000

    enum Named: String, CaseIterable {
        case alnum, alpha, blank, cntrl, digit, graph, lower, print, punct, space, upper, xdigit

        func contains(_ character: UInt32) -> Bool {
            guard character < 0x80 else { return false }
            let byte = UInt8(character)
            switch self {
            case .alnum: return Self.alpha.contains(character) || Self.digit.contains(character)
            case .alpha: return Self.lower.contains(character) || Self.upper.contains(character)
            case .blank: return byte == 0x20 || byte == 0x09
            case .cntrl: return byte < 0x20 || byte == 0x7F
            case .digit: return (0x30...0x39).contains(byte)
            case .graph: return (0x21...0x7E).contains(byte)
            case .lower: return (0x61...0x7A).contains(byte)
            case .print: return (0x20...0x7E).contains(byte)
            case .punct: return Self.graph.contains(character) && !Self.alnum.contains(character)
            case .space: return byte == 0x20 || (0x09...0x0D).contains(byte)
            case .upper: return (0x41...0x5A).contains(byte)
            case .xdigit: return Self.digit.contains(character) || (0x41...0x46).contains(byte & 0xDF)
            }
        }
    }

    /// Parses what follows a `[` up to and including its `]`. As in git, a `]` first in the class is a member, an
    /// escaped character can start a range, a `-` first, last or right after a range is a member, and `[:` without
    /// a closing `:]` is a plain `[`.
    init(parsing characters: inout ArraySlice<Unicode.Scalar>) throws(Glob.SyntaxError) {
        if let first = characters.first, first == "!" || first == "^" {
            isNegated = true
            characters.removeFirst()
        }
        var previous: UInt32?
        var isFirst = true
        while let character = characters.popFirst() {
            if character == "]" && !isFirst { return }
            isFirst = false
            switch character {
            case "\\":
                guard let escaped = characters.popFirst() else { break }
                ranges.append(escaped.value...escaped.value)
                previous = escaped.value
            case "-" where previous != nil && characters.first != nil && characters.first != "]":
                var high = characters.removeFirst()
                if high == "\\" {
                    guard let escaped = characters.popFirst() else { break }
                    high = escaped
                }
                let low = previous!
                guard low <= high.value else {
                    throw Glob.SyntaxError(
                        reason: "the range [\(Unicode.Scalar(low).map(String.init) ?? "")-\(high)] is backwards")
                }
                ranges.append(low...high.value)
                previous = nil
            case "[" where characters.first == ":":
                if let name = try Self.namedClass(after: &characters) {
                    named |= 1 << UInt16(Named.allCases.firstIndex(of: name)!)
                    previous = nil
                } else {
                    ranges.append(character.value...character.value)
                    previous = character.value
                }
            default:
                ranges.append(character.value...character.value)
                previous = character.value
            }
        }
        throw Glob.SyntaxError(reason: "a character class '[' is not closed with ']'")
    }

    /// The POSIX class `[:name:]` at the front of `characters` (which start with its `:`), consumed; nil when the
    /// next `]` is not preceded by a `:` of its own, which makes the `[` a member.
    private static func namedClass(after characters: inout ArraySlice<Unicode.Scalar>) throws(Glob.SyntaxError)
        -> Named?
    {
        let body = characters.dropFirst()
        guard let close = body.firstIndex(of: "]") else {
            throw Glob.SyntaxError(reason: "a character class '[' is not closed with ']'")
        }
        guard close > body.startIndex, body[close - 1] == ":" else { return nil }
        let name = String(String.UnicodeScalarView(body[body.startIndex..<(close - 1)]))
        guard let named = Named(rawValue: name) else {
            throw Glob.SyntaxError(
                reason: "[:\(name):] is not a character class; use one of "
                    + Named.allCases.map { "[:\($0.rawValue):]" }.joined(separator: ", "))
        }
        characters = body[(close + 1)...]
        return named
    }

    /// Whether the class holds a character; `folded` says the path was lower-cased, so an upper-case member
    /// matches its lower-case letter too.
    func contains(_ character: UInt32, folded: Bool) -> Bool {
        var found = holds(character)
        if !found, folded, (0x61...0x7A).contains(character) { found = holds(character - 0x20) }
        return found != isNegated
    }

    private func holds(_ character: UInt32) -> Bool {
        if ranges.contains(where: { $0.contains(character) }) { return true }
        guard named != 0 else { return false }
        return Named.allCases.enumerated().contains { bit, name in
            named & (1 << UInt16(bit)) != 0 && name.contains(character)
        }
    }
}
