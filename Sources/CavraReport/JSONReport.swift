import CavraModel

/// The result contract (`cavra.gate.result.v1`) as JSON.
public struct JSONReport: ReportRenderer {
    public init() {}

    /// Text stays as the result holds it, only redacted; `JSONOutput` escapes what a log would act on.
    public func render(_ result: RedactedResult) throws -> String {
        try JSONOutput.encode(result.result)
    }
}
