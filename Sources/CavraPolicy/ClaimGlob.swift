/// A pattern a runner-identity claim must match as a whole: `*` and `?` stay within one `/`-separated segment,
/// `**` crosses `/`, `\` escapes, everything else is literal. Unlike a path glob it is never matched at any
/// depth and a trailing `/` means nothing special, so `acme/app` never matches `acme/app-evil` or `x/acme/app`.
public struct ClaimGlob: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case byte(UInt8)
        case anyOne
        case anyInSegment
        case anyAcrossSegments
    }

    public let pattern: String
    let tokens: [Token]

    public var description: String { pattern }

    public init(_ pattern: String) throws(Glob.SyntaxError) {
        guard !pattern.isEmpty else { throw Glob.SyntaxError(reason: "an empty pattern matches nothing") }
        var tokens: [Token] = []
        var bytes = Array(pattern.utf8)[...]
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escaped = bytes.popFirst() else {
                    throw Glob.SyntaxError(reason: "a pattern cannot end with a lone backslash")
                }
                tokens.append(.byte(escaped))
            case UInt8(ascii: "?"): tokens.append(.anyOne)
            case UInt8(ascii: "*"):
                if bytes.first == UInt8(ascii: "*") {
                    while bytes.first == UInt8(ascii: "*") { bytes.removeFirst() }
                    tokens.append(.anyAcrossSegments)
                } else {
                    tokens.append(.anyInSegment)
                }
            default: tokens.append(.byte(byte))
            }
        }
        self.pattern = pattern
        self.tokens = tokens
    }

    public func matches(_ value: String) -> Bool {
        let text = Array(value.utf8)
        // Which text offsets the tokens so far can end at; one pass per token keeps the cost linear in each.
        var reachable = [Bool](repeating: false, count: text.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: text.count + 1)
            for start in 0...text.count where reachable[start] {
                switch token {
                case .byte(let byte):
                    if start < text.count, text[start] == byte { next[start + 1] = true }
                case .anyOne:
                    if start < text.count, text[start] != UInt8(ascii: "/") {
                        next[Self.characterEnd(text, from: start)] = true
                    }
                case .anyInSegment:
                    var end = start
                    next[end] = true
                    while end < text.count, text[end] != UInt8(ascii: "/") {
                        end += 1
                        next[end] = true
                    }
                case .anyAcrossSegments:
                    for end in start...text.count { next[end] = true }
                }
            }
            reachable = next
        }
        return reachable[text.count]
    }

    /// `?` is one character, not one byte, of a UTF-8 claim.
    private static func characterEnd(_ text: [UInt8], from start: Int) -> Int {
        var end = start + 1
        while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }
}
