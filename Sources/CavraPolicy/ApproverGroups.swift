import CavraModel
import CavraTrust
import Yams

/// Who may approve for which group: `.cavra/approvers.yaml` (`groups: {NAME: [PEM public key, ...]}`), read at
/// the base revision so that a change can never name its own approver.
public struct ApproverGroups: Sendable {
    /// Public keys by group name.
    public let groups: [String: [TrustedKey]]

    public init(groups: [String: [TrustedKey]] = [:]) {
        self.groups = groups
    }

    /// Reads the file strictly; `source` names it in errors (`<rev>:.cavra/approvers.yaml`, or a path).
    public init(yaml text: String, source: String) throws {
        let reader = YAMLReader(source: source)
        let root = try reader.mapping(try reader.compose(text), allowed: ["groups"], what: "the approvers file")
        guard let groupsNode = root["groups"]?.value else {
            throw PolicyError(
                "the approvers file has no groups; list each group's PEM public keys under groups: {NAME: [...]}",
                at: SourceLocation(file: source, line: 1, column: 1))
        }
        var groups: [String: [TrustedKey]] = [:]
        for (name, entry) in try reader.mapping(groupsNode, allowed: nil, what: "groups") {
            groups[name] = try reader.list(entry.value, what: "group \(name)").map { keyNode in
                let pem = try reader.nonEmptyString(keyNode, what: "a key of group \(name)")
                do {
                    let key = try TrustedKey(pem: pem, source: reader.location(keyNode).description)
                    guard key.keyID != nil else {
                        throw reader.error("group \(name) lists an HMAC secret; list PEM public keys only", at: keyNode)
                    }
                    return key
                } catch let error as TrustError {
                    throw reader.error(error.message, at: keyNode)
                }
            }
        }
        self.groups = groups
    }

    /// The groups that list a key with this id.
    public func groups(holding keyID: String) -> [String] {
        groups.filter { $0.value.contains { $0.keyID == keyID } }.keys.sorted()
    }

    public func key(_ keyID: String) -> TrustedKey? {
        groups.values.lazy.flatMap { $0 }.first { $0.keyID == keyID }
    }
}
