import CavraModel

/// A JUnit XML report: one test case per finding, failing for denied findings and findings awaiting approval,
/// and one erroring test case per reason the gate could not decide. A run without findings is one passing case,
/// so test-report widgets show that the gate ran.
public struct JUnitReport: ReportRenderer {
    public init() {}

    private struct TestCase {
        var className: String
        var name: String
        var outcome: Outcome
    }

    private enum Outcome {
        case passed(String)
        case failure(type: String, message: String)
        case error(String)
    }

    public func render(_ redacted: RedactedResult) throws -> String {
        let result = redacted.result
        var cases = result.errors.map { error in
            TestCase(
                className: "cavra-gate", name: "could not decide",
                outcome: .error(DisplayText.escape(error.message)))
        }
        cases += result.findings.map { finding in
            let message = finding.message
            let blocks = finding.decision == .deny || (finding.decision == .requireApproval && !finding.isApproved)
            return TestCase(
                className: DisplayText.escape(finding.ruleID), name: finding.locationText,
                outcome: blocks ? .failure(type: finding.verdictWord, message: message) : .passed(message))
        }
        if cases.isEmpty {
            cases = [TestCase(className: "cavra-gate", name: "no findings", outcome: .passed("Nothing to judge."))]
        }
        let failures = cases.count { if case .failure = $0.outcome { true } else { false } }
        let errors = cases.count { if case .error = $0.outcome { true } else { false } }
        let suiteAttributes =
            "name=\"cavra-gate\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\""
        let notices = result.notices
        let properties =
            [("cavra.runner", result.runner.identityText)]
            + notices.filter { $0.kind == .breakGlass }.map { ("cavra.break_glass", $0.message) }
        let propertyElements = properties.map {
            "<property name=\"\($0.0)\" value=\"\(XMLText.escape(DisplayText.escape($0.1)))\"/>"
        }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites \(suiteAttributes)>",
            "  <testsuite \(suiteAttributes)>",
            "    <properties>\(propertyElements.joined())</properties>",
        ]
        lines += cases.map(Self.element(for:))
        if !notices.isEmpty {
            let text = notices.map { DisplayText.escape($0.message) }.joined(separator: "\n")
            lines.append("    <system-out>\(XMLText.escape(text))</system-out>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func element(for testCase: TestCase) -> String {
        let open =
            "    <testcase classname=\"\(XMLText.escape(testCase.className))\" name=\"\(XMLText.escape(testCase.name))\">"
        let body: String
        switch testCase.outcome {
        case .passed(let message):
            body = "<system-out>\(XMLText.escape(message))</system-out>"
        case .failure(let type, let message):
            body =
                "<failure type=\"\(XMLText.escape(type))\" message=\"\(XMLText.escape(message))\">"
                + "\(XMLText.escape(message))</failure>"
        case .error(let message):
            body =
                "<error type=\"gate-error\" message=\"\(XMLText.escape(message))\">\(XMLText.escape(message))</error>"
        }
        return open + body + "</testcase>"
    }
}
