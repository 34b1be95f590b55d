import CLibgit2

/// libgit2 is reference-counted global state; initialising it once for the process is enough.
let libgit2Initialised: Bool = {
    git_libgit2_init()
    return true
}()

/// Owns one libgit2 object and frees it with its own function when the owner goes away.
final class Owned<Pointer> {
    let pointer: Pointer
    private let free: (Pointer) -> Void

    init(_ pointer: Pointer, free: @escaping (Pointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    deinit { free(pointer) }
}

typealias CommitHandle = Owned<OpaquePointer>
typealias TreeHandle = Owned<OpaquePointer>

extension git_oid {
    /// The 40-digit hex form.
    var hex: String {
        var copy = self
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_tostr(&buffer, buffer.count, &copy)
        return String(cString: buffer)
    }

    init?(hex: String) {
        var oid = git_oid()
        guard hex.utf8.count == Int(GIT_OID_HEXSZ), git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }

    var isZero: Bool {
        var copy = self
        return git_oid_is_zero(&copy) == 1
    }
}
