/// What of a path decides its kind: its name, its first two folders and how deep it is. The segments are those
/// `split(separator: "/")` gives, found without building them all when the path is ASCII.
struct PathShape {
    /// The last segment.
    let name: Substring
    let first: Substring
    let second: Substring?
    let depth: Int
    /// In ASCII every byte is a character, so the name's bytes can be searched in place of its characters.
    let isASCII: Bool

    init?(_ path: String) {
        if let cuts = path.utf8.withContiguousStorageIfAvailable(ASCIICuts.init) ?? nil {
            guard let first = cuts.first, let last = cuts.last else { return nil }
            let utf8 = path.utf8
            func substring(_ range: Range<Int>) -> Substring {
                let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
                return path[start..<utf8.index(start, offsetBy: range.count)]
            }
            name = substring(last)
            self.first = substring(first)
            second = cuts.second.map(substring)
            depth = cuts.depth
            isASCII = true
        } else {
            let segments = path.split(separator: "/")
            guard let first = segments.first, let last = segments.last else { return nil }
            name = last
            self.first = first
            second = segments.dropFirst().first
            depth = segments.count
            isASCII = false
        }
    }
}

/// Where an ASCII path's first, second and last segments lie; cutting ASCII bytes at `/` cuts where characters
/// would, and only those three segments need to become substrings.
private struct ASCIICuts {
    var first: Range<Int>?
    var second: Range<Int>?
    var last: Range<Int>?
    var depth = 0

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var start = 0
        for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
            if start < end {
                depth += 1
                if depth == 1 { first = start..<end } else if depth == 2 { second = start..<end }
                last = start..<end
            }
            start = end + 1
        }
    }
}
