import Foundation
import TestSupport
import Testing

@Suite("check --evidence and --compliance")
struct EvidenceTests {
    typealias Fixture = AttestationRepository

    static let reports = ["result.json", "result.sarif", "summary.md", "compliance.json", "compliance.md"]

    func evidence(_ fixture: Fixture, _ extra: [String] = []) throws -> ProcessResult {
        try fixture.gate(["check", "--base", fixture.base, "--head", fixture.head, "--evidence", "evidence"] + extra)
    }

    func json(_ fixture: Fixture, _ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixture.repo.url.appendingPathComponent(file))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("--sign-key alone signs the bundle's attestation, and the manifest's hashes and sizes match every file")
    func manifestMatchesFiles() throws {
        let fixture = try Fixture()
        let check = try evidence(fixture, ["--sign-key", fixture.privateKey(.ed25519)])
        #expect(check.status == 1, "\(check.stderr)")
        let manifest = try json(fixture, "evidence/manifest.json")
        #expect(manifest["schema"] as? String == "cavra.evidence.v1")
        let files = try #require(manifest["files"] as? [[String: Any]])
        #expect(Set(files.compactMap { $0["name"] as? String }) == Set(Self.reports + ["attestation.dsse.json"]))
        for file in files {
            let name = try #require(file["name"] as? String)
            let path = fixture.repo.url.appendingPathComponent("evidence").appendingPathComponent(name).path
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(file["size"] as? Int == size, "\(name)")
            let sum = try Shell.run(["sha256sum", path], in: fixture.repo.url)
            #expect(sum.stdout.hasPrefix("\(try #require(file["sha256"] as? String))  "), "\(name)")
        }
        let verify = try fixture.verify(file: "evidence/attestation.dsse.json")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("without a key the bundle holds no attestation, and the manifest lists what it holds")
    func unsignedBundle() throws {
        let fixture = try Fixture()
        #expect(try evidence(fixture).status == 1)
        let files = try #require(try json(fixture, "evidence/manifest.json")["files"] as? [[String: Any]])
        #expect(Set(files.compactMap { $0["name"] as? String }) == Set(Self.reports))
        #expect(
            !FileManager.default.fileExists(
                atPath: fixture.repo.url.appendingPathComponent("evidence/attestation.dsse.json").path))
    }

    @Test("a run with nothing to attest still leaves a bundle its manifest matches, and fails on the attestation")
    func nothingToAttest() throws {
        let fixture = try Fixture()
        let check = try fixture.gate(
            ["check", "--staged", "--evidence", "evidence", "--sign-key", fixture.privateKey(.ed25519)])
        #expect(check.status == 2)
        #expect(check.stderr.contains("judged none"), "\(check.stderr)")
        let files = try #require(try json(fixture, "evidence/manifest.json")["files"] as? [[String: Any]])
        #expect(Set(files.compactMap { $0["name"] as? String }) == Set(Self.reports))
    }

    @Test("a key with neither --attest nor --evidence is a usage error")
    func keyWithoutDestination() throws {
        let fixture = try Fixture()
        let check = try fixture.gate(
            ["check", "--base", fixture.base, "--head", fixture.head, "--sign-key", fixture.privateKey(.ed25519)])
        #expect(check.status == 2)
        #expect(check.stderr.contains("go with --attest FILE or --evidence DIR"))
    }

    @Test("the compliance report maps the denied command onto its controls and holds no secret of its command line")
    func complianceHoldsNoSecret() throws {
        let fixture = try Fixture()
        let check = try evidence(fixture, ["--compliance", "c.json", "--compliance-markdown", "c.md"])
        #expect(check.status == 1, "\(check.stderr)")
        for file in ["c.json", "c.md", "evidence/compliance.json", "evidence/compliance.md"] {
            let text = try String(contentsOf: fixture.repo.url.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains(Fixture.password), "\(file)")
            #expect(!text.contains(Fixture.awsSecret), "\(file)")
        }
        let report = try json(fixture, "c.json")
        #expect(report["schema"] as? String == "cavra.compliance.v1")
        #expect((report["policy"] as? [String: Any])?["digest"] as? String != nil)
        let frameworks = try #require(report["frameworks"] as? [[String: Any]])
        let controls = frameworks.flatMap { ($0["controls"] as? [[String: Any]]) ?? [] }
        let failing = controls.filter { $0["status"] as? String == "fail" }.compactMap { $0["id"] as? String }
        #expect(failing.contains("OWASP-LLM:LLM06"), "\(failing)")
        let result = try json(fixture, "evidence/result.json")
        let denied = try #require(result["findings"] as? [[String: Any]]).filter { $0["decision"] as? String == "deny" }
        let fingerprints = Set(denied.compactMap { $0["fingerprint"] as? String })
        let mapped = Set(controls.flatMap { ($0["findings"] as? [String]) ?? [] })
        #expect(!fingerprints.isEmpty && fingerprints.isSubset(of: mapped))
    }

    @Test("policy validate refuses an id a catalogue lacks, naming the closest; an organisation's prefix is reported")
    func controlIDs() throws {
        let fixture = try Fixture()
        let header = "schema: cavra.policy.v1\nmetadata: {id: own, title: Own, extends: [cavra-ai-agent-baseline]}\n"
        try fixture.repo.write(
            "typo.yaml",
            header + "rules:\n  - {id: own.a, match: {paths: [x]}, decision: deny, controls: [\"ISO27001:A.8.35\"]}\n")
        let refused = try fixture.gate(["policy", "validate", "typo.yaml"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("typo.yaml:4:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("the closest are ISO27001:A.8.3,"), "\(refused.stderr)")

        try fixture.repo.write(
            "own.yaml",
            header
                + "rules:\n  - {id: own.workflows, match: {paths: [\".github/**\"]}, decision: deny, controls: [\"ACME-SEC:AC-42\"]}\n"
        )
        #expect(try fixture.gate(["policy", "validate", "own.yaml"]).status == 0)
        // A range is judged under policy read at its base, where own.yaml does not exist; a copy outside the work
        // tree is read as it is.
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cavra-own-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.copyItem(at: fixture.repo.url.appendingPathComponent("own.yaml"), to: outside)
        let check = try fixture.gate(
            [
                "check", "--base", fixture.base, "--head", fixture.head, "--policy", outside.path, "--compliance",
                "c.json",
            ])
        #expect(check.status == 1, "\(check.stderr)")
        let frameworks = try #require(try json(fixture, "c.json")["frameworks"] as? [[String: Any]])
        let own = try #require(frameworks.first { $0["id"] as? String == "ACME-SEC" })
        #expect(own["coverage"] is NSNull)
        let control = try #require((own["controls"] as? [[String: Any]])?.first)
        #expect(control["id"] as? String == "ACME-SEC:AC-42" && control["status"] as? String == "fail")
        #expect(control["rules"] as? [String] == ["own.workflows"])
    }
}
