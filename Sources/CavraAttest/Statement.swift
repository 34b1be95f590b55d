import CavraModel
import CavraReport
import CavraTrust
import Foundation

/// An in-toto Statement v1 whose predicate is a gate result: which commit was judged, against what, under which
/// policy, by whom, and the verdict. The result is the redacted `--format json` result, so an attestation can be
/// published wherever a report can.
public struct Statement: Codable, Sendable {
    public static let type = "https://in-toto.io/Statement/v1"
    public static let predicateType = "https://cavra-gate.dev/attestation/gate-result/v1"
    public static let mediaType = "application/vnd.in-toto+json"

    public struct Subject: Codable, Sendable, Hashable {
        public var name: String
        public var digest: [String: String]

        /// The judged head commit, the only digest an attestation of the gate names.
        public var gitCommit: String? { digest["gitCommit"] }
    }

    public struct PolicyReference: Codable, Sendable, Hashable {
        public var id: String
        public var version: String?
        public var digest: String
    }

    public struct Predicate: Codable, Sendable {
        public var result: GateResult
        public var base: String?
        public var head: String?
        public var mergeBase: String?
        public var policy: PolicyReference?
        public var runner: GateResult.Runner
        public var tool: GateResult.Tool
        /// RFC 3339, UTC; the one field that differs between two runs on the same input.
        public var evaluatedAt: String

        enum CodingKeys: String, CodingKey {
            case result, base, head, policy, runner, tool
            case mergeBase = "merge_base"
            case evaluatedAt = "evaluated_at"
        }
    }

    /// What the statement says was judged, enough to look the policy up, or judge the range, again.
    public struct JudgedRange: Sendable, Hashable {
        public var base: String
        public var head: String
        public var mode: CompareRange.Mode
        public var policyID: String
    }

    public var type: String
    public var subject: [Subject]
    public var predicateType: String
    public var predicate: Predicate

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// The statement of a judged commit; the result is redacted here, so no caller can attest an unmasked one.
    /// - Parameter subjectName: the repository's identity (`SubjectName`).
    /// - Throws: `AttestationError` when the result judged no commit, which leaves nothing to attest.
    public init(result: GateResult, subjectName: String, evaluatedAt: Date) throws(AttestationError) {
        let masked = RedactedResult(result).result
        guard let range = masked.range, let head = range.head else {
            throw AttestationError(
                "--attest needs a judged head commit, and this run judged none; judge a range (--base/--head) or a commit (--commit)"
            )
        }
        type = Self.type
        subject = [Subject(name: subjectName, digest: ["gitCommit": head])]
        predicateType = Self.predicateType
        predicate = Predicate(
            result: masked, base: range.base, head: head, mergeBase: range.mergeBase,
            policy: masked.policy.map { PolicyReference(id: $0.id, version: $0.version, digest: $0.digest) },
            runner: masked.runner, tool: masked.tool, evaluatedAt: Self.timestamp(evaluatedAt))
    }

    /// Nil when the statement records no base (a root commit), head or policy.
    public var judgedRange: JudgedRange? {
        guard let base = predicate.base, let head = predicate.head, let range = predicate.result.range,
            let policy = predicate.policy
        else { return nil }
        return JudgedRange(base: base, head: head, mode: range.mode, policyID: policy.id)
    }

    /// The canonical JSON bytes that are signed: the same statement always gives the same bytes.
    public func payload() throws(AttestationError) -> [UInt8] {
        do {
            return Array(try CanonicalJSON(encoding: self).text.utf8)
        } catch {
            throw AttestationError("the statement could not be encoded as canonical JSON: \(error)")
        }
    }

    /// The statement an envelope carries.
    /// - Throws: `AttestationError` when the payload is not a gate-result statement.
    public init(payload: [UInt8]) throws(AttestationError) {
        do {
            self = try JSONDecoder().decode(Statement.self, from: Data(payload))
        } catch {
            throw AttestationError(
                "the envelope's payload is not an in-toto statement of a gate result (\(error)); attest again with cavra-gate check --attest"
            )
        }
        guard type == Self.type, predicateType == Self.predicateType else {
            throw AttestationError(
                "the statement is of type \(type) with predicate \(predicateType), not a cavra-gate gate result; check the file"
            )
        }
    }

    /// Indented for people; the signed bytes are `payload()`.
    public func json() throws(AttestationError) -> String {
        try IndentedJSON.text(self)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
