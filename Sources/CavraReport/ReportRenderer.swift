import CavraModel

/// Turns one gate result into one output format. Every format is a view of the same `GateResult`, so two formats
/// rendered from one run can never disagree.
/// Renderers see only redacted results, so no format can show a secret.
public protocol ReportRenderer {
    /// Renders the result; the same result always gives the same text, byte for byte.
    /// - Throws: when the result cannot be encoded in this format.
    func render(_ result: RedactedResult) throws -> String
}

extension ReportRenderer {
    /// Redacts the result, then renders it. A caller writing several formats redacts once with `RedactedResult`.
    public func render(_ result: GateResult) throws -> String {
        try render(RedactedResult(result))
    }
}

/// Choices that shape rendered reports without changing what they say.
public struct ReportOptions: Sendable, Hashable {
    /// How many annotations per level (error, warning, notice) the log formats print before summarising the rest;
    /// platforms show only a handful per step, and thousands of lines bury the verdict.
    public var annotationLimitPerLevel: Int
    /// How many results a SARIF run may hold; the strongest findings are kept.
    public var sarifResultLimit: Int
    /// How many UTF-8 bytes the Markdown report may take; the findings tables are cut to fit.
    public var markdownByteLimit: Int
    /// The repository's absolute path, for platforms that want absolute source paths (Azure); nil keeps paths
    /// relative to the repository root.
    public var repositoryRoot: String?

    public init(
        annotationLimitPerLevel: Int = 50,
        sarifResultLimit: Int = PlatformLimits.sarifResultsPerRun,
        markdownByteLimit: Int = PlatformLimits.stepSummaryBytes - 1,
        repositoryRoot: String? = nil
    ) {
        self.annotationLimitPerLevel = annotationLimitPerLevel
        self.sarifResultLimit = sarifResultLimit
        self.markdownByteLimit = markdownByteLimit
        self.repositoryRoot = repositoryRoot
    }
}

/// Published limits of the platforms the reports are written for.
public enum PlatformLimits {
    /// GitHub code scanning keeps at most this many results (and rules) per SARIF run.
    public static let sarifResultsPerRun = 25_000
    /// GitHub aborts a `$GITHUB_STEP_SUMMARY` upload of this many bytes or more (1 MiB).
    public static let stepSummaryBytes = 1_048_576
    /// GitHub code scanning rejects rules with more tags than this.
    public static let sarifTagsPerRule = 20
}
