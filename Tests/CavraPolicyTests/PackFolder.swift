import CavraPolicy
import Foundation

/// A temporary `--policy-dir` with packs written as `<dir>/<id>/policy.yaml`.
struct PackFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-packs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ id: String, _ yaml: String) throws -> String {
        let folder = url.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("policy.yaml")
        try Data(yaml.utf8).write(to: file)
        return file.path
    }

    var directory: String { url.path }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Loads the last of `packs` (id, YAML), written to a folder of their own that is removed afterwards.
    static func load(_ packs: [(String, String)]) throws -> Policy {
        let folder = try PackFolder()
        defer { folder.remove() }
        var last = ""
        for (id, text) in packs { last = try folder.write(id, text) }
        return try PolicyLoader(catalog: PolicyCatalog(searchDirectories: [folder.directory])).load(last)
    }
}
