/// A repository-relative path as git stores it: bytes, which need not be UTF-8. Equality, order and matching
/// are on the bytes; text appears only where a path is shown (`description`).
public struct GitPath: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(_ text: String) { bytes = Array(text.utf8) }

    public init(stringLiteral text: String) { self.init(text) }

    /// Encoded as its `description`, so JSON can carry a path that is not UTF-8.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let spelling = try container.decode(String.self)
        guard let path = GitPath(quoted: spelling) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "malformed quoted path \(spelling)")
        }
        self = path
    }

    /// git's order: byte by byte.
    public static func < (lhs: GitPath, rhs: GitPath) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public func hasPrefix(_ prefix: String) -> Bool { bytes.starts(with: prefix.utf8) }

    /// The path decoded for telling its kind by name and suffix, which decoding keeps even where a byte is not
    /// UTF-8; it only classifies and never names the file (use `description` for that).
    public var shape: String { String(decoding: bytes, as: UTF8.self) }

    /// The path as git prints it with `core.quotePath=false`, except that bytes which are not part of valid UTF-8
    /// are escaped too: unchanged when it holds no control character, `"`, `\` or invalid byte; otherwise in double
    /// quotes with C escapes (`"caf\351/.env"`, `"a\nb"`). A quoted spelling always starts with `"`, and every path
    /// holding `"` is quoted, so `init(quoted:)` reads any spelling back to the same bytes.
    public var description: String {
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            while position < buffer.count {
                guard let length = UTF8Validation.sequenceLength(buffer, at: position),
                    !Self.needsEscape(buffer[position])
                else { return Self.quoted(buffer) }
                position += length
            }
            return String(decoding: buffer, as: UTF8.self)
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let letterEscapes: [UInt8: Character] = [
        0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r", 0x22: "\"", 0x5C: "\\",
    ]

    private static func quoted(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        var text = "\""
        var position = 0
        while position < buffer.count {
            let byte = buffer[position]
            if let length = UTF8Validation.sequenceLength(buffer, at: position), !needsEscape(byte) {
                text += String(
                    decoding: UnsafeBufferPointer(rebasing: buffer[position..<(position + length)]), as: UTF8.self)
                position += length
                continue
            }
            text.append("\\")
            if let letter = letterEscapes[byte] {
                text.append(letter)
            } else {
                text += String(byte >> 6) + String(byte >> 3 & 7) + String(byte & 7)
            }
            position += 1
        }
        return text + "\""
    }

    /// Reads back a spelling `description` produced; nil when a quoted spelling is malformed.
    public init?(quoted spelling: String) {
        guard spelling.hasPrefix("\"") else {
            self.init(spelling)
            return
        }
        var bytes: [UInt8] = []
        var input = Array(spelling.utf8).dropFirst()[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "\"") {
                guard input.isEmpty else { return nil }
                self.init(bytes: bytes)
                return
            }
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                continue
            }
            guard let escape = input.popFirst() else { return nil }
            if let (code, _) = Self.letterEscapes.first(where: { $0.value.asciiValue == escape }) {
                bytes.append(code)
                continue
            }
            let digits = [escape] + input.prefix(2)
            guard digits.count == 3, digits.allSatisfy({ (0x30...0x37).contains($0) }) else { return nil }
            input.removeFirst(2)
            bytes.append(digits.reduce(0) { $0 << 3 | ($1 - 0x30) })
        }
        return nil
    }
}

/// Well-formed UTF-8 as Unicode defines it (no overlong forms, surrogates or values past U+10FFFF).
public enum UTF8Validation {
    /// The length of the well-formed sequence starting at `position`, or nil when the byte there starts none.
    @inlinable
    public static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        let lead = bytes[position]
        if lead < 0x80 { return 1 }
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            second = 0xA0...0xBF
        case 0xED:
            length = 3
            second = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0:
            length = 4
            second = 0x90...0xBF
        case 0xF4:
            length = 4
            second = 0x80...0x8F
        case 0xF1...0xF3: length = 4
        default: return nil
        }
        guard position + length <= bytes.count, second.contains(bytes[position + 1]) else { return nil }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[position + offset]) { return nil }
        return length
    }
}
