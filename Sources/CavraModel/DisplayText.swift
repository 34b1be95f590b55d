/// Text from a repository (paths, commands, refs, messages) made safe to show on one line of a CI log, a terminal
/// or a report. Every control character, line or paragraph separator and bidirectional control becomes a visible
/// C-style escape, as git quotes paths (`\n`, `\033`, `\342\200\250`), so nothing a path or command holds can start
/// a log line, move the cursor, colour the log or reorder what a reader sees. CI log-command prefixes that runners
/// act on wherever they appear in a line (`##vso[`, `##[`) have their first `#` escaped as `\043`.
///
/// Backslashes are left as they are: commands are full of them, and text that is already git-quoted passes
/// through unchanged, so escaping twice is harmless. It lives with the model so that every stage shows a path the
/// same way.
public enum DisplayText {
    /// The text with every unsafe character escaped; safe text comes back unchanged.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else {
            return neutralisingLogCommandPrefixes(text, hashAs: "\\043")
        }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                escaped += cEscape(scalar)
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return neutralisingLogCommandPrefixes(escaped, hashAs: "\\043")
    }

    /// The text as one line a runner never reads as a command: escaped, and with a leading `::` (GitHub reads
    /// workflow commands after leading whitespace) spelled `\072:`.
    public static func line(_ text: String) -> String {
        let escaped = escape(text)
        let indent = escaped.prefix { $0.isWhitespace }
        let rest = escaped.dropFirst(indent.count)
        guard rest.hasPrefix("::") else { return escaped }
        return indent + "\\072" + rest.dropFirst()
    }

    /// A path as people read it: unchanged when it is safe, otherwise in double quotes with `"` and `\` escaped
    /// too, the way `git status` shows such a path.
    public static func path(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: isUnsafe) else {
            return neutralisingLogCommandPrefixes(path, hashAs: "\\043")
        }
        return quoted(path.utf8)
    }

    /// A path as the bytes git stores: `path(_:)` of it when it is UTF-8, otherwise quoted with every byte that is
    /// not part of a UTF-8 character as an octal escape (`"caf\351.txt"`), as `git status` shows it.
    public static func path(bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return path(text) }
        return quoted(bytes)
    }

    private static func quoted(_ bytes: some Collection<UInt8>) -> String {
        var quoted = "\""
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                switch scalar {
                case "\"", "\\": quoted += "\\" + String(scalar)
                default: quoted += isUnsafe(scalar) ? cEscape(scalar) : String(scalar)
                }
                offset = bytes.index(offset, offsetBy: encoded.count)
            case .error(let length):
                let end = bytes.index(offset, offsetBy: length)
                quoted += bytes[offset..<end].map(octal).joined()
                offset = end
            case .emptyInput:
                return neutralisingLogCommandPrefixes(quoted + "\"", hashAs: "\\043")
            }
        }
    }

    /// Whether a character must not reach a log as it is: C0 and C1 controls and DEL, Unicode line and paragraph
    /// separators, the bidirectional embeddings, overrides, isolates and marks that reorder text on screen, and
    /// invisible characters that make two different paths look the same (zero-width space, word joiner and
    /// invisible operators, byte-order mark, interlinear annotations, tags). Joiners that scripts and emoji need
    /// (U+200C, U+200D) are kept.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x200B, 0x2060...0x2064, 0xFEFF, 0xFFF9...0xFFFB, 0xE0000...0xE007F: true
        default: false
        }
    }

    /// `\n`, `\t` and the other C escapes git uses; any other character as octal UTF-8 bytes.
    private static func cEscape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\u{0B}": return "\\v"
        case "\u{0C}": return "\\f"
        case "\r": return "\\r"
        default: return String(scalar).utf8.map(octal).joined()
        }
    }

    private static func octal(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 8)
        return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
    }

    /// Azure Pipelines reads `##vso[` anywhere in a line, and both Azure and the GitHub runner read `##[`
    /// commands; their case does not matter to the agent. The first `#` of each is spelled `escapedHash`
    /// (`\043` in text, `\u0023` in JSON).
    public static func neutralisingLogCommandPrefixes(_ text: String, hashAs escapedHash: String) -> String {
        let bytes = Array(text.utf8)
        let hash = UInt8(ascii: "#")
        guard bytes.contains(hash) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == hash, index + 1 < bytes.count, bytes[index + 1] == hash, startsCommand(bytes[(index + 2)...]) {
                result += escapedHash.utf8
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func startsCommand(_ rest: ArraySlice<UInt8>) -> Bool {
        if rest.first == UInt8(ascii: "[") { return true }
        let lowercased = rest.prefix(4).map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        return lowercased.elementsEqual("vso[".utf8)
    }
}
