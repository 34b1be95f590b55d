import Foundation

/// What `policy list` shows of a pack.
public struct PackSummary: Sendable, Hashable {
    public let id: String
    public let title: String
    public let ruleCount: Int
    public let parents: [String]
    /// `bundled`, or the file it was read from.
    public let source: String
}

/// Where packs are found by id: folders given by the user (`<dir>/<id>/policy.yaml`) first, then the bundle.
public struct PolicyCatalog: Sendable {
    public let searchDirectories: [String]
    /// Where packs, the folders' and the files given by path alike, are read.
    public let files: any PolicyFiles

    public init(searchDirectories: [String] = [], files: any PolicyFiles = DiskPolicyFiles()) {
        self.searchDirectories = searchDirectories
        self.files = files
    }

    static let bundledSource = "bundled"

    /// The bundled packs a user can name; the built-in checks apply under every policy and are not one to choose.
    public static let bundledIDs = BundledPacks.policies.keys.sorted().filter { $0 != BuiltInRules.packID }

    /// The text of the pack with this id and where it came from, or nil when no pack has that id.
    func packText(id: String) throws -> (text: String, source: String)? {
        for directory in searchDirectories {
            let file = URL(fileURLWithPath: directory).appendingPathComponent(id).appendingPathComponent("policy.yaml")
            if let text = try files.textIfFile(at: file.path) { return (text, file.path) }
        }
        guard id != BuiltInRules.packID else { return nil }
        return BundledPacks.policies[id].map { ($0, "\(Self.bundledSource):\(id)") }
    }

    /// Every id that can be named, user folders first.
    public func ids() -> [String] {
        var ids: [String] = []
        for directory in searchDirectories {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for entry in entries.sorted()
            where FileManager.default.fileExists(atPath: "\(directory)/\(entry)/policy.yaml") && !ids.contains(entry) {
                ids.append(entry)
            }
        }
        return ids + Self.bundledIDs.filter { !ids.contains($0) }
    }

    /// One row per pack, each validated: a broken pack in a policy folder is an error, not a silent omission.
    public func summaries() throws -> [PackSummary] {
        try ids().compactMap { id in
            guard let (text, source) = try packText(id: id) else { return nil }
            let pack = try PolicyPack(yaml: text, source: source)
            return PackSummary(
                id: pack.id, title: pack.title, ruleCount: pack.rules.count, parents: pack.extends.map(\.id),
                source: source.hasPrefix(Self.bundledSource) ? Self.bundledSource : source)
        }
    }
}
