import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files only the current user can read, written so that no one else can swap them.
enum PrivateFile {
    /// Creates `path` exclusively with mode 0600 and writes `contents`; false when it exists or cannot be written.
    static func create(_ path: String, contents: some DataProtocol) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return false }
        let bytes = Array(contents)
        var offset = 0
        let written = bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let closed = close(descriptor) == 0
        if !(written && closed) { unlink(path) }
        return written && closed
    }

    /// Replaces `path` in one step: readers see the old contents or the new, never a part.
    static func replace(_ path: String, contents: some DataProtocol) -> Bool {
        let temporary = "\(path).\(UUID().uuidString).tmp"
        guard create(temporary, contents: contents) else { return false }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
