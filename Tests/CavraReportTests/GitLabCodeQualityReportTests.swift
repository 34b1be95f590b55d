import CavraModel
import Foundation
import Testing

@testable import CavraReport

@Suite struct GitLabCodeQualityReportTests {
    private func issues(_ result: GateResult) throws -> [[String: Any]] {
        let text = try GitLabCodeQualityReport().render(result)
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func writesOneIssuePerFindingWithTheRequiredFields() throws {
        let issues = try issues(ReportFixtures.mixed)
        #expect(issues.count == 4)
        let curl = try #require(issues.first { $0["check_name"] as? String == "commands.curl-pipe-shell" })
        #expect(curl["fingerprint"] as? String == "fp-curl")
        #expect(curl["severity"] as? String == "major")
        let location = try #require(curl["location"] as? [String: Any])
        #expect(location["path"] as? String == ".github/workflows/ci.yml")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 14)
        #expect((curl["description"] as? String)?.contains("abcdef123456") == false)
    }

    @Test func usesOnlyGitLabsSeverities() throws {
        let allowed: Set = ["info", "minor", "major", "critical", "blocker"]
        let severities = try issues(ReportFixtures.many(40)).compactMap { $0["severity"] as? String }
        #expect(severities.count == 40)
        #expect(Set(severities).isSubset(of: allowed))
        let bySeverity = try Dictionary(
            uniqueKeysWithValues: issues(ReportFixtures.mixed).map {
                ($0["check_name"] as? String ?? "", $0["severity"] as? String)
            })
        #expect(bySeverity["secrets.dotenv"] == "blocker")
        #expect(bySeverity["refs.protected-main"] == "critical")
        #expect(bySeverity["paths.docs"] == "info")
    }

    @Test func givesFindingsWithoutAFileAPathAndFirstLine() throws {
        let push = try #require(
            try issues(ReportFixtures.mixed).first { $0["check_name"] as? String == "refs.protected-main" })
        let location = try #require(push["location"] as? [String: Any])
        #expect(location["path"] as? String == "refs/heads/main")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 1)
    }

    @Test func writesAnEmptyArrayWhenNothingWasFound() throws {
        #expect(try issues(ReportFixtures.result([])).isEmpty)
    }
}
