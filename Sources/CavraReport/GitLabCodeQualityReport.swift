import CavraModel
import Foundation

/// A GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array with one issue per finding, so
/// merge requests show findings in the widget and the diff.
public struct GitLabCodeQualityReport: ReportRenderer {
    public init() {}

    struct Issue: Encodable {
        struct Location: Encodable {
            struct Lines: Encodable { var begin: Int }
            var path: String
            var lines: Lines
        }
        var description: String
        var checkName: String
        var fingerprint: String
        var severity: String
        var location: Location

        enum CodingKeys: String, CodingKey {
            case description, fingerprint, severity, location
            case checkName = "check_name"
        }
    }

    public func render(_ result: RedactedResult) throws -> String {
        // The widget shows only issues, so what the run says besides its findings is an issue too.
        let notices = result.result.notices.map { notice in
            Issue(
                description: DisplayText.escape("\(notice.title): \(notice.message)"), checkName: notice.code,
                fingerprint: notice.key, severity: notice.kind == .breakGlass ? "critical" : "info",
                location: .init(path: notice.file ?? ".", lines: .init(begin: 1)))
        }
        let issues =
            notices
            + result.result.findings.map { finding in
                Issue(
                    description: "\(finding.title): \(finding.message)",
                    checkName: finding.ruleID,
                    fingerprint: finding.fingerprint,
                    severity: Self.severity(of: finding),
                    location: .init(path: finding.reportedPath, lines: .init(begin: finding.line ?? 1)))
            }
        return try JSONOutput.encode(issues)
    }

    /// GitLab's five levels: what blocks the merge is `blocker` or `critical`, what waits for someone is `major`.
    static func severity(of finding: Finding) -> String {
        if finding.isApproved { return "minor" }
        switch finding.decision {
        case .deny: return finding.severity == .critical ? "blocker" : "critical"
        case .requireApproval: return "major"
        case .allow: return "info"
        }
    }
}
