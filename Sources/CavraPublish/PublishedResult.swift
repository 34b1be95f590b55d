import CavraModel
import CavraReport
import Foundation

/// A gate result as it is published: read from the result JSON, secrets masked, and with the break-glass record
/// when the run was let through by one (`break_glass`, docs/approvals.md), which platforms show as neutral.
public struct PublishedResult: Sendable {
    /// Redacted, so nothing posted can show a secret the reports hide.
    public let redacted: RedactedResult
    public let breakGlass: BreakGlass?

    public struct BreakGlass: Sendable, Decodable, Equatable {
        public var actor: String?
        public var reason: String?
        public var ticket: String?
        public var expires: String?
    }

    private struct BreakGlassField: Decodable {
        var breakGlass: BreakGlass?

        enum CodingKeys: String, CodingKey { case breakGlass = "break_glass" }
    }

    /// - Parameter json: a `cavra.gate.result.v1` document, as `check --format json` writes it.
    /// - Throws: `PublishError` when it is not one.
    public init(json: Data, source: String) throws(PublishError) {
        let decoder = JSONDecoder()
        let result: GateResult
        do {
            result = try decoder.decode(GateResult.self, from: json)
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
        let redactor = Redactor()
        redacted = RedactedResult(result, redactor: redactor)
        breakGlass = (try? decoder.decode(BreakGlassField.self, from: json))?.breakGlass.map { record in
            BreakGlass(
                actor: record.actor.map(redactor.redact), reason: record.reason.map(redactor.redact),
                ticket: record.ticket.map(redactor.redact), expires: record.expires)
        }
    }

    var result: GateResult { redacted.result }

    /// The head commit the result judged.
    public var judgedHead: String? { result.range?.head }
}
