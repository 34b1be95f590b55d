import CavraModel

/// The reviewer's report, for job summaries and pull-request comments: the verdict first, then the findings
/// grouped by what they mean for the merge, then what was compared and with which policy. Kept within
/// `ReportOptions.markdownByteLimit` (GitHub rejects step summaries of 1 MiB): when the findings do not fit, the
/// weakest are left out and a note says how many.
public struct MarkdownReport: ReportRenderer {
    public var options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    private struct Group {
        var heading: String
        var findings: [Finding]
    }

    public func render(_ redacted: RedactedResult) throws -> String {
        let result = redacted.result
        let head =
            breakGlassWarning(of: result) + verdict(of: result) + errors(of: result) + ignoredApprovals(of: result)
        let tail = comparison(of: result)
        let groups = [
            Group(heading: "Denied", findings: result.findings.filter { $0.decision == .deny }),
            Group(
                heading: "Awaiting approval",
                findings: result.findings.filter { $0.decision == .requireApproval && !$0.isApproved }),
            Group(heading: "Approved", findings: result.findings.filter(\.isApproved)),
            Group(heading: "Allowed", findings: result.findings.filter { $0.decision == .allow }),
        ]
        // Room for the truncation note is set aside first, so that cutting never pushes the report over.
        let noteReserve = 400
        var budget = options.markdownByteLimit - head.utf8.count - tail.utf8.count - noteReserve
        var body = ""
        var omitted: [(String, Int)] = []
        for group in groups where !group.findings.isEmpty {
            let opening =
                "### \(group.heading) (\(group.findings.count))\n\n"
                + "| Severity | Rule | Where | Details |\n|---|---|---|---|\n"
            var section = ""
            var listed = 0
            if omitted.isEmpty, opening.utf8.count <= budget {
                budget -= opening.utf8.count
                section = opening
                for finding in group.findings {
                    let row = self.row(for: finding)
                    guard row.utf8.count <= budget else { break }
                    budget -= row.utf8.count
                    section += row
                    listed += 1
                }
            }
            if listed > 0 { body += section + "\n" }
            if listed < group.findings.count {
                omitted.append((group.heading.lowercased(), group.findings.count - listed))
            }
        }
        if !omitted.isEmpty { body += truncationNote(omitted) }
        return head + body + tail
    }

    private func verdict(of result: GateResult) -> String {
        let mark =
            switch result.status {
            case .pass: "✅"
            case .deny: "❌"
            case .actionRequired: "⏳"
            case .error: "⚠️"
            }
        let changes = result.summary.changes
        return "## \(mark) cavra-gate \(result.verdict)\n\n"
            + "**\(result.summary.countsText)** in \(changes) changed path\(changes == 1 ? "" : "s").\n\n"
    }

    private func errors(of result: GateResult) -> String {
        guard !result.errors.isEmpty else { return "" }
        let items = result.errors.map { error in
            let place = error.file.map { file in
                MarkdownText.code(SourceLocation(file: file, line: error.line, column: error.column).description)
                    + ": "
            }
            return "- \(place ?? "")\(MarkdownText.escape(error.message))\n"
        }
        return "### Could not decide\n\n" + items.joined() + "\n"
    }

    /// Above everything else, so nobody reads the verdict without it.
    private func breakGlassWarning(of result: GateResult) -> String {
        result.notices.filter { $0.kind == .breakGlass }.map {
            "> [!WARNING]\n> **\(MarkdownText.escape($0.title))**: \(MarkdownText.escape($0.message))\n\n"
        }.joined()
    }

    /// Listed before the findings, so a reviewer never wonders why a committed record did not count.
    private func ignoredApprovals(of result: GateResult) -> String {
        guard !result.approvalsIgnored.isEmpty else { return "" }
        let items = result.approvalsIgnored.map { ignored in
            "- \(MarkdownText.code(ignored.file)) (\(MarkdownText.code(ignored.reason.rawValue))): "
                + "\(MarkdownText.escape(ignored.detail))\n"
        }
        return "### Approval records ignored (\(items.count))\n\n" + items.joined() + "\n"
    }

    private func row(for finding: Finding) -> String {
        "| \(finding.severity.rawValue) | \(MarkdownText.code(finding.ruleID)) | "
            + "\(MarkdownText.code(finding.locationText)) | \(MarkdownText.escape(finding.message)) |\n"
    }

    private func truncationNote(_ omitted: [(String, Int)]) -> String {
        let total = omitted.reduce(0) { $0 + $1.1 }
        let detail = omitted.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        return "> [!NOTE]\n> \(total) finding\(total == 1 ? " is" : "s are") not listed here (\(detail)) to keep "
            + "this report within \(options.markdownByteLimit) bytes. The SARIF and JSON reports list every "
            + "finding.\n\n"
    }

    private func comparison(of result: GateResult) -> String {
        var lines = ["### What was compared", ""]
        if let range = result.range {
            let spelled = [range.baseRef, range.headRef].compactMap { $0 }
            var text = "- Range (\(range.mode.rawValue))"
            if !spelled.isEmpty { text += ": " + spelled.map(MarkdownText.code).joined(separator: "...") }
            lines.append(text)
            let ids: [(String, String?)] = [
                ("base", range.base), ("head", range.head), ("merge base", range.mergeBase),
            ]
            let known = ids.compactMap { name, id in id.map { "\(name) \(MarkdownText.code(String($0.prefix(12))))" } }
            if !known.isEmpty { lines.append("- Commits: " + known.joined(separator: ", ")) }
            lines.append("- \(range.commits.count) commit\(range.commits.count == 1 ? "" : "s") judged")
            lines += range.notes.map { "- Note: \(MarkdownText.escape($0))" }
        } else {
            lines.append("- Range: none (a single action was judged)")
        }
        if let policy = result.policy {
            let version = policy.version.map { " \(MarkdownText.escape($0))" } ?? ""
            lines.append(
                "- Policy: \(MarkdownText.code(policy.id))\(version), digest \(MarkdownText.code(policy.digest))")
            if !policy.packs.isEmpty {
                lines.append("- Packs: " + policy.packs.map(MarkdownText.code).joined(separator: ", "))
            }
            if let source = policy.source { lines.append("- Policy read from \(MarkdownText.code(source))") }
        } else {
            lines.append("- Policy: none loaded")
        }
        lines.append("- Runner: " + MarkdownText.escape(result.runner.identityText))
        lines.append("- Tool: \(MarkdownText.code("\(result.tool.name) \(result.tool.version)"))")
        return lines.joined(separator: "\n") + "\n"
    }
}
