import CavraModel

/// GitHub Actions annotations: `::error` for denied findings, `::warning` for findings awaiting approval and
/// `::notice` for allowed or approved ones. GitHub shows only the first few annotations of a step, so each level
/// is cut at `ReportOptions.annotationLimitPerLevel` and a last notice says how many were left out.
public struct GitHubAnnotationReport: ReportRenderer {
    public var options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    private enum Level: String, CaseIterable {
        case error, warning, notice

        init(_ finding: Finding) {
            switch finding.decision {
            case .deny: self = .error
            case .requireApproval: self = finding.isApproved ? .notice : .warning
            case .allow: self = .notice
            }
        }
    }

    public func render(_ redacted: RedactedResult) throws -> String {
        let result = redacted.result
        var lines = result.errors.map { error in
            WorkflowCommand(
                name: "error",
                properties: Self.fileProperties(path: error.file, line: error.line)
                    + [("title", "cavra-gate could not decide")],
                message: DisplayText.escape(error.message)
            ).line
        }
        lines += result.notices.map { notice in
            WorkflowCommand(
                name: "warning",
                properties: Self.fileProperties(path: notice.file, line: nil) + [("title", notice.title)],
                message: DisplayText.escape(notice.message)
            ).line
        }
        var omitted: [(Level, Int)] = []
        for level in Level.allCases {
            let capped = CappedList(
                result.findings.filter { Level($0) == level }, limit: options.annotationLimitPerLevel)
            lines += capped.kept.map { annotation(for: $0, level: level) }
            if capped.omitted > 0 { omitted.append((level, capped.omitted)) }
        }
        if !omitted.isEmpty {
            let counts = omitted.map { "\($0.1) \($0.0.rawValue)\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
            lines.append(
                WorkflowCommand(
                    name: "notice", properties: [("title", "cavra-gate: more findings")],
                    message: "\(counts) not annotated; the job summary and the SARIF report list every finding."
                ).line)
        }
        lines.append(
            DisplayText.line(
                "cavra-gate: \(result.verdict) (\(result.summary.countsText)); runner \(result.runner.identityText)"
            ))
        return lines.joined(separator: "\n") + "\n"
    }

    private func annotation(for finding: Finding, level: Level) -> String {
        WorkflowCommand(
            name: level.rawValue,
            properties: Self.fileProperties(path: finding.path, line: finding.line) + [("title", finding.title)],
            message: finding.message
        ).line
    }

    private static func fileProperties(path: String?, line: Int?) -> [(key: String, value: String)] {
        guard let path else { return [] }
        return [("file", DisplayText.path(path))] + (line.map { [("line", String($0))] } ?? [])
    }
}
