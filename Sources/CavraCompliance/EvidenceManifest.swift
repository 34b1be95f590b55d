import CavraReport
import CavraTrust

/// The index of an evidence bundle (`cavra.evidence.v1`): every other file of the folder with its SHA-256 and
/// size, so a reader can tell the bundle arrived whole.
public struct EvidenceManifest: Codable, Sendable, Hashable {
    public static let schemaID = "cavra.evidence.v1"
    /// The manifest's own name in the folder; it does not list itself.
    public static let fileName = "manifest.json"

    public struct File: Codable, Sendable, Hashable {
        public var name: String
        /// Lower-case hex, as `sha256sum` prints it.
        public var sha256: String
        public var size: Int
    }

    public var schema = Self.schemaID
    public var files: [File]

    /// - Parameter files: each file's name in the folder and its bytes.
    public init(files: [(name: String, bytes: [UInt8])]) {
        self.files = files.sorted { $0.name < $1.name }.map {
            File(name: $0.name, sha256: Digest.sha256Hex($0.bytes), size: $0.bytes.count)
        }
    }
}

extension EvidenceManifest {
    /// The manifest as `manifest.json` holds it.
    public func json() throws(ComplianceError) -> String {
        do {
            return try JSONOutput.encode(self)
        } catch {
            throw ComplianceError("the evidence manifest could not be encoded as JSON: \(error)")
        }
    }
}
