import CavraModel

/// A plain-text report for terminals.
public struct TextReport: ReportRenderer {
    public init() {}

    public func render(_ result: GateResult) throws -> String {
        let redactor = Redactor()
        var lines = ["cavra-gate: \(result.status.rawValue)"]
        lines += result.findings.map { finding in
            "\(finding.decision.rawValue) \(finding.ruleID) \(finding.locationText): \(redactor.redact(finding.reason))"
        }
        lines += result.errors.map { "error: \(redactor.redact($0.message))" }
        return lines.joined(separator: "\n") + "\n"
    }
}
