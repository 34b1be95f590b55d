import CavraModel
import Testing

@testable import CavraReport

@Suite struct ReportFormatTests {
    @Test(arguments: ReportFormat.allCases)
    func everyFormatRendersTheSameResultToTheSameBytes(format: ReportFormat) throws {
        let first = try format.renderer().render(ReportFixtures.mixed)
        let second = try format.renderer().render(ReportFixtures.mixed)
        #expect(!first.isEmpty)
        #expect(first == second)
    }

    @Test(arguments: ReportFormat.allCases)
    func noFormatLeaksASecretFromACommand(format: ReportFormat) throws {
        let text = try format.renderer().render(ReportFixtures.mixed)
        #expect(!text.contains("abcdef123456"))
    }

    @Test func namesMatchTheCommandLineSpelling() {
        #expect(
            ReportFormat.allCases.map(\.rawValue) == [
                "text", "json", "sarif", "markdown", "github", "gitlab", "azure", "junit",
            ])
    }
}
