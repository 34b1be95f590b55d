import CavraModel
import Foundation
import Testing

@testable import CavraReport

@Suite struct SARIFReportTests {
    private func render(
        _ result: GateResult, options: ReportOptions = ReportOptions(), sample: String = #function
    ) throws -> [String: Any] {
        let text = try SARIFReport(options: options).render(result)
        try SARIFSamples.write(text, named: sample.filter { $0.isLetter || $0.isNumber })
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func run(of log: [String: Any]) throws -> [String: Any] {
        let runs = try #require(log["runs"] as? [[String: Any]])
        try #require(runs.count == 1)
        return runs[0]
    }

    @Test func writesOneRunWithVersionAndSchema() throws {
        let log = try render(ReportFixtures.mixed)
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
        let driver = try #require((try run(of: log)["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "cavra-gate")
        #expect(driver["version"] as? String == "0.1.0")
    }

    @Test func mapsDecisionsToLevelsAndKeepsFingerprints() throws {
        let results = try #require(try run(of: render(ReportFixtures.mixed))["results"] as? [[String: Any]])
        let byRule = Dictionary(uniqueKeysWithValues: results.map { ($0["ruleId"] as? String ?? "", $0) })
        #expect(byRule["secrets.dotenv"]?["level"] as? String == "error")
        #expect(byRule["commands.curl-pipe-shell"]?["level"] as? String == "warning")
        #expect(byRule["paths.docs"]?["level"] as? String == "note")
        let fingerprints = byRule["secrets.dotenv"]?["partialFingerprints"] as? [String: String]
        #expect(fingerprints == ["cavraFingerprint/v1": "fp-dotenv"])
    }

    @Test func describesRulesWithSecuritySeverityAndControls() throws {
        let driver = try #require(
            (try run(of: render(ReportFixtures.mixed))["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == rules.compactMap { $0["id"] as? String }.sorted())
        let dotenv = try #require(rules.first { $0["id"] as? String == "secrets.dotenv" })
        let properties = try #require(dotenv["properties"] as? [String: Any])
        #expect(properties["security-severity"] as? String == "9.5")
        #expect((properties["tags"] as? [String])?.contains("NIST-SSDF:PS.1.1") == true)
        #expect((dotenv["shortDescription"] as? [String: Any])?["text"] as? String == "Environment files hold secrets.")
        let help = try #require((dotenv["help"] as? [String: Any])?["text"] as? String)
        #expect(help.contains("Environment files hold secrets."))
        let curl = try #require(rules.first { $0["id"] as? String == "commands.curl-pipe-shell" })
        #expect((curl["properties"] as? [String: Any])?["security-severity"] as? String == "8.0")
        #expect(((curl["help"] as? [String: Any])?["text"] as? String)?.contains("platform-security") == true)
    }

    @Test func ruleIndexPointsAtTheResultsRule() throws {
        let run = try run(of: render(ReportFixtures.mixed))
        let rules = try #require((run["tool"] as? [String: Any]).flatMap { $0["driver"] as? [String: Any] })
        let ruleIDs = try #require(rules["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        for result in try #require(run["results"] as? [[String: Any]]) {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == result["ruleId"] as? String)
        }
    }

    @Test func locatesFilesRelativeToSourceRootWithLines() throws {
        let results = try #require(try run(of: render(ReportFixtures.mixed))["results"] as? [[String: Any]])
        let curl = try #require(results.first { $0["ruleId"] as? String == "commands.curl-pipe-shell" })
        let physical = try #require(
            (curl["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == ".github/workflows/ci.yml")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 14)
    }

    @Test func givesRefFindingsAPhysicalAndLogicalLocation() throws {
        let results = try #require(try run(of: render(ReportFixtures.mixed))["results"] as? [[String: Any]])
        let push = try #require(results.first { $0["ruleId"] as? String == "refs.protected-main" })
        let location = try #require((push["locations"] as? [[String: Any]])?.first)
        let artifact = (location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
        #expect(artifact?["uri"] as? String == "refs/heads/main")
        let logical = (location["logicalLocations"] as? [[String: Any]])?.first
        #expect(logical?["fullyQualifiedName"] as? String == "refs/heads/main")
    }

    @Test func percentEncodesPathsThatAreNotURISafe() throws {
        let odd = Finding(
            fingerprint: "fp-odd", ruleID: "paths.any", decision: .deny, severity: .low, kind: .path,
            path: "a dir/c:d%e#f.txt", reason: "Odd path.")
        let results = try #require(try run(of: render(ReportFixtures.result([odd])))["results"] as? [[String: Any]])
        let physical = (results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String == "a%20dir/c%3Ad%25e%23f.txt")
    }

    @Test func redactsCommandText() throws {
        let text = try SARIFReport().render(ReportFixtures.mixed)
        #expect(!text.contains("abcdef123456"))
        #expect(text.contains("Bearer ***"))
    }

    @Test func marksApprovedFindingsAsSuppressed() throws {
        var approved = ReportFixtures.curlPipe
        approved.approval = Approval(
            approver: "alice", group: "platform-security", keyID: "sha256:00", expires: "2030-01-01T00:00:00Z",
            file: ".cavra/approvals/a.json")
        let results = try #require(
            try run(of: render(ReportFixtures.result([approved])))["results"] as? [[String: Any]])
        let suppression = (results.first?["suppressions"] as? [[String: Any]])?.first
        #expect(suppression?["status"] as? String == "accepted")
        #expect((suppression?["justification"] as? String)?.contains("alice") == true)
    }

    @Test func reportsGateErrorsAsUnsuccessfulExecution() throws {
        let failed = ReportFixtures.result(
            [], errors: [.init(message: "Commit 1234567 is missing; fetch with fetch-depth: 0.")])
        let invocation = try #require((try run(of: render(failed))["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notes.first?["level"] as? String == "error")
        let passed = try #require((try run(of: render(ReportFixtures.mixed))["invocations"] as? [[String: Any]])?.first)
        #expect(passed["executionSuccessful"] as? Bool == true)
    }

    @Test func capsResultsAtGitHubsLimitKeepingTheStrongestAndSaysSo() throws {
        let result = ReportFixtures.many(30_000)
        let run = try run(of: render(result))
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == PlatformLimits.sarifResultsPerRun)
        let levels = results.compactMap { $0["level"] as? String }
        #expect(levels.count { $0 == "error" } == result.summary.deny)
        #expect(levels.firstIndex(of: "note").map { index in !levels[index...].contains("error") } ?? true)
        let rules = try #require(
            ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count <= PlatformLimits.sarifResultsPerRun)
        let notes = try #require(
            (run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])
        let message = try #require((notes.first?["message"] as? [String: Any])?["text"] as? String)
        #expect(message.contains("5000 of 30000"))
    }

    @Test func sameResultGivesSameBytes() throws {
        let first = try SARIFReport().render(ReportFixtures.mixed)
        let second = try SARIFReport().render(ReportFixtures.mixed)
        #expect(first == second)
    }

    @Test("a path in git's quoting becomes the URI of the bytes it stands for")
    func quotedPathURI() {
        #expect(URIReference.encodePath(#""caf\351/.env""#) == "caf%E9/.env")
        #expect(URIReference.encodePath(#""a\nb \"c\"""#) == "a%0Ab%20%22c%22")
        #expect(URIReference.encodePath("café/x y") == "caf%C3%A9/x%20y")
    }
}

/// When `CAVRA_SARIF_SAMPLES_DIR` is set, SARIF outputs of the tests are written there so that CI can validate
/// them against the OASIS schema with an independent validator.
enum SARIFSamples {
    static func write(_ text: String, named name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["CAVRA_SARIF_SAMPLES_DIR"], !folder.isEmpty else {
            return
        }
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url.appendingPathComponent("\(name).sarif"))
    }
}
