import CavraModel
import Testing

@testable import CavraReport

@Suite struct GitHubAnnotationReportTests {
    @Test func escapesDataAndPropertiesAsTheRunnerDecodesThem() {
        let command = WorkflowCommand(
            name: "error", properties: [("file", "a,b:c%d\ne.txt"), ("title", "x,y")],
            message: "100% done\r\n::warning::injected")
        #expect(command.line == "::error file=a%2Cb%3Ac%25d%0Ae.txt,title=x%2Cy::100%25 done%0D%0A::warning::injected")
    }

    @Test func annotatesEachDecisionAtItsLevel() throws {
        let lines = try GitHubAnnotationReport().render(ReportFixtures.mixed).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("::error file=config/.env,title=secrets.dotenv (deny") })
        #expect(
            lines.contains {
                $0.hasPrefix("::warning file=.github/workflows/ci.yml,line=14,title=commands.curl-pipe-shell")
            })
        #expect(lines.contains { $0.hasPrefix("::notice file=docs/readme.md,title=paths.docs") })
        #expect(lines.contains { $0.hasPrefix("::error title=refs.protected-main") })
        #expect(lines.last?.hasPrefix("cavra-gate: denied") == true)
    }

    /// The annotation lines of one denied finding at `path` for `reason`.
    private func lines(path: String, reason: String) throws -> [Substring] {
        let hostile = Finding(
            fingerprint: "fp-x", ruleID: "paths.x", decision: .deny, severity: .high, kind: .path, path: path,
            reason: reason)
        return try GitHubAnnotationReport().render(ReportFixtures.result([hostile])).split(separator: "\n")
    }

    @Test func keepsEveryAnnotationOnOneLineWhateverTheFindingSays() throws {
        let lines = try lines(path: "evil\n::set-output name=x::y", reason: "Line one\n::error::forged")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("cavra-gate:") })
    }

    @Test func keepsPercentEncodingsLiteralSoTheRunnerCannotDecodeThemIntoLineBreaks() throws {
        let lines = try lines(path: "a%0A::error::x", reason: "Done%0D%0A::add-mask::y %AZP25")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("::error file=a%250A%3A%3Aerror%3A%3Ax,") == true)
        #expect(lines.first?.hasSuffix("::Done%250D%250A::add-mask::y %25AZP25") == true)
    }

    @Test func capsAnnotationsPerLevelAndSaysHowManyWereLeftOut() throws {
        let result = ReportFixtures.many(1_000)
        let lines = try GitHubAnnotationReport(options: ReportOptions(annotationLimitPerLevel: 10))
            .render(result).split(separator: "\n")
        #expect(lines.count { $0.hasPrefix("::error ") } == 10)
        #expect(lines.count { $0.hasPrefix("::warning ") } == 10)
        let last = try #require(lines.last { $0.hasPrefix("::notice title=cavra-gate%3A more findings") })
        let pending = result.summary.requireApproval
        #expect(last.contains("\(result.summary.deny - 10) errors"))
        #expect(last.contains("\(pending - 10) warnings"))
        #expect(last.contains("\(result.summary.allow - 10) notices"))
    }

    @Test func reportsGateErrorsWithTheirFile() throws {
        let result = ReportFixtures.result(
            [], errors: [.init(message: "Unknown key 'rulez'.", file: ".cavra/policy.yaml", line: 3, column: 1)])
        let text = try GitHubAnnotationReport().render(result)
        #expect(text.hasPrefix("::error file=.cavra/policy.yaml,line=3,title=cavra-gate could not decide::"))
    }
}
