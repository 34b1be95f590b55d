import CLibgit2

/// A failed libgit2 call, captured before anything else can overwrite the thread-local error.
struct LibGit2Failure: Error {
    var code: Int32
    var errorClass: Int32
    var message: String

    var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    /// The object database could not find an object, the symptom of history cut off by a shallow clone.
    var isMissingObject: Bool { errorClass == Int32(GIT_ERROR_ODB.rawValue) }
}

enum LibGit2 {
    /// libgit2 must be initialised once per process before any other call; the count is never released
    /// because repositories may be opened until the process exits.
    static let initialized: Void = {
        git_libgit2_init()
    }()

    /// Turns a libgit2 return code into a thrown failure.
    static func check(_ code: Int32) throws(LibGit2Failure) {
        guard code < 0 else { return }
        throw failure(code)
    }

    /// The failure a negative return code stands for, read from libgit2's thread-local error.
    static func failure(_ code: Int32) -> LibGit2Failure {
        let last = git_error_last()
        return LibGit2Failure(
            code: code,
            errorClass: last.map { $0.pointee.klass } ?? 0,
            message: last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 error \(code)")
    }
}

extension git_oid {
    /// The 40-digit lowercase hex spelling.
    var hex: String {
        // Written straight into the string's storage: a change set spells two ids for every changed path.
        withUnsafeBytes(of: id) { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { buffer in
                for (offset, byte) in raw.enumerated() {
                    buffer[2 * offset] = Self.hexDigits[Int(byte >> 4)]
                    buffer[2 * offset + 1] = Self.hexDigits[Int(byte & 0x0F)]
                }
                return raw.count * 2
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Parses a full hex id; nil when it is not one.
    init?(hex: String) {
        guard hex.utf8.count == 40 else { return nil }
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }
}
