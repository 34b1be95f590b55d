import CavraPolicy
import Foundation
import Testing

/// The loader and the published JSON Schema must accept and refuse the same packs. The schema half runs the
/// independent `check-jsonschema` validator when it is installed (CI installs it) and is skipped otherwise.
@Suite("Loader and published schema agree")
struct SchemaAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schema = root.appendingPathComponent("policies/schema/cavra-policy-v1.schema.json").path
    static let header = "schema: cavra.policy.v1\nmetadata: {id: p, title: P}\n"

    static let good = [
        header + "rules: []\n",
        header
            + "rules:\n  - {id: a, match: {paths: [\"**/*.pem\"], exclude: [x.pem], changes: [added]}, decision: deny, severity: high, controls: [\"SOC2:CC6.1\", \"ACME-SEC:AC-42\"]}\n",
        header
            + "rules:\n  - {id: r, match: {refs: [refs/heads/main], operations: [force]}, decision: deny, overridable: true}\n",
        "metadata: {id: p, title: P, version: 1}\nrules:\n  - {id: c, match: {commands: [\"terraform apply*\"]}, decision: deny}\n",
        header + "rules:\n  - {id: a, case: insensitive, match: {paths: [\"**/.env\"]}, decision: deny}\n",
        header
            + "rules:\n  - {id: a, case: insensitive, match: {commands: [x], exclude: [\"**/dockerfile\"]}, decision: deny}\n",
        header + "rules:\n  - {id: a, case: sensitive, match: {paths: [\"[[:digit:]]*\"]}, decision: deny}\n",
        "metadata: {id: d, title: D, inherits: cavra-ai-agent-baseline}\nfilesystem: {block_read: [.env]}\ngit: {require_pull_request: true}\n",
        header
            + "rules: []\nrunner:\n  require: oidc\n  oidc:\n    - {provider: github, issuer: \"https://token.actions.githubusercontent.com\", audience: cavra-gate, claims: {repository: acme/app, ref: [refs/heads/main, \"refs/heads/release/*\"]}}\n",
        header
            + "rules: []\nrunner:\n  require: any\n  hmac:\n    - {key_id: pool-1, key_env: CAVRA_RUNNER_HMAC_KEY, max_age: 600, claims: {runner_group: build-*}}\n",
        header + "rules: []\nrunner: {require: none}\n",
        header
            + "rules:\n  - {id: a, match: {paths: [x]}, decision: deny, break_glass: true}\n"
            + "approvals: {break_glass: {allowed: true, max_duration: 12h}, groups: {release: {required: 2}}}\n",
        header + "rules:\n  - {id: a, match: {paths: [x]}, decision: allow, break_glass: false}\n"
            + "approvals: {break_glass: {allowed: false}}\n",
    ]

    static let bad = [
        header + "rules: []\nrunner: {require: always}\n",
        header + "rules: []\nrunner: {require: oidc}\n",
        header + "rules: []\nrunner: {require: hmac, oidc: [{issuer: \"https://gitlab.com\", audience: a}]}\n",
        header + "rules: []\nrunner: {oidc: [{issuer: \"https://gitlab.com\"}]}\n",
        header + "rules: []\nrunner: {oidc: [{issuer: \"http://gitlab.com\", audience: a}]}\n",
        header + "rules: []\nrunner: {oidc: [{issuer: \"https://gitlab.com\", audience: a, provider: jenkins}]}\n",
        header + "rules: []\nrunner: {oidc: [{issuer: \"https://gitlab.com\", audience: a, claims: {ref: []}}]}\n",
        header + "rules: []\nrunner: {hmac: [{key_id: k}]}\n",
        header + "rules: []\nrunner: {hmac: [{key_id: k, key_env: A, key_file: b}]}\n",
        header + "rules: []\nrunner: {hmac: [{key_id: k, key_env: A, max_age: 0}]}\n",
        header + "rules: []\nrunner: {hmac: [{key_id: k, key_env: A, colour: red}]}\n",
        header + "rules: []\ncolour: red\n",
        header + "rules:\n  - {id: a, match: {paths: [x]}, decision: require_approval, break_glass: true}\n",
        header + "rules: []\napprovals: {break_glass: {max_duration: 1h}}\n",
        header + "rules: []\napprovals: {break_glass: {allowed: true, max_duration: 90}}\n",
        header + "rules: []\napprovals: {break_glass: {allowed: true, max_duration: 1w}}\n",
        header + "rules: []\napprovals: {groups: {release: {required: 0}}}\n",
        header + "rules: []\napprovals: {groups: {release: 2}}\n",
        header + "rules: []\napprovals: {emergency: true}\n",
        header + "rules:\n  - {id: a, match: {paths: [x]}, decision: maybe}\n",
        header + "rules:\n  - {id: a, match: {paths: x}, decision: deny}\n",
        header + "rules:\n  - {id: a, match: {paths: []}, decision: deny}\n",
        header + "rules:\n  - {id: a, match: {paths: [\"\"]}, decision: deny}\n",
        header + "rules:\n  - {id: a, match: {paths: [\"a/../b\"]}, decision: deny}\n",
        header + "rules:\n  - {id: a, match: {paths: [x], refs: [y]}, decision: deny}\n",
        header + "rules:\n  - {id: a, match: {refs: [x], exclude: [y]}, decision: deny}\n",
        header + "rules:\n  - {id: a, match: {paths: [x]}, decision: deny, controls: [\"nist:1\"]}\n",
        header + "rules:\n  - {id: a, match: {paths: [x]}, decision: deny, override: 1}\n",
        header + "rules:\n  - {id: 7, match: {paths: [x]}, decision: deny}\n",
        header + "rules:\n  - {id: a, case: upper, match: {paths: [x]}, decision: deny}\n",
        "schema: cavra.policy.v2\nmetadata: {id: p, title: P}\nrules: []\n",
        "metadata: {id: P!, title: P}\nrules: []\n",
        "metadata: {title: P}\nrules: []\n",
        "metadata: {id: d, title: D}\nfilesystem: {block_reads: [x]}\n",
        "metadata: {id: d, title: D}\ngit: {require_pull_request: maybe}\n",
    ]

    static func loaderAccepts(_ yaml: String) -> Bool {
        (try? PolicyLoader(catalog: PolicyCatalog()).load(yaml: yaml, sourceName: "pack.yaml")) != nil
    }

    static func validator() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/check-jsonschema" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs check-jsonschema once over every pack and returns which it accepted, in order: one call, because
    /// each start of the validator costs about a second.
    static func schemaAccepts(_ packs: [String], validator: String) throws -> [Bool] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try packs.enumerated().map { index, yaml in
            let file = folder.appendingPathComponent("pack\(index).yaml")
            try Data(yaml.utf8).write(to: file)
            return file.path
        }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: validator)
        process.arguments = ["--output-format", "json", "--schemafile", schema] + files
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let failures =
            ((report["errors"] as? [[String: Any]]) ?? []) + ((report["parse_errors"] as? [[String: Any]]) ?? [])
        let refused = Set(failures.compactMap { $0["filename"] as? String })
        return files.map { !refused.contains($0) }
    }

    @Test("the loader accepts the good packs and refuses the bad ones")
    func loader() {
        for pack in Self.good { #expect(Self.loaderAccepts(pack), "loader refused:\n\(pack)") }
        for pack in Self.bad { #expect(!Self.loaderAccepts(pack), "loader accepted:\n\(pack)") }
    }

    @Test(
        "check-jsonschema agrees with the loader on every pack",
        .enabled(if: SchemaAgreementTests.validator() != nil, "check-jsonschema is not installed"))
    func schema() throws {
        let validator = try #require(Self.validator())
        let packs = Self.good + Self.bad
        let verdicts = try Self.schemaAccepts(packs, validator: validator)
        for (pack, accepted) in zip(packs, verdicts) {
            #expect(accepted == Self.loaderAccepts(pack), "schema and loader disagree on:\n\(pack)")
        }
    }
}

@Suite("One control catalogue")
struct ControlCatalogueTests {
    @Test("the published schema allows the control ids the loader's shape check allows, any prefix included")
    func schemaPattern() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: SchemaAgreementTests.schema))
        let text = String(decoding: data, as: UTF8.self)
        let expected = ControlCatalogue.controlIDPattern
        #expect(text.contains("\"pattern\": \"\(expected)\""), "schema control pattern differs from \(expected)")
        let frameworks = ControlCatalogue.frameworkIDs.dropLast().joined(separator: ", ")
        let listed = "For \(frameworks) and \(ControlCatalogue.frameworkIDs.last ?? "") the loader also requires"
        #expect(text.contains(listed), "the schema's control description does not list the catalogue's frameworks")
    }

    @Test("every control a bundled pack names is in its framework's catalogue, and CAVRA labels map through it")
    func packsAndTranslator() throws {
        let loader = PolicyLoader(catalog: PolicyCatalog())
        for id in PolicyCatalog.bundledIDs + [BuiltInRules.packID] {
            let policy = id == BuiltInRules.packID ? BuiltInRules.policy : try loader.load(id)
            for control in policy.rules.flatMap(\.controls) {
                #expect(ControlCatalogue.entry(control) != nil, "\(id): \(control) is in no catalogue")
            }
        }
        let pack = try loader.load(
            yaml:
                "metadata: {id: c, title: C}\ncommands: {block: [\"rm -rf /\"]}\ncompliance: {maps_to: [\"SOC 2 CC8.1\", \"ISO/IEC 27001 A.8.32\", \"Our own rule\"]}\n",
            sourceName: "c.yaml")
        #expect(Set(pack.rules.flatMap(\.controls)) == ["SOC2:CC8.1", "ISO27001:A.8.32"])
        #expect(pack.notes.contains { $0.kind == .warning && $0.text.contains("Our own rule") })
    }
}
