/// The output formats of `cavra-gate check --format`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, markdown, github, gitlab, azure, junit

    /// The renderer that writes this format.
    /// - Parameter options: limits and paths shared by every format.
    public func renderer(options: ReportOptions = ReportOptions()) -> any ReportRenderer {
        switch self {
        case .text: TextReport()
        case .json: JSONReport()
        case .sarif: SARIFReport(options: options)
        case .markdown: MarkdownReport(options: options)
        case .github: GitHubAnnotationReport(options: options)
        case .gitlab: GitLabCodeQualityReport()
        case .azure: AzureLoggingReport(options: options)
        case .junit: JUnitReport()
        }
    }
}
