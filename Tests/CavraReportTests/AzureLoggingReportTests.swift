import CavraModel
import Testing

@testable import CavraReport

@Suite struct AzureLoggingReportTests {
    @Test func escapesDataAndPropertiesAsTheAgentDecodesThem() {
        let command = LoggingCommand(
            name: "task.logissue", properties: [("type", "error"), ("sourcepath", "a;b]c%d\r\ne")],
            message: "50% ] ; done\n##vso[task.complete result=Succeeded;]")
        #expect(
            command.line
                == "##vso[task.logissue type=error;sourcepath=a%3Bb%5Dc%AZP25d%0D%0Ae;]50%AZP25 ] ; done%0A"
                + "##vso[task.complete result=Succeeded;]")
    }

    @Test func logsDeniedAsErrorsAndPendingAsWarnings() throws {
        let lines = try AzureLoggingReport().render(ReportFixtures.mixed).split(separator: "\n")
        #expect(
            lines.contains {
                $0.hasPrefix("##vso[task.logissue type=error;sourcepath=config/.env;code=secrets.dotenv;]")
            })
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "##vso[task.logissue type=warning;sourcepath=.github/workflows/ci.yml;linenumber=14;"
                        + "code=commands.curl-pipe-shell;]")
            })
        #expect(!lines.contains { $0.contains("paths.docs") })
        #expect(lines.last?.hasPrefix("##vso[task.complete result=Failed;]") == true)
    }

    @Test(arguments: [
        ([ReportFixtures.docs], "Succeeded"),
        ([ReportFixtures.dotenv], "Failed"),
        ([ReportFixtures.curlPipe], "Failed"),
    ])
    func completesWithTheVerdict(findings: [Finding], expected: String) throws {
        let text = try AzureLoggingReport().render(ReportFixtures.result(findings))
        #expect(text.contains("##vso[task.complete result=\(expected);]"))
    }

    @Test func passesWithIssuesWhenSomethingWasApproved() throws {
        var approved = ReportFixtures.curlPipe
        approved.approval = Approval(
            approver: "alice", group: "platform-security", keyID: "sha256:00", expires: "2030-01-01T00:00:00Z",
            file: ".cavra/approvals/a.json")
        let text = try AzureLoggingReport().render(ReportFixtures.result([approved]))
        #expect(text.contains("##vso[task.complete result=SucceededWithIssues;]"))
    }

    @Test func failsWhenTheGateCouldNotDecide() throws {
        let text = try AzureLoggingReport().render(
            ReportFixtures.result([], errors: [.init(message: "Shallow clone.")]))
        #expect(text.contains("##vso[task.logissue type=error;]Shallow clone."))
        #expect(text.contains("##vso[task.complete result=Failed;]"))
    }

    @Test func makesSourcePathsAbsoluteWhenTheRootIsKnown() throws {
        let text = try AzureLoggingReport(options: ReportOptions(repositoryRoot: "/agent/_work/1/s"))
            .render(ReportFixtures.result([ReportFixtures.dotenv]))
        #expect(text.contains("sourcepath=/agent/_work/1/s/config/.env;"))
    }

    @Test func capsIssuesPerLevel() throws {
        let result = ReportFixtures.many(300)
        let lines = try AzureLoggingReport(options: ReportOptions(annotationLimitPerLevel: 5)).render(result)
            .split(separator: "\n")
        #expect(lines.count { $0.hasPrefix("##vso[task.logissue type=error;sourcepath=") } == 5)
        #expect(lines.contains { $0.contains("\(result.summary.deny - 5) errors") })
    }
}
