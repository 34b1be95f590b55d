import CavraModel
import CavraTrust
import Foundation

/// Checks an attestation in a fixed order (signature, subject, policy digest) and says which check failed first.
/// The claims are read only to be checked: nothing the statement says is trusted before its signature is.
public struct AttestationVerifier {
    /// Which commit the attestation must be about.
    public enum SubjectExpectation {
        case head(String)
        /// Any commit the repository holds; `exists` answers for a full commit id.
        case commitIn(repository: String, exists: (String) -> Bool)
    }

    /// Which policy must have judged it.
    public enum PolicyExpectation {
        case digest(String)
        /// The digest of the policy that judges the statement's range; `described` says where it was looked up,
        /// for messages. Nil when none can be found.
        case resolved(described: String, digest: (Statement.JudgedRange) throws -> String?)
    }

    /// The statement's range judged again, nil when it cannot be; compared by status and finding fingerprints.
    public typealias Rejudge = (Statement.JudgedRange) throws -> GateResult?

    public let trustedKeys: [TrustedKey]
    public let subject: SubjectExpectation
    public let policy: PolicyExpectation
    public let rejudge: Rejudge?

    /// - Throws: `AttestationError` when no key is given or one is an HMAC secret.
    /// - Parameter rejudge: when given, a fourth check runs the range again and compares the outcome.
    public init(
        trustedKeys: [TrustedKey], subject: SubjectExpectation, policy: PolicyExpectation, rejudge: Rejudge? = nil
    ) throws(AttestationError) {
        guard !trustedKeys.isEmpty else {
            throw AttestationError(
                "attest verify needs a --trusted-key, the public key the attestation was signed with")
        }
        if let secret = trustedKeys.first(where: { $0.algorithm == .hmacSHA256 }) {
            throw AttestationError(
                "\(secret.file) is an HMAC secret, and attestations are signed with key pairs only; trust the signer's public key"
            )
        }
        self.trustedKeys = trustedKeys
        self.subject = subject
        self.policy = policy
        self.rejudge = rejudge
    }

    public func verify(_ envelope: Envelope) -> Verification {
        let statement = Result { () throws(AttestationError) in try Statement(payload: envelope.payloadBytes()) }
        var checks = [
            signatureCheck(envelope),
            check(named: Verification.subject, statement, subjectCheck),
            check(named: Verification.policyDigest, statement, policyCheck),
        ]
        if let rejudge {
            checks.append(check(named: Verification.reproduction, statement) { reproductionCheck($0, rejudge) })
        }
        return Verification(
            verdict: try? statement.get().predicate.result.status.rawValue, checks: checks)
    }

    private func signatureCheck(_ envelope: Envelope) -> Verification.Check {
        let name = Verification.signature
        guard envelope.payloadType == Statement.mediaType else {
            return .init(
                name: name, ok: false,
                detail: "the payload type is \(envelope.payloadType), not \(Statement.mediaType)")
        }
        guard !envelope.signatures.isEmpty else {
            return .init(name: name, ok: false, detail: "the envelope is unsigned (written with --unsigned)")
        }
        guard let message = try? envelope.signedBytes() else {
            return .init(name: name, ok: false, detail: "the payload is not base64")
        }
        for signature in envelope.signatures {
            guard let bytes = Data(base64Encoded: signature.sig) else { continue }
            if let key = trustedKeys.first(where: { $0.isValid(signature: Array(bytes), for: message) }) {
                return .init(name: name, ok: true, detail: "signed by \(key.keyID ?? key.file) (\(key.file))")
            }
        }
        let ids = envelope.signatures.map(\.keyid).joined(separator: ", ")
        return .init(
            name: name, ok: false, detail: "no signature verifies with a trusted key (the envelope names \(ids))")
    }

    private func check(
        named name: String, _ statement: Result<Statement, AttestationError>,
        _ body: (Statement) -> (ok: Bool, detail: String)
    ) -> Verification.Check {
        switch statement {
        case .success(let statement):
            let (ok, detail) = body(statement)
            return .init(name: name, ok: ok, detail: detail)
        case .failure(let error):
            return .init(name: name, ok: false, detail: error.message)
        }
    }

    private func subjectCheck(_ statement: Statement) -> (ok: Bool, detail: String) {
        guard statement.subject.count == 1, let head = statement.subject[0].gitCommit else {
            return (false, "the statement does not name exactly one subject with a gitCommit digest")
        }
        let name = statement.subject[0].name
        switch subject {
        case .head(let expected):
            let ok = head.lowercased() == expected.lowercased()
            return (ok, ok ? "\(name) at \(head)" : "the statement is about \(head), not \(expected)")
        case .commitIn(let repository, let exists):
            let ok = head == statement.predicate.head && exists(head)
            return (
                ok,
                ok
                    ? "\(name) at \(head), a commit of \(repository)"
                    : "the subject \(head) is not a commit of \(repository) or not the judged head"
            )
        }
    }

    private func policyCheck(_ statement: Statement) -> (ok: Bool, detail: String) {
        guard let recorded = statement.predicate.policy?.digest else {
            return (false, "the statement records no policy")
        }
        switch policy {
        case .digest(let expected):
            let ok = recorded == expected
            return (ok, ok ? recorded : "the statement's policy digest is \(recorded), not \(expected)")
        case .resolved(let described, let digest):
            guard let range = statement.judgedRange else {
                return (false, "the statement records no base, head or policy to look the policy up by")
            }
            do {
                guard let expected = try digest(range) else {
                    return (false, "no policy judging the statement's range was found in \(described)")
                }
                let ok = recorded == expected
                return (
                    ok,
                    ok
                        ? "\(recorded), the digest of the policy that judges this range in \(described)"
                        : "the statement's policy digest is \(recorded), but the policy that judges this range in \(described) has \(expected)"
                )
            } catch {
                return (false, "the policy of \(described) could not be read: \(error)")
            }
        }
    }

    private func reproductionCheck(_ statement: Statement, _ rejudge: Rejudge) -> (ok: Bool, detail: String) {
        let recorded = statement.predicate.result
        guard let range = statement.judgedRange else {
            return (false, "the statement records no base, head or policy to judge the range again with")
        }
        let again: GateResult
        do {
            guard let result = try rejudge(range) else {
                return (false, "the range cannot be judged again: the recorded policy is not one this gate can load")
            }
            // A break-glass pass is a decision of its moment, not of the range: judged again, the range is lifted by
            // the recorded pass, so a reproduction compares what the policy decides about the same findings.
            again = recorded.breakGlass.map(result.liftedBy) ?? result
        } catch {
            return (false, "the range cannot be judged again: \(error)")
        }
        let before = Set(recorded.findings.map(\.fingerprint))
        let after = Set(again.findings.map(\.fingerprint))
        guard again.status == recorded.status, before == after else {
            return (
                false,
                "judged again, the range is \(again.status.rawValue) with \(after.subtracting(before).count) new and "
                    + "\(before.subtracting(after).count) missing findings; the statement records \(recorded.status.rawValue)"
            )
        }
        return (true, "judged again: \(again.status.rawValue), with the same findings (\(after.count))")
    }
}
