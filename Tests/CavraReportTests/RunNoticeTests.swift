import CavraModel
import Foundation
import Testing

@testable import CavraReport

/// A break-glass pass and an ignored approval record, which every format must show.
@Suite struct RunNoticeTests {
    static let result = ReportFixtures.brokenGlass
    static let announcement = "BREAK-GLASS by oncall (ticket INC-4711, expires 2026-06-01T12:00:00Z): payments are down"

    @Test("the pass lifts the denial, so a break-glass result with nothing else holding it passes")
    func status() {
        #expect(Self.result.status == .pass)
        #expect(Self.result.summary.deny == 1)
        #expect(
            ReportFixtures.result(
                [ReportFixtures.dotenv, ReportFixtures.forcePush], breakGlass: ReportFixtures.breakGlass
            ).status == .deny)
    }

    @Test(arguments: ReportFormat.allCases)
    func everyFormatShowsBothNotices(format: ReportFormat) throws {
        let text = try format.renderer().render(Self.result)
        for needle in [
            "oncall", "INC-4711", "2026-06-01T12:00:00Z", "payments are down", ".cavra/approvals/alice.json",
        ] {
            #expect(text.contains(needle), "\(format) lacks \(needle)")
        }
    }

    @Test func eachFormatAnnouncesBreakGlassInItsOwnWay() throws {
        let text = try TextReport().render(Self.result)
        #expect(text.hasPrefix("*** \(Self.announcement); 2 findings lifted ***\n"))
        #expect(text.hasSuffix("verdict: PASS BY BREAK-GLASS: findings stay in the result, review them\n"))
        let markdown = try MarkdownReport().render(Self.result)
        #expect(markdown.hasPrefix("> [!WARNING]\n> **cavra-gate: BREAK-GLASS**: BREAK-GLASS by oncall"))
        #expect(markdown.contains("## ✅ cavra-gate passed by break-glass\n"))
        let github = try GitHubAnnotationReport().render(Self.result)
        #expect(github.contains("::warning title=cavra-gate%3A BREAK-GLASS::\(Self.announcement); 2 findings lifted\n"))
        #expect(
            github.contains(
                "::warning file=.cavra/approvals/alice.json,title=cavra-gate%3A approval record ignored (not_enough_approvers)::"
            ))
        #expect(github.contains("\ncavra-gate: passed by break-glass (1 denied, 1 awaiting approval"))
        let azure = try AzureLoggingReport().render(Self.result)
        #expect(azure.contains("##vso[task.logissue type=warning;code=cavra/break-glass;]cavra-gate: BREAK-GLASS: "))
        #expect(azure.contains("##vso[task.complete result=SucceededWithIssues;]cavra-gate passed by break-glass ("))
        let junit = try JUnitReport().render(Self.result)
        #expect(
            junit.contains("<property name=\"cavra.break_glass\" value=\"\(Self.announcement); 2 findings lifted\"/>"))
        #expect(
            junit.contains(
                "<system-out>\(Self.announcement); 2 findings lifted&#10;approval record .cavra/approvals/alice.json"))
        let gitlab = try JSONSerialization.jsonObject(
            with: Data(try GitLabCodeQualityReport().render(Self.result).utf8))
        let issues = gitlab as? [[String: Any]] ?? []
        #expect(issues.first?["check_name"] as? String == "cavra/break-glass")
        #expect(issues.first?["severity"] as? String == "critical")
        #expect(issues.dropFirst().first?["check_name"] as? String == "cavra/approval-ignored")
    }

    @Test func sarifCarriesThemAsNotificationsAndRunProperties() throws {
        let text = try SARIFReport().render(Self.result)
        try SARIFSamples.write(text, named: "break-glass")
        let log = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let run = try #require((log?["runs"] as? [[String: Any]])?.first)
        let invocation = (run["invocations"] as? [[String: Any]])?.first
        let ids = (invocation?["toolExecutionNotifications"] as? [[String: Any]])?.compactMap {
            ($0["descriptor"] as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["cavra/break-glass", "cavra/approval-ignored"])
        let properties = run["properties"] as? [String: Any]
        #expect((properties?["breakGlass"] as? [String: Any])?["ticket"] as? String == "INC-4711")
        #expect(
            (properties?["approvalsIgnored"] as? [[String: Any]])?.first?["reason"] as? String == "not_enough_approvers"
        )
    }

    @Test func theJSONReportRoundTripsTheBreakGlass() throws {
        let text = try JSONReport().render(Self.result)
        let decoded = try JSONDecoder().decode(GateResult.self, from: Data(text.utf8))
        #expect(decoded.breakGlass == ReportFixtures.breakGlass)
        #expect(decoded.status == .pass)
        #expect(text.contains("\"break_glass\""))
    }
}
