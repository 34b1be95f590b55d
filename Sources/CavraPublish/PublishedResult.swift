import CavraModel
import CavraReport
import Foundation

/// A gate result as it is published: read from the result JSON, secrets masked, and with the break-glass record
/// when the run was let through by one (`break_glass`, docs/approvals.md), which platforms show as neutral.
public struct PublishedResult: Sendable {
    /// Redacted, so nothing posted can show a secret the reports hide.
    public let redacted: RedactedResult
    /// The break-glass record of a run it let through, masked as the reports mask it.
    public var breakGlass: BreakGlass? { result.breakGlass }

    /// - Parameter json: a `cavra.gate.result.v1` document, as `check --format json` writes it.
    /// - Throws: `PublishError` when it is not one.
    public init(json: Data, source: String) throws(PublishError) {
        let result: GateResult
        do {
            result = try JSONDecoder().decode(GateResult.self, from: json)
        } catch {
            throw PublishError(
                "\(source) is not a cavra-gate result (\(GateResult.schemaID)); write one with "
                    + "`cavra-gate check --format json=FILE`.")
        }
        guard result.schema == GateResult.schemaID else {
            throw PublishError(
                "\(source) has schema '\(result.schema.prefix(60))', not \(GateResult.schemaID); publish a result "
                    + "this version of cavra-gate wrote.")
        }
        redacted = RedactedResult(result)
    }

    var result: GateResult { redacted.result }

    /// The head commit the result judged.
    public var judgedHead: String? { result.range?.head }
}
