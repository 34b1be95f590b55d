import CavraReport

/// The compliance report for a reviewer or an auditor: per framework its coverage, then each control the policy
/// names with its status. Text that comes from a policy (rule and organisation control ids) is escaped.
public enum ComplianceMarkdown {
    public static func render(_ report: ComplianceReport) -> String {
        var lines = ["# Compliance", ""]
        if let policy = report.policy {
            let version = policy.version.map { " \(MarkdownText.escape($0))" } ?? ""
            lines.append(
                "Policy \(MarkdownText.code(policy.id))\(version), digest \(MarkdownText.code(policy.digest)).")
        } else {
            lines.append("No policy was chosen: the run stopped before judging, so no control is reported.")
        }
        if report.frameworks.isEmpty && report.policy != nil {
            lines += ["", "No rule of the policy names a control."]
        }
        for framework in report.frameworks {
            lines += [
                "", "## \(MarkdownText.escape(framework.title.map { "\(framework.id): \($0)" } ?? framework.id))", "",
            ]
            if let coverage = framework.coverage {
                lines.append(
                    "The policy's rules name \(coverage.covered) of the \(coverage.catalogue) controls of the catalogue "
                        + "(\(percent(coverage.percent))).")
            } else {
                lines.append("An organisation's own framework: there is no catalogue to count coverage against.")
            }
            lines += ["", "| Control | Title | Status | Rules | Findings |", "|---|---|---|---|---|"]
            for control in framework.controls {
                let cells = [
                    MarkdownText.code(control.id), MarkdownText.escape(control.title ?? ""), label(control.status),
                    control.rules.map(MarkdownText.code).joined(separator: " "), String(control.findings.count),
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        if !report.unmappedFindings.isEmpty {
            lines += [
                "", "## Findings no control covers", "",
                "\(report.unmappedFindings.count) finding(s) came from rules that name no control: "
                    + report.unmappedFindings.map(MarkdownText.code).joined(separator: ", ") + ".",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func label(_ status: ComplianceReport.Status) -> String {
        switch status {
        case .pass: "pass"
        case .fail: "**fail**"
        case .approvalRequired: "approval required"
        }
    }

    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
