import CavraModel
import CavraPolicy
import CavraTrust
import Foundation
import Testing

@Suite("Loading packs strictly")
struct PolicyLoadingTests {
    static let loader = PolicyLoader(catalog: PolicyCatalog())

    static func load(_ yaml: String) throws -> Policy {
        try loader.load(yaml: yaml, sourceName: "pack.yaml")
    }

    static let header = "schema: cavra.policy.v1\nmetadata: {id: p, title: P}\n"

    @Test(
        "bad packs are errors at file:line:column",
        arguments: [
            ("schema: cavra.policy.v1\nmetadata: {id: p, title: P\nrules: []\n", "pack.yaml:3:", "invalid YAML"),
            (header + "rules: []\ncolour: red\n", "pack.yaml:4:1", "unknown key 'colour'"),
            (
                header + "rules:\n  - id: a\n    match: {paths: [x]}\n    decision: maybe\n", "pack.yaml:6:15",
                "decision"
            ),
            (
                header + "rules:\n  - id: a\n    match: {paths: x}\n    decision: deny\n", "pack.yaml:5:20",
                "must be a list"
            ),
            (
                header
                    + "rules:\n  - {id: a, match: {paths: [x]}, decision: deny}\n  - {id: a, match: {paths: [y]}, decision: deny}\n",
                "pack.yaml:5:5", "duplicate rule id 'a'"
            ),
            (
                header + "rules:\n  - {id: a, match: {paths: [\"a/../b\"]}, decision: deny}\n", "pack.yaml:4:29",
                "bad pattern"
            ),
            (
                header + "rules:\n  - {id: a, match: {paths: [\"\"]}, decision: deny}\n", "pack.yaml:4:29",
                "must not be empty"
            ),
            (
                header + "rules:\n  - {id: a, match: {paths: [x], refs: [y]}, decision: deny}\n", "pack.yaml:4:20",
                "exactly one of"
            ),
            (
                header + "rules:\n  - {id: a, match: {refs: [y], exclude: [x]}, decision: deny}\n", "pack.yaml:4:32",
                "match.exclude only goes with match.paths or match.commands"
            ),
            (
                header + "rules:\n  - {id: a, match: {paths: [x]}, decision: deny, controls: [\"nist:1\"]}\n",
                "pack.yaml:4:61", "control 'nist:1' must be FRAMEWORK:ID"
            ),
            (
                header + "rules:\n  - {id: a, match: {paths: [x]}, decision: deny, overridable: yes}\n",
                "pack.yaml:4:63", "true or false"
            ),
            (
                header + "rules:\n  - {id: a, match: {paths: [x], changes: [edited]}, decision: deny}\n",
                "pack.yaml:4:43", "change kind 'edited'"
            ),
            (
                "schema: cavra.policy.v1\nmetadata: {id: p, title: P, extends: [p]}\nrules: []\n", "pack.yaml:2:39",
                "p -> p"
            ),
            (
                "schema: cavra.policy.v1\nmetadata: {id: p, title: P}\nmetadata: {id: q, title: Q}\nrules: []\n",
                "pack.yaml:", "more than once"
            ),
        ])
    func badPack(yaml: String, location: String, message: String) {
        do {
            _ = try Self.load(yaml)
            Issue.record("expected an error for:\n\(yaml)")
        } catch let error as PolicyError {
            #expect(error.description.hasPrefix(location), "\(error.description)")
            #expect(error.message.contains(message), "\(error.description)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a cycle through a policy folder names every pack in it")
    func cycleThroughFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-packs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (id, parent) in [("team-a", "team-b"), ("team-b", "team-a")] {
            let pack = folder.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
            try Data("metadata: {id: \(id), title: T, extends: [\(parent)]}\nrules: []\n".utf8)
                .write(to: pack.appendingPathComponent("policy.yaml"))
        }
        let loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: [folder.path]))
        #expect {
            try loader.load("team-a")
        } throws: { error in
            (error as? PolicyError)?.message.contains("team-a -> team-b -> team-a") == true
        }
    }

    @Test("case: insensitive enters the canonical form only when set, so packs without it keep their digests")
    func caseInsensitiveDigest() throws {
        let rule = "rules:\n  - {id: a, match: {paths: [\"**/.env\"]}, decision: deny, severity: high%@}\n"
        func load(_ extra: String) throws -> Policy {
            try Self.load(Self.header + rule.replacingOccurrences(of: "%@", with: extra))
        }
        let plain = try load("")
        let sensitive = try load(", case: sensitive")
        let insensitive = try load(", case: insensitive")
        #expect(!plain.canonicalJSON.contains("\"case\""))
        #expect(sensitive.digest == plain.digest)
        #expect(insensitive.digest != plain.digest)
        #expect(insensitive.canonicalJSON.contains("\"case\":\"insensitive\""))
        #expect(
            insensitive.decide(.path(Change(status: .added, path: ".ENV", oldMode: .absent, newMode: .regular))) != nil)
        #expect(plain.decide(.path(Change(status: .added, path: ".ENV", oldMode: .absent, newMode: .regular))) == nil)
    }

    @Test(
        "case is sensitive or insensitive, and only for file globs",
        arguments: [
            "{id: a, case: upper, match: {paths: [x]}, decision: deny}",
            "{id: a, case: insensitive, match: {commands: [{program: rm}]}, decision: deny}",
            "{id: a, case: insensitive, match: {refs: [refs/heads/main]}, decision: deny}",
        ])
    func caseIsChecked(rule: String) throws {
        #expect(throws: (any Error).self) { try Self.load(Self.header + "rules:\n  - " + rule + "\n") }
    }

    @Test("the same pack written differently has the same digest")
    func canonicalDigest() throws {
        let one = try Self.load(
            Self.header
                + "rules:\n  - {id: b, match: {paths: [y]}, decision: deny, severity: high}\n  - {id: a, match: {paths: [x]}, decision: allow, severity: low}\n"
        )
        let two = try Self.load(
            "metadata:\n  title: P\n  id: p\nschema: cavra.policy.v1\nrules:\n  - severity: low\n    decision: allow\n    match: {paths: [x]}\n    id: a\n  - {decision: deny, id: b, severity: high, match: {paths: [y]}}\n"
        )
        let changed = try Self.load(
            Self.header
                + "rules:\n  - {id: b, match: {paths: [y]}, decision: require_approval, severity: high}\n  - {id: a, match: {paths: [x]}, decision: allow, severity: low}\n"
        )
        #expect(one.digest == two.digest)
        #expect(one.canonicalJSON == two.canonicalJSON)
        #expect(one.digest != changed.digest)
        #expect(one.digest == "sha256:" + Digest.sha256Hex(one.canonicalJSON))
        #expect(!one.canonicalJSON.contains("\n"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(one.canonicalJSON.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["a", "b"])
    }
}
