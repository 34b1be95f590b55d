import CLibgit2
import CavraModel
import Glibc

/// git's order for the entries of one folder: names compared byte by byte, a folder's name as if it ended in "/".
/// Trees are stored in this order and the index's path order agrees with it, so both can be merged in one pass.
enum TreeOrder {
    static func compare(
        _ lhs: some Collection<UInt8>, isFolder lhsIsFolder: Bool, _ rhs: some Collection<UInt8>,
        isFolder rhsIsFolder: Bool
    ) -> Int {
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        while true {
            let a = left.next()
            let b = right.next()
            if let a, let b {
                if a != b { return Int(a) - Int(b) }
                continue
            }
            // A name that ends continues with "/" when it is a folder's; a file's end sorts before any byte.
            let leftByte = a.map(Int.init) ?? (lhsIsFolder ? 0x2F : -1)
            let rightByte = b.map(Int.init) ?? (rhsIsFolder ? 0x2F : -1)
            if leftByte != rightByte { return leftByte - rightByte }
            return a == nil && b == nil ? 0 : (a == nil ? -1 : 1)
        }
    }

    /// The name of a tree entry as bytes, valid while its tree is alive.
    static func name(of entry: OpaquePointer) -> UnsafeBufferPointer<UInt8> {
        let name = git_tree_entry_name(entry)!
        return UnsafeBufferPointer(
            start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name))
    }

    static func isFolder(_ entry: OpaquePointer) -> Bool {
        git_tree_entry_filemode(entry).rawValue == FileModeBits.tree
    }
}

/// How deep folders may nest before a walk refuses: git's own default for `core.maxTreeDepth`. Walks recurse
/// once per level, so a crafted tree nested deeper could otherwise exhaust the stack instead of failing closed.
enum TreeDepth {
    static let limit = 2048

    static func check(_ depth: Int, below prefix: some Collection<UInt8>) throws(GitError) {
        guard depth > limit else { return }
        throw .tooDeep(GitPath(bytes: Array(prefix.prefix(80))).description)
    }
}
