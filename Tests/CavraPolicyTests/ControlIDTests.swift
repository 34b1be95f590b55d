import CavraModel
import CavraPolicy
import Testing

@Suite("Control ids in rules")
struct ControlIDTests {
    static func load(controls: String) throws -> Policy {
        try PolicyLoader(catalog: PolicyCatalog()).load(
            yaml: "schema: cavra.policy.v1\nmetadata: {id: p, title: P}\nrules:\n"
                + "  - {id: a, match: {paths: [x]}, decision: deny, controls: [\(controls)]}\n",
            sourceName: "pack.yaml")
    }

    @Test("an id a catalogue framework does not have is refused where it is written, naming the closest ids")
    func unknownIDOfKnownFramework() {
        do {
            _ = try Self.load(controls: "\"SOC2:CC8.2\"")
            Issue.record("SOC2:CC8.2 was accepted")
        } catch let error as PolicyError {
            #expect(error.description.hasPrefix("pack.yaml:4:61"), "\(error.description)")
            #expect(error.message.contains("not in the SOC2 catalogue"), "\(error.message)")
            #expect(error.message.contains("SOC2:CC8.1"), "\(error.message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("an organisation's own framework prefix is accepted as written")
    func organisationPrefix() throws {
        let policy = try Self.load(controls: "\"ACME-SEC:AC-42\", \"SOC2:CC8.1\"")
        #expect(policy.rules[0].controls == ["ACME-SEC:AC-42", "SOC2:CC8.1"])
        #expect(ControlCatalogue.entry("ACME-SEC:AC-42") == nil)
        #expect(ControlCatalogue.entry("SOC2:CC8.1")?.control.title.hasPrefix("Changes to infrastructure") == true)
    }

    @Test("every framework's catalogue holds its top-level ids, each id once, each with a title")
    func catalogues() {
        let topLevel: [String: [String]] = [
            "OWASP-LLM": (1...10).map { "LLM" + ($0 < 10 ? "0" : "") + String($0) },
            "PCI-DSS": (1...12).map(String.init),
            "CIS": (1...18).map(String.init),
            "NIST-SSDF": ["PO.1", "PO.5", "PS.1", "PS.3", "PW.1", "PW.9", "RV.1", "RV.3"],
            "ISO27001": ["A.5.1", "A.5.37", "A.6.8", "A.7.14", "A.8.34"],
        ]
        for framework in ControlCatalogue.frameworkIDs.compactMap(ControlCatalogue.framework) {
            let ids = framework.controls.map(\.id)
            #expect(Set(ids).count == ids.count, "\(framework.id) lists an id twice")
            #expect(framework.controls.allSatisfy { !$0.title.isEmpty }, "\(framework.id) has an untitled id")
            for id in topLevel[framework.id] ?? [] {
                #expect(framework.control(id) != nil, "\(framework.id) lacks \(id)")
            }
        }
        #expect(ControlCatalogue.framework("ISO27001")?.controls.count == 93)
    }
}
