import CavraModel

/// Azure Pipelines logging commands: a `task.logissue` per denied finding (error) and per finding awaiting
/// approval (warning), then `task.complete` with the verdict. Azure has no informational issue type, so allowed
/// and approved findings are only counted. Each level is cut at `ReportOptions.annotationLimitPerLevel`.
public struct AzureLoggingReport: ReportRenderer {
    public var options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ redacted: RedactedResult) throws -> String {
        let result = redacted.result
        var lines = result.errors.map { error in
            issue(
                type: "error", path: error.file, line: error.line, code: nil, message: DisplayText.escape(error.message)
            )
        }
        lines += result.notices.map { notice in
            issue(
                type: "warning", path: notice.file, line: nil, code: notice.code,
                message: DisplayText.escape("\(notice.title): \(notice.message)"))
        }
        var omitted: [String] = []
        let levels: [(type: String, findings: [Finding])] = [
            ("error", result.findings.filter { $0.decision == .deny }),
            ("warning", result.findings.filter { $0.decision == .requireApproval && !$0.isApproved }),
        ]
        for level in levels {
            let capped = CappedList(level.findings, limit: options.annotationLimitPerLevel)
            lines += capped.kept.map { finding in
                issue(
                    type: level.type, path: finding.path, line: finding.line, code: DisplayText.escape(finding.ruleID),
                    message: "\(finding.title): \(finding.message)")
            }
            if capped.omitted > 0 { omitted.append("\(capped.omitted) \(level.type)\(capped.omitted == 1 ? "" : "s")") }
        }
        if !omitted.isEmpty {
            lines.append(
                issue(
                    type: "warning", path: nil, line: nil, code: nil,
                    message: "\(omitted.joined(separator: ", ")) not listed; the published summary lists every finding."
                ))
        }
        lines.append(
            LoggingCommand(
                name: "task.complete", properties: [("result", completion(of: result))],
                message:
                    "cavra-gate \(result.verdict) (\(result.summary.countsText)); runner \(result.runner.identityText)"
            ).line)
        return lines.joined(separator: "\n") + "\n"
    }

    private func issue(type: String, path: String?, line: Int?, code: String?, message: String) -> String {
        var properties: [(key: String, value: String)] = [("type", type)]
        if let path { properties.append(("sourcepath", sourcePath(path))) }
        if let line, path != nil { properties.append(("linenumber", String(line))) }
        if let code { properties.append(("code", code)) }
        return LoggingCommand(name: "task.logissue", properties: properties, message: message).line
    }

    private func sourcePath(_ path: String) -> String {
        guard let root = options.repositoryRoot, !path.hasPrefix("/") else { return DisplayText.path(path) }
        return DisplayText.path(root.hasSuffix("/") ? root + path : root + "/" + path)
    }

    /// Approved findings and a break-glass pass let the gate pass but are worth a look, so they mark the run as
    /// passed with issues.
    private func completion(of result: GateResult) -> String {
        switch result.status {
        case .pass: result.summary.approved > 0 || result.breakGlass != nil ? "SucceededWithIssues" : "Succeeded"
        case .deny, .actionRequired, .error: "Failed"
        }
    }
}
