import CavraTrust
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Key sets on disk, one file per URL named by the URL's SHA-256: a first line with the expiry time in Unix
/// seconds, then the document as served. Only the current user can read or write the folder and its files.
struct JWKSCache: Sendable {
    let folder: String

    static func defaultFolder(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/cavra-gate/jwks" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/cavra-gate/jwks"
    }

    static func isKeySet(_ bytes: [UInt8]) -> Bool {
        let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        return object?["keys"] is [Any]
    }

    func path(for url: String) -> String { folder + "/" + Digest.sha256Hex(url) + ".jwks" }

    /// The cached document while it is fresh; nil when absent, expired or unreadable.
    func read(url: String, now: Date) -> [UInt8]? {
        guard let contents = FileManager.default.contents(atPath: path(for: url)),
            let newline = contents.firstIndex(of: UInt8(ascii: "\n")),
            let expires = Double(String(decoding: contents[..<newline], as: UTF8.self)),
            now.timeIntervalSince1970 < expires
        else { return nil }
        let document = Array(contents[(newline + 1)...])
        return Self.isKeySet(document) ? document : nil
    }

    /// Keeps `document` until `expires`. A cache that cannot be written only costs a fetch next time, so a
    /// read-only home folder never fails the gate.
    func write(_ document: [UInt8], url: String, expires: Date) {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return
        }
        chmod(folder, 0o700)
        let header = Array("\(Int(expires.timeIntervalSince1970.rounded(.down)))\n".utf8)
        _ = PrivateFile.replace(path(for: url), contents: header + document)
    }
}
