import CLibgit2
import CavraModel
import Glibc

/// The entries and cache tree of a git index file (`.git/index`), read directly rather than through libgit2.
///
/// libgit2 1.5 spends about 30 ms loading a 50k-entry index (it hashes the whole file with collision-detecting
/// SHA-1 and builds a path map) before a staged diff can start, more than the rest of a pre-commit run. Like
/// git, which verifies the trailing checksum only in `git fsck`, this reader trusts it. It understands index
/// versions 2, 3 and 4 and reads the `TREE` extension; anything it does not (a sparse index, merge conflicts,
/// intent-to-add entries, an unknown required extension, a file that does not parse) makes `read` throw, so the
/// caller uses libgit2, which either supports it or reports it. A split index is the one format neither reads.
struct IndexFile {
    /// 32-bit offsets keep 50,000 entries in under a megabyte; an index of 4 GiB or more is libgit2's.
    struct Entry {
        /// Where the path's bytes start in `paths`, and how many.
        var pathStart: UInt32
        var pathCount: UInt32
        var mode: UInt32
        /// Where the 20-byte object id starts in `bytes`.
        var idStart: UInt32
    }

    /// The index file, which entries point into.
    private let file: ByteStore
    /// Entry paths: the file itself for versions 2 and 3, decompressed copies for version 4.
    private let pathStore: ByteStore
    let entries: [Entry]
    /// The cached tree ids of folders whose content has not changed since a tree was last written from the index.
    let cacheTree: CacheTree?

    static let idLength = 20
    /// An entry starts with ten 32-bit fields (ctime, mtime, dev, ino, mode, uid, gid, size), then the object
    /// id and 16 bits of flags, then the path.
    private static let modeOffset = 24
    private static let idOffset = 40
    private static let flagsOffset = idOffset + idLength
    private static let fixedEntryLength = flagsOffset + 2

    func path(of entry: Entry) -> Slice<UnsafeRawBufferPointer> {
        pathStore.bytes[Int(entry.pathStart)..<Int(entry.pathStart + entry.pathCount)]
    }

    func id(of entry: Entry) -> Slice<UnsafeRawBufferPointer> {
        file.bytes[Int(entry.idStart)..<(Int(entry.idStart) + Self.idLength)]
    }

    func hexID(of entry: Entry) -> String { Self.hex(id(of: entry)) }

    /// The position of the first entry whose path does not sort before `path`, by bisection: a file read here
    /// is in the index's order (`read` refuses one that is not).
    func firstEntry(notBefore path: [UInt8]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if self.path(of: entries[middle]).lexicographicallyPrecedes(path) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// The file at `path`, or a folder (with no id) when files lie under it: the index holds files only.
    func treeEntry(at path: String) -> TreeEntry? {
        let bytes = Array(path.utf8)
        let position = firstEntry(notBefore: bytes)
        if position < entries.count, self.path(of: entries[position]).elementsEqual(bytes) {
            let entry = entries[position]
            return TreeEntry(path: path, mode: FileMode(rawValue: entry.mode), id: hexID(of: entry))
        }
        let folder = bytes + [UInt8(ascii: "/")]
        let inside = firstEntry(notBefore: folder)
        guard inside < entries.count, self.path(of: entries[inside]).starts(with: folder) else { return nil }
        return TreeEntry(path: path, mode: .tree, id: "")
    }

    /// The files under `folder`, at most `limit`, in path order.
    func files(under folder: String, limit: Int) -> [TreeEntry] {
        let prefix = Array(folder.utf8) + [UInt8(ascii: "/")]
        return entries[firstEntry(notBefore: prefix)...].lazy
            .prefix { self.path(of: $0).starts(with: prefix) }
            .prefix(limit)
            .map {
                TreeEntry(
                    path: String(decoding: self.path(of: $0), as: UTF8.self), mode: FileMode(rawValue: $0.mode),
                    id: self.hexID(of: $0))
            }
    }

    static func hex(_ raw: Slice<UnsafeRawBufferPointer>) -> String {
        var id = git_oid()
        _ = git_oid_fromraw(&id, raw.base.baseAddress! + raw.startIndex)
        return id.hex
    }

    enum Unsupported: Error, Equatable {
        /// `core.splitIndex`: the entries live partly in a shared index file.
        case splitIndex
        case other
    }

    static func read(path: String) throws(Unsupported) -> IndexFile {
        guard let file = ByteStore(mapping: path), let index = try IndexFile(file: file) else { throw .other }
        return index
    }

    private init?(file: ByteStore) throws(Unsupported) {
        let bytes = file.bytes
        var reader = ByteReader(bytes: bytes)
        guard let magic = reader.take(4), magic.elementsEqual("DIRC".utf8), let version = reader.uint32(),
            (2...4).contains(version), let count = reader.uint32(), bytes.count >= 12 + Self.idLength
        else { return nil }
        let checksumStart = bytes.count - Self.idLength
        // A count the file is too short to hold is damage; trusting it would reserve gigabytes.
        guard Int(count) <= bytes.count / Self.fixedEntryLength else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var decompressed: [UInt8] = []
        var current: [UInt8] = []
        var previous: Range<Int> = 0..<0
        // Checked to the end rather than failing at once: a split index's placeholder entries have empty names,
        // and only its extension, after the entries, says that is what it is.
        var inOrder = true
        for _ in 0..<count {
            let start = reader.offset
            guard checksumStart - start >= Self.fixedEntryLength else { return nil }
            let mode = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: start + Self.modeOffset, as: UInt32.self))
            let flags = UInt16(
                bigEndian: bytes.loadUnaligned(fromByteOffset: start + Self.flagsOffset, as: UInt16.self))
            _ = reader.skip(Self.fixedEntryLength)
            let stage = (flags >> 12) & 0b11
            let extended = flags & 0x4000 != 0
            // Conflicts and the intent-to-add or skip-worktree markers of version 3 are libgit2's to interpret.
            guard stage == 0, !extended, mode != 0o040000 else { return nil }
            if version == 4 {
                // The path is the previous one less `strip` bytes at its end, plus the bytes stored here.
                guard let strip = reader.varint(), strip <= current.count, let suffix = reader.takeUntilNUL() else {
                    return nil
                }
                current.removeLast(strip)
                current.append(contentsOf: bytes[suffix])
                let path = decompressed.count..<(decompressed.count + current.count)
                decompressed.append(contentsOf: current)
                inOrder = inOrder && decompressed.withUnsafeBytes { Self.sorts($0[previous], before: $0[path]) }
                previous = path
            } else {
                guard let name = reader.takeUntilNUL(knownLength: Int(flags & 0xFFF)) else { return nil }
                inOrder = inOrder && Self.sorts(bytes[previous], before: bytes[name])
                previous = name
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                let length = (reader.offset - start + 7) & ~7
                guard reader.skip(start + length - reader.offset) else { return nil }
            }
            guard previous.upperBound <= UInt32.max else { return nil }
            entries.append(
                Entry(
                    pathStart: UInt32(previous.lowerBound), pathCount: UInt32(previous.count), mode: mode,
                    idStart: UInt32(start + Self.idOffset)))
        }
        var cacheTree: CacheTree?
        while reader.offset < checksumStart {
            guard let signature = reader.take(4), let size = reader.uint32(),
                reader.offset + Int(size) <= checksumStart
            else { return nil }
            let body = reader.offset..<(reader.offset + Int(size))
            if signature.elementsEqual("TREE".utf8) {
                guard let parsed = CacheTree.parse(bytes[body]) else { return nil }
                cacheTree = parsed
            } else if signature.elementsEqual("link".utf8) {
                throw .splitIndex
            } else if !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(signature.first!) {
                // A lowercase signature marks an extension git says must be understood (such as a sparse index).
                return nil
            }
            _ = reader.skip(Int(size))
        }
        guard reader.offset == checksumStart, inOrder else { return nil }
        self.file = file
        self.pathStore = version == 4 ? ByteStore(copying: decompressed) : file
        self.entries = entries
        self.cacheTree = cacheTree
    }

    /// Whether one path sorts strictly before another in the index's order. The staged diff finds a folder's
    /// entries by bisection, so an index out of order (which git never writes) goes to libgit2, which sorts it.
    private static func sorts(_ earlier: Slice<UnsafeRawBufferPointer>, before later: Slice<UnsafeRawBufferPointer>)
        -> Bool
    {
        let common = min(earlier.count, later.count)
        let order =
            common == 0
            ? 0
            : memcmp(earlier.base.baseAddress! + earlier.startIndex, later.base.baseAddress! + later.startIndex, common)
        return order < 0 || (order == 0 && earlier.count < later.count)
    }
}

/// Bytes that stay at one address for as long as this object lives: a file mapped read-only, or a heap copy.
final class ByteStore {
    let bytes: UnsafeRawBufferPointer
    private let isMapping: Bool

    /// Maps a file. git replaces its index by renaming a new file over it, never by rewriting it in place, so
    /// the mapping stays whole while it is read; mapping rather than reading saves copying megabytes.
    init?(mapping path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0,
            let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
            address != MAP_FAILED
        else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: Int(info.st_size))
        isMapping = true
    }

    init(copying source: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 1)
        copy.copyBytes(from: source)
        bytes = UnsafeRawBufferPointer(rebasing: copy[..<source.count])
        isMapping = false
    }

    deinit {
        if isMapping {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            bytes.deallocate()
        }
    }
}

/// The `TREE` extension: for each folder, while it is still valid, the id of the tree its index entries make.
struct CacheTree {
    /// Nil when the folder changed since the tree was written.
    var id: [UInt8]?
    var children: [[UInt8]: CacheTree]

    static func parse(_ bytes: Slice<UnsafeRawBufferPointer>) -> CacheTree? {
        var reader = ByteReader(bytes: bytes)
        guard let root = parseNode(&reader, depth: 0), reader.offset == bytes.endIndex else { return nil }
        return root.tree
    }

    /// One folder and, recursively, its subfolders, which follow it in the extension. A folder records how many
    /// index entries it covers, -1 once invalidated, and then has no id.
    private static func parseNode(_ reader: inout ByteReader<Slice<UnsafeRawBufferPointer>>, depth: Int) -> (
        name: [UInt8], tree: CacheTree
    )? {
        guard depth <= TreeDepth.limit, let name = reader.takeUntilNUL(),
            let entryCount = reader.decimal(until: UInt8(ascii: " ")),
            let subtreeCount = reader.decimal(until: UInt8(ascii: "\n")), subtreeCount >= 0
        else { return nil }
        var id: [UInt8]?
        if entryCount >= 0 {
            guard let raw = reader.take(IndexFile.idLength) else { return nil }
            id = Array(raw)
        }
        var children: [[UInt8]: CacheTree] = [:]
        for _ in 0..<subtreeCount {
            guard let child = parseNode(&reader, depth: depth + 1) else { return nil }
            children[child.name] = child.tree
        }
        return (Array(reader.bytes[name]), CacheTree(id: id, children: children))
    }
}

/// Big-endian reads over a byte buffer, each returning nil rather than reading past the end.
struct ByteReader<Bytes: RandomAccessCollection<UInt8>> where Bytes.Index == Int {
    let bytes: Bytes
    var offset: Int

    init(bytes: Bytes) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, bytes.endIndex - offset >= count else { return false }
        offset += count
        return true
    }

    mutating func take(_ count: Int) -> Bytes.SubSequence? {
        let start = offset
        return skip(count) ? bytes[start..<offset] : nil
    }

    mutating func uint32() -> UInt32? {
        take(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    /// The bytes up to a NUL, which is consumed but not returned; `knownLength` (when below 0xFFF, as the index
    /// records it) saves searching for it.
    mutating func takeUntilNUL(knownLength: Int = 0xFFF) -> Range<Int>? {
        if knownLength < 0xFFF {
            let end = offset + knownLength
            guard end < bytes.endIndex, bytes[end] == 0 else { return nil }
            defer { offset = end + 1 }
            return offset..<end
        }
        guard let end = bytes[offset...].firstIndex(of: 0) else { return nil }
        defer { offset = end + 1 }
        return offset..<end
    }

    /// git's variable-length integer of index version 4, where each continuation adds one so that every
    /// value has a single spelling.
    mutating func varint() -> Int? {
        guard offset < bytes.endIndex else { return nil }
        var byte = bytes[offset]
        offset += 1
        var value = Int(byte & 0x7F)
        while byte & 0x80 != 0 {
            guard offset < bytes.endIndex, value < Int.max >> 8 else { return nil }
            byte = bytes[offset]
            offset += 1
            value = ((value + 1) << 7) | Int(byte & 0x7F)
        }
        return value
    }

    /// An ASCII decimal, possibly negative, followed by `terminator`.
    mutating func decimal(until terminator: UInt8) -> Int? {
        guard let end = bytes[offset...].firstIndex(of: terminator) else { return nil }
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        offset = end + 1
        return Int(text)
    }
}
