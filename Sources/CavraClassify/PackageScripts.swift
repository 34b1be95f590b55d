import CavraModel

/// `package.json` `scripts` as npm reads them: strict JSON (`JSON.parse`, after a byte-order mark), where a key
/// given twice keeps its last value and `\u` escapes spell keys (`"\u0070ostinstall"` is `postinstall`). Each
/// script is judged at the line of the key that npm keeps. A file npm cannot parse, an empty one included, is a
/// parse problem: npm refuses to install from it, and the gate cannot say what it would run.
enum PackageScripts {
    static func facts(in file: SourceFile) -> [Fact] {
        var scanner = JSONScanner(Array(file.text.utf8))
        let scripts: [String: JSONScanner.Entry]
        do {
            scripts = try scanner.scripts()
        } catch {
            return [file.parseProblem(line: error.line, column: error.column, "invalid JSON: \(error.message)")]
        }
        var facts: [Fact] = []
        for (name, entry) in scripts.sorted(by: {
            ($0.value.lines.lowerBound, $0.key) < ($1.value.lines.lowerBound, $1.key)
        }) {
            guard let command = entry.command, let unit = file.judgement(of: entry.lines) else { continue }
            // The script rather than its line: a minified file holds every script on one line.
            facts += file.shellFacts(
                ShellParser.parse(command, firstLine: entry.lines.lowerBound), unit: unit, text: "\(name): \(command)")
        }
        return facts
    }
}

/// A single pass over JSON text that keeps where each key of the top-level `scripts` object is written.
private struct JSONScanner {
    struct Failure: Error {
        var message: String
        var line: Int
        var column: Int
    }

    /// A script: its command when the value is a string, and the lines from its key to the end of its value.
    struct Entry {
        var command: String?
        var lines: ClosedRange<Int>
    }

    static let maximumDepth = 512

    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        lineStart = index
    }

    func failure(_ message: String) -> Failure {
        Failure(message: message, line: line, column: index - lineStart + 1)
    }

    var unexpected: Failure {
        index < bytes.count
            ? failure("unexpected character '\(String(decoding: [bytes[index]], as: UTF8.self))'")
            : failure("unexpected end of JSON input")
    }

    /// The scripts of the document, which must be one JSON value; empty when it has none.
    mutating func scripts() throws(Failure) -> [String: Entry] {
        skipSpace()
        var scripts: [String: Entry] = [:]
        if peek == UInt8(ascii: "{") {
            try object(depth: 1) { scanner, key, _ throws(Failure) in
                guard key == "scripts" else { return false }
                scanner.skipSpace()
                if scanner.peek == UInt8(ascii: "{") {
                    scripts = try scanner.scriptEntries()
                } else {
                    scripts = [:]
                    try scanner.value(depth: 2)
                }
                return true
            }
        } else {
            try value(depth: 1)
        }
        skipSpace()
        guard index == bytes.count else { throw unexpected }
        return scripts
    }

    mutating func scriptEntries() throws(Failure) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        try object(depth: 2) { scanner, key, keyLine throws(Failure) in
            scanner.skipSpace()
            var command: String?
            if scanner.peek == UInt8(ascii: "\"") {
                command = try scanner.string()
            } else {
                try scanner.value(depth: 3)
            }
            entries[key] = Entry(command: command, lines: keyLine...scanner.line)
            return true
        }
        return entries
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            default:
                return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard peek == byte else { throw unexpected }
        index += 1
    }

    /// Reads an object; `member` reads the value of a key itself (returning true) or leaves it to be skipped.
    mutating func object(
        depth: Int, member: (inout JSONScanner, String, Int) throws(Failure) -> Bool
    ) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw failure("nested too deeply") }
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw unexpected }
            let keyLine = line
            let key = try string()
            try expect(UInt8(ascii: ":"))
            if try !member(&self, key, keyLine) { try value(depth: depth + 1) }
            skipSpace()
            guard let next = peek else { throw unexpected }
            index += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else {
                index -= 1
                throw unexpected
            }
        }
    }

    mutating func value(depth: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw failure("nested too deeply") }
        skipSpace()
        guard let byte = peek else { throw unexpected }
        switch byte {
        case UInt8(ascii: "{"):
            try object(depth: depth) { _, _, _ in false }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if peek == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try value(depth: depth + 1)
                skipSpace()
                guard let next = peek else { throw unexpected }
                index += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else {
                    index -= 1
                    throw unexpected
                }
            }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            try number()
        }
    }

    mutating func literal(_ word: String) throws(Failure) {
        for byte in word.utf8 {
            guard peek == byte else { throw unexpected }
            index += 1
        }
    }

    mutating func number() throws(Failure) {
        func digits(_ scanner: inout JSONScanner) throws(Failure) {
            guard let byte = scanner.peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                throw scanner.unexpected
            }
            while let byte = scanner.peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { scanner.index += 1 }
        }
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") { index += 1 } else { try digits(&self) }
        if peek == UInt8(ascii: ".") {
            index += 1
            try digits(&self)
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            try digits(&self)
        }
    }

    /// A string with its escapes undone; lone surrogates become U+FFFD, as JavaScript strings print them.
    mutating func string() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        var output: [UInt8] = []
        var pendingHigh: UInt32?
        func flushHigh() {
            if pendingHigh != nil { output += Array("\u{FFFD}".utf8) }
            pendingHigh = nil
        }
        while true {
            guard let byte = peek else { throw unexpected }
            guard byte >= 0x20 else { throw unexpected }
            index += 1
            if byte == UInt8(ascii: "\"") {
                flushHigh()
                return String(decoding: output, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\") else {
                flushHigh()
                output.append(byte)
                continue
            }
            guard let escaped = peek else { throw unexpected }
            index += 1
            let simple: [UInt8: UInt8] = [
                UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
                UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12,
                UInt8(ascii: "n"): 10, UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9,
            ]
            if let character = simple[escaped] {
                flushHigh()
                output.append(character)
                continue
            }
            guard escaped == UInt8(ascii: "u"), index + 4 <= bytes.count,
                let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16)
            else {
                index -= 1
                throw failure("bad escape in a string")
            }
            index += 4
            if let high = pendingHigh, (0xDC00...0xDFFF).contains(code) {
                pendingHigh = nil
                let scalar = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                output += Array(String(UnicodeScalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                continue
            }
            flushHigh()
            if (0xD800...0xDBFF).contains(code) {
                pendingHigh = code
            } else {
                output += Array(String(UnicodeScalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
            }
        }
    }
}
