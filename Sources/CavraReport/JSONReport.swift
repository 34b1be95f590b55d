import CavraModel
import Foundation

/// The result contract (`cavra.gate.result.v1`) as JSON.
public struct JSONReport: ReportRenderer {
    public init() {}

    public func render(_ result: GateResult) throws -> String {
        let redactor = Redactor()
        let redacted = result.replacingFindings { finding in
            var finding = finding
            finding.command = finding.command.map(redactor.redact)
            return finding
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(redacted), as: UTF8.self) + "\n"
    }
}
