import Foundation

/// What a policy path names.
public enum PolicyFileItem: Sendable, Hashable {
    case file, folder
}

/// Where the loader reads pack files and their signatures: the disk, or, for paths inside the work tree being
/// judged, a trusted revision of it, so that a change never supplies the policy that judges it. The loader only
/// asks for paths; what a path means is the reader's business, which keeps this module free of git.
public protocol PolicyFiles: Sendable {
    /// A file, a folder, or nil when nothing is at `path`.
    func item(at path: String) throws -> PolicyFileItem?
    /// The text of the file at `path`, which must be UTF-8.
    func text(at path: String) throws -> String
}

extension PolicyFiles {
    /// The text of the file at `path`, or nil when there is no file.
    func textIfFile(at path: String) throws -> String? {
        try item(at: path) == .file ? text(at: path) : nil
    }

    /// The text of `<pack>.sig.json` beside a pack file, or nil when there is none.
    public func signatureText(of pack: PackFile) throws -> String? {
        try textIfFile(at: pack.signaturePath)
    }
}

/// The files as they are on disk.
public struct DiskPolicyFiles: PolicyFiles {
    public init() {}

    public func item(at path: String) throws -> PolicyFileItem? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? .folder : .file
    }

    public func text(at path: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyError(
                "cannot read policy file \(path): \(error.localizedDescription); check the path and its permissions")
        }
        return try PolicyLoader.utf8(data, path: path)
    }
}
