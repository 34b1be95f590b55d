import CavraModel
import Foundation

/// The `cavra.gate.result.v1` document (DESIGN 3.3), byte-identical for the same result.
public struct JSONReport {
    public init() {}

    public func render(_ result: GateResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var redacted = result
        redacted.findings = result.findings.map { finding in
            var copy = finding
            copy.command = finding.command.map(Redaction.redact)
            return copy
        }
        return String(decoding: try encoder.encode(redacted), as: UTF8.self) + "\n"
    }
}
