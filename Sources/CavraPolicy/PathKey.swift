/// Something a path must contain for a glob to match it, so a rule set can look its patterns up by the path
/// instead of trying every pattern on every path.
enum PathKey: Hashable {
    /// The last segment, whole.
    case name(ArraySlice<UInt8>)
    /// A segment before the last.
    case folder(ArraySlice<UInt8>)
    /// What follows the last segment's last `.`.
    case `extension`(ArraySlice<UInt8>)

    /// Keys compare ignoring the case of ASCII letters, so one lookup finds the rules of case-sensitive and
    /// case-insensitive globs alike without a lower-cased copy of the path; the glob itself then decides.
    static func == (lhs: PathKey, rhs: PathKey) -> Bool {
        let (left, right) = (lhs.parts, rhs.parts)
        guard left.kind == right.kind, left.bytes.count == right.bytes.count else { return false }
        return zip(left.bytes, right.bytes).allSatisfy {
            PathComponents.lowercased($0) == PathComponents.lowercased($1)
        }
    }

    /// Hashes the lower-cased bytes in one call rather than one call a byte, from a stack buffer: every segment of
    /// every changed path is looked up.
    func hash(into hasher: inout Hasher) {
        let (kind, bytes) = parts
        hasher.combine(kind)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { folded in
            for (offset, byte) in bytes.enumerated() { folded[offset] = PathComponents.lowercased(byte) }
            hasher.combine(bytes: UnsafeRawBufferPointer(folded))
        }
    }

    private var parts: (kind: UInt8, bytes: ArraySlice<UInt8>) {
        switch self {
        case .name(let bytes): (0, bytes)
        case .folder(let bytes): (1, bytes)
        case .`extension`(let bytes): (2, bytes)
        }
    }
}

extension Glob {
    /// The most telling key every path this pattern matches has: the name, else a folder, else the extension
    /// (names are rarer than folders, folders rarer than extensions); nil when no key is certain (`**/.env.*`).
    var key: PathKey? {
        if case .equals(let name) = lastSegment { return .name(name[...]) }
        // A literal segment other than the last is matched by a path segment before the last: the pattern
        // segments after it always take at least one path segment between them (a trailing `**` takes one or more).
        for segment in segments.dropLast() {
            if case .literal(let folder) = segment { return .folder(folder[...]) }
        }
        if case .affixes(_, let suffix) = lastSegment, let dot = suffix.lastIndex(of: UInt8(ascii: ".")) {
            return .extension(suffix[(dot + 1)...])
        }
        return nil
    }
}

extension PathComponents {
    /// Calls `body` with every key the path has; a glob whose key is not among them cannot match the path.
    func forEachKey(_ body: (PathKey) -> Void) {
        guard let name = segments.last else { return }
        body(.name(bytes[name]))
        if let dot = bytes[name].lastIndex(of: UInt8(ascii: ".")) {
            body(.extension(bytes[(dot + 1)..<name.upperBound]))
        }
        for folder in segments.dropLast() { body(.folder(bytes[folder])) }
    }
}
