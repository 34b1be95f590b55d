import CavraModel
import Foundation
import Testing

@testable import CavraReport

@Suite struct MarkdownReportTests {
    @Test func putsTheVerdictFirstThenGroupsThenWhatWasCompared() throws {
        let text = try MarkdownReport().render(ReportFixtures.mixed)
        #expect(text.hasPrefix("## ❌ cavra-gate denied\n"))
        let headings = ["### Denied (2)", "### Awaiting approval (1)", "### Allowed (1)", "### What was compared"]
        let positions = try headings.map { try #require(text.range(of: $0)?.lowerBound) }
        #expect(positions == positions.sorted())
        #expect(text.contains("`111111111111`"))
        #expect(text.contains("`333333333333`"))
        #expect(text.contains(ReportFixtures.policy.digest))
        #expect(text.contains("`baseline`"))
    }

    @Test func saysPassedWhenNothingHoldsTheGate() throws {
        let text = try MarkdownReport().render(ReportFixtures.result([ReportFixtures.docs]))
        #expect(text.hasPrefix("## ✅ cavra-gate passed\n"))
        #expect(!text.contains("### Denied"))
    }

    @Test func keepsFindingTextFromBreakingTheTableOrMarkup() throws {
        let hostile = Finding(
            fingerprint: "fp-x", ruleID: "paths.x", decision: .deny, severity: .high, kind: .path,
            path: "a|b`c.txt", reason: "Ping @org/team <img src=x> | [link](http://x)\nsecond line")
        let text = try MarkdownReport().render(ReportFixtures.result([hostile]))
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("| high |") })
        #expect(row.contains("``a\\|b`c.txt``"))
        #expect(row.contains("\\@org/team \\<img src=x\\> \\| \\[link\\](http://x) second line"))
    }

    @Test func redactsCommandText() throws {
        let text = try MarkdownReport().render(ReportFixtures.mixed)
        #expect(!text.contains("abcdef123456"))
    }

    @Test func staysUnderTheStepSummaryLimitAndSaysWhatWasLeftOut() throws {
        let result = ReportFixtures.many(30_000)
        let text = try MarkdownReport().render(result)
        #expect(text.utf8.count < PlatformLimits.stepSummaryBytes)
        let listed = text.split(separator: "\n").count { $0.hasPrefix("| ") && !$0.hasPrefix("| Severity") }
        #expect(listed < 30_000)
        #expect(text.contains("\(30_000 - listed) findings are not listed here"))
        #expect(text.contains("### What was compared"))
        let firstRow = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("| ") && !$0.hasPrefix("| Severity") })
        #expect(firstRow.hasPrefix("| critical |"))
    }

    @Test func cutsToASmallLimitToo() throws {
        let options = ReportOptions(markdownByteLimit: 4_000)
        let text = try MarkdownReport(options: options).render(ReportFixtures.many(200))
        #expect(text.utf8.count <= 4_000)
        #expect(text.contains("not listed here"))
    }

    @Test func listsGateErrors() throws {
        let result = ReportFixtures.result(
            [], errors: [.init(message: "Unknown key 'rulez'.", file: ".cavra/policy.yaml", line: 3, column: 5)])
        let text = try MarkdownReport().render(result)
        #expect(text.hasPrefix("## ⚠️ cavra-gate could not decide\n"))
        #expect(text.contains("- `.cavra/policy.yaml:3:5`: Unknown key 'rulez'."))
    }
}
