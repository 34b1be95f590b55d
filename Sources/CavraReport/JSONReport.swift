import CavraModel
import Foundation

/// The result contract (`cavra.gate.result.v1`) as JSON.
public struct JSONReport: ReportRenderer {
    public init() {}

    /// Text stays as the result holds it (JSON escapes what must be escaped), only redacted.
    public func render(_ result: RedactedResult) throws -> String {
        try JSONOutput.encode(result.result)
    }
}
