/// What of a path decides its kind: its name, its first two folders and how deep it is. The segments are those
/// `split(separator: "/")` gives, found without building them all.
struct PathShape {
    /// The last segment.
    let name: Substring
    let first: Substring
    let second: Substring?
    let depth: Int

    init?(_ path: String) {
        var first: Substring?
        var second: Substring?
        var name: Substring?
        var depth = 0
        func add(_ segment: Substring) {
            depth += 1
            if depth == 1 { first = segment } else if depth == 2 { second = segment }
            name = segment
        }
        if path.utf8.allSatisfy({ $0 < 0x80 }) {
            // In ASCII every byte is a character, so cutting bytes at `/` cuts where characters would, and quickly.
            var start = path.startIndex
            for index in path.utf8.indices where path.utf8[index] == UInt8(ascii: "/") {
                if start < index { add(path[start..<index]) }
                start = path.utf8.index(after: index)
            }
            if start < path.endIndex { add(path[start...]) }
        } else {
            path.split(separator: "/").forEach(add)
        }
        guard let first, let name else { return nil }
        self.first = first
        self.second = second
        self.name = name
        self.depth = depth
    }
}
