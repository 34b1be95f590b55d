import CavraModel
import CavraReport

/// What is posted, the same on every platform: a one-line description, the Markdown report as the check's summary,
/// one comment (the attestation, else the report) carrying the marker that finds it again, and annotations.
struct PublishContent {
    /// Marks the gate's one comment, note or thread so the next run updates it instead of adding another.
    static let marker = "<!-- cavra-gate:attestation -->"
    /// GitHub's limit on a check run's `output.summary`, in characters.
    static let summaryLimit = 65_535
    /// GitHub's limit on a comment's body, in characters; GitLab's and Azure's are larger.
    static let commentLimit = 65_536
    /// GitHub's limit on a commit status's description.
    static let descriptionLimit = 140

    let verdict: PublishedVerdict
    let title: String
    let description: String
    let summary: String
    let comment: String
    let annotations: [Annotation]

    struct Annotation: Encodable, Equatable {
        var path: String
        var startLine: Int
        var endLine: Int
        var annotationLevel: String
        var title: String
        var message: String

        enum CodingKeys: String, CodingKey {
            case path, title, message
            case startLine = "start_line"
            case endLine = "end_line"
            case annotationLevel = "annotation_level"
        }
    }

    init(_ published: PublishedResult, attestation: String?) throws(PublishError) {
        let result = published.result
        verdict = PublishedVerdict(status: result.status, isBreakGlass: published.breakGlass != nil)
        let banner = published.breakGlass.map(Self.banner) ?? ""
        if published.breakGlass != nil {
            title = "cavra-gate passed by break-glass"
            description = Self.cut("Break-glass: \(result.summary.countsText)", to: Self.descriptionLimit)
        } else {
            title = "cavra-gate \(result.status.verdict)"
            description = Self.cut(
                "cavra-gate \(result.status.verdict): \(result.summary.countsText)", to: Self.descriptionLimit)
        }
        let report = try Self.report(published.redacted, limit: Self.summaryLimit - banner.utf8.count)
        summary = banner + report
        let opening = Self.marker + "\n"
        let body: String
        if let attestation {
            body = Self.cut(attestation, to: Self.commentLimit - opening.count - banner.count)
        } else {
            body = try Self.report(
                published.redacted, limit: Self.commentLimit - opening.utf8.count - banner.utf8.count)
        }
        comment = opening + banner + body
        annotations = result.findings.compactMap { finding in
            guard let path = finding.path, let line = finding.line, line > 0 else { return nil }
            let level =
                switch finding.decision {
                case .deny: "failure"
                case .requireApproval: finding.isApproved ? "notice" : "warning"
                case .allow: "notice"
                }
            return Annotation(
                path: path, startLine: line, endLine: line, annotationLevel: level, title: finding.title,
                message: finding.message)
        }
    }

    /// The Markdown report within `limit` bytes, which keeps it within as many characters.
    private static func report(_ redacted: RedactedResult, limit: Int) throws(PublishError) -> String {
        do {
            return try MarkdownReport(options: ReportOptions(markdownByteLimit: limit)).render(redacted)
        } catch {
            throw PublishError("The result cannot be rendered as Markdown (\(error)); publish a result check wrote.")
        }
    }

    private static func banner(_ record: BreakGlass) -> String {
        "> [!CAUTION]\n> **Break-glass**: policy was overridden by \(MarkdownText.escape(record.actor)), ticket "
            + "\(MarkdownText.code(record.ticket)), until \(MarkdownText.code(record.expires)).\n> Reason: "
            + "\(MarkdownText.escape(record.reason))\n\n"
    }

    private static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
