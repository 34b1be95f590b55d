import CavraModel

/// SARIF 2.1.0 for code scanning: one run, one rule per policy rule that has a finding, one result per finding
/// with `partialFingerprints` from the finding's fingerprint. GitHub keeps at most 25,000 results per run, so the
/// strongest findings are kept and a tool notification says how many were left out; rules are only those the
/// kept results use, so they stay within GitHub's equal limit on rules.
public struct SARIFReport: ReportRenderer {
    public static let fingerprintKey = "cavraFingerprint/v1"

    public var options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ redacted: RedactedResult) throws -> String {
        let result = redacted.result
        let capped = CappedList(result.findings, limit: options.sarifResultLimit)
        let rules = Self.rules(for: capped.kept)
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let results = capped.kept.map { finding in
            Self.result(for: finding, ruleIndex: ruleIndex[finding.ruleID] ?? 0)
        }
        var notifications = result.errors.map { error in
            SARIF.Notification(
                descriptor: .init(id: "cavra/gate-error"), level: "error",
                message: .init(text: Self.messageText(error.message)),
                locations: error.file.map { [Self.location(path: $0, line: error.line)] })
        }
        notifications += result.notices.map { notice in
            SARIF.Notification(
                descriptor: .init(id: notice.code), level: "warning",
                message: .init(text: Self.messageText(notice.message)),
                locations: notice.file.map { [Self.location(path: $0, line: nil)] })
        }
        if capped.omitted > 0 {
            notifications.append(
                SARIF.Notification(
                    descriptor: .init(id: "cavra/results-omitted"), level: "warning",
                    message: .init(
                        text: "\(capped.omitted) of \(result.findings.count) findings were left out: code scanning "
                            + "keeps at most \(options.sarifResultLimit) results per run, so only the strongest "
                            + "are listed. The JSON report lists every finding."),
                    locations: nil))
        }
        let run = SARIF.Run(
            tool: .init(driver: .init(name: result.tool.name, version: result.tool.version, rules: rules)),
            invocations: [
                .init(executionSuccessful: result.status != .error, toolExecutionNotifications: notifications)
            ],
            results: results,
            properties: .init(
                status: result.status, summary: result.summary, range: result.range, policy: result.policy,
                runner: result.runner, omittedResults: capped.omitted, breakGlass: result.breakGlass,
                approvalsIgnored: result.approvalsIgnored.isEmpty ? nil : result.approvalsIgnored))
        return try JSONOutput.encode(SARIF.Log(runs: [run]), pretty: false)
    }

    /// One rule per rule id, sorted by id; a rule's level and severity are those of its strongest finding, which
    /// comes first because findings arrive strongest first.
    private static func rules(for findings: [Finding]) -> [SARIF.Rule] {
        var strongest: [String: Finding] = [:]
        var controls: [String: [String]] = [:]
        for finding in findings {
            if strongest[finding.ruleID] == nil { strongest[finding.ruleID] = finding }
            controls[finding.ruleID, default: []].append(contentsOf: finding.controls)
        }
        return strongest.keys.sorted().compactMap { id in
            guard let finding = strongest[id] else { return nil }
            let reason = DisplayText.escape(finding.reason.replacingLineBreaks())
            let help = helpText(for: finding, reason: reason)
            let helpMarkdown = helpText(for: finding, reason: MarkdownText.escape(reason))
            var tags = ["security", "cavra-\(finding.decision.rawValue)"]
            for control in controls[id] ?? [] where !tags.contains(control) { tags.append(control) }
            return SARIF.Rule(
                id: id,
                name: ruleName(id),
                shortDescription: .init(text: reason),
                fullDescription: .init(text: reason),
                help: .init(text: help.joined(separator: "\n"), markdown: helpMarkdown.joined(separator: "\n\n")),
                defaultConfiguration: .init(level: level(of: finding.decision)),
                properties: .init(
                    securitySeverity: securitySeverity(of: finding.severity),
                    tags: Array(tags.prefix(PlatformLimits.sarifTagsPerRule))))
        }
    }

    private static func helpText(for finding: Finding, reason: String) -> [String] {
        var lines = [reason, "Policy decision: \(finding.decision.rawValue), severity \(finding.severity.rawValue)."]
        if !finding.controls.isEmpty { lines.append("Controls: \(finding.controls.joined(separator: ", ")).") }
        switch finding.decision {
        case .deny:
            lines.append("To pass the gate, take this out of the change; the policy does not allow it.")
        case .requireApproval:
            let who = finding.approverGroup.map { "a member of \($0)" } ?? "an approver named by the policy"
            lines.append("To pass the gate, \(who) must approve the finding with this fingerprint.")
        case .allow:
            lines.append("Allowed by policy; listed for the record.")
        }
        return lines
    }

    private static func result(for finding: Finding, ruleIndex: Int) -> SARIF.Result {
        var location = location(path: finding.reportedPath, line: finding.line)
        if finding.path == nil, let ref = finding.ref {
            location.physicalLocation.artifactLocation.uriBaseId = nil
            location.logicalLocations = [.init(fullyQualifiedName: ref, kind: "resource")]
        }
        return SARIF.Result(
            ruleId: finding.ruleID,
            ruleIndex: ruleIndex,
            level: level(of: finding.decision),
            message: .init(text: messageText(finding.message)),
            locations: [location],
            partialFingerprints: [fingerprintKey: finding.fingerprint],
            suppressions: finding.approval.map { approval in
                [.init(kind: "external", status: "accepted", justification: "Approved by \(approval.approver).")]
            },
            properties: .init(
                decision: finding.decision, severity: finding.severity, kind: finding.kind, commit: finding.commit,
                approverGroup: finding.approverGroup, tags: [finding.decision.rawValue, finding.kind.rawValue]))
    }

    private static func location(path: String, line: Int?) -> SARIF.Location {
        SARIF.Location(
            physicalLocation: .init(
                artifactLocation: .init(uri: URIReference.encodePath(path), uriBaseId: SARIF.sourceRoot),
                region: line.flatMap { $0 >= 1 ? SARIF.Region(startLine: $0) : nil }),
            logicalLocations: nil)
    }

    /// SARIF reads `[text](target)` in a plain-text message as a link, so literal brackets are escaped as the
    /// specification says; control characters are escaped as `DisplayText` does.
    static func messageText(_ text: String) -> String {
        DisplayText.escape(text).reduce(into: "") { escaped, character in
            if character == "[" || character == "]" { escaped.append("\\") }
            escaped.append(character)
        }
    }

    static func level(of decision: Decision) -> String {
        switch decision {
        case .deny: "error"
        case .requireApproval: "warning"
        case .allow: "note"
        }
    }

    /// GitHub ranks code-scanning alerts by this CVSS-like score: above 9.0 is critical, 7.0 to 8.9 high.
    static func securitySeverity(of severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "2.0"
        }
    }

    /// `secrets.dotenv` → `SecretsDotenv`: SARIF wants rule names that read as identifiers.
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}

/// Repository-relative paths as URI references: every byte outside the unreserved and path characters is
/// percent-encoded, and so is `:`, which would otherwise make a first segment read as a scheme. A path in git's
/// quoting (one that is not UTF-8) is encoded from the bytes it stands for, so the URI names the real file.
enum URIReference {
    static func encodePath(_ path: String) -> String {
        var encoded = ""
        for byte in GitPath(quoted: path)?.bytes ?? Array(path.utf8) {
            if isKept(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~/!$&'()*+,;=@".utf8.contains(byte)
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
