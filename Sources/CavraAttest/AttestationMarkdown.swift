import CavraModel
import CavraReport
import Foundation

/// A pull-request comment about an attestation: what it claims (the subject, then verdict, range, policy, runner and
/// findings as the Markdown report shows them) and the command that checks those claims. It says plainly that it
/// verified nothing, since anyone can write an envelope. Within `characterLimit`, the findings tables cut to fit.
public struct AttestationMarkdown {
    /// GitHub refuses comments longer than this.
    public static let commentCharacterLimit = 65_536

    public var characterLimit: Int

    public init(characterLimit: Int = Self.commentCharacterLimit) {
        self.characterLimit = characterLimit
    }

    /// - Parameter file: the envelope's path as the reader should pass it to `attest verify`.
    public func render(_ envelope: Envelope, file: String) throws(AttestationError) -> String {
        let statement = try Statement(payload: envelope.payloadBytes())
        let head = notice + claims(of: statement, envelope: envelope)
        let tail = verifyCommand(for: statement, file: file)
        // Characters never outnumber UTF-8 bytes, so a byte budget keeps the comment within the character limit.
        let budget = characterLimit - head.utf8.count - tail.utf8.count
        let report: String
        do {
            report = try MarkdownReport(options: ReportOptions(markdownByteLimit: budget))
                .render(statement.predicate.result)
        } catch {
            throw AttestationError("the attested result cannot be rendered as Markdown: \(error)")
        }
        return head + report + "\n" + tail
    }

    private var notice: String {
        "> [!WARNING]\n> `cavra-gate attest show` does not verify this attestation: anyone can write one. Run the "
            + "command at the end with the signer's public key before relying on what it says.\n\n"
    }

    private func claims(of statement: Statement, envelope: Envelope) -> String {
        let predicate = statement.predicate
        var lines = ["## cavra-gate attestation (not verified)", ""]
        for subject in statement.subject {
            lines.append(
                "- Subject: \(MarkdownText.code(subject.name)) at \(MarkdownText.code(subject.gitCommit ?? "no commit"))"
            )
        }
        let ids = [("base", predicate.base), ("head", predicate.head), ("merge base", predicate.mergeBase)]
        lines.append(
            "- Compared: " + ids.map { "\($0) \(MarkdownText.code($1 ?? "none"))" }.joined(separator: ", "))
        if let policy = predicate.policy {
            let version = policy.version.map { " \(MarkdownText.escape($0))" } ?? ""
            lines.append(
                "- Policy: \(MarkdownText.code(policy.id))\(version), digest \(MarkdownText.code(policy.digest))")
        }
        lines.append("- Evaluated at: \(MarkdownText.code(predicate.evaluatedAt))")
        let keys = envelope.signatures.map { MarkdownText.code($0.keyid) }
        lines.append("- Signed by: " + (keys.isEmpty ? "nobody (unsigned)" : keys.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n\n"
    }

    private func verifyCommand(for statement: Statement, file: String) -> String {
        var words = ["cavra-gate", "attest", "verify", file, "--trusted-key", "SIGNER.public.pem"]
        if let head = statement.subject.first?.gitCommit { words += ["--expect-head", head] }
        if let digest = statement.predicate.policy?.digest { words += ["--expect-policy-digest", digest] }
        let command = words.map(Self.shellQuoted).joined(separator: " ")
        let longestRun = command.split(whereSeparator: { $0 != "`" }).map(\.count).max() ?? 0
        let fence = String(repeating: "`", count: max(3, longestRun + 1))
        return "### Check it\n\n\(fence)sh\n\(DisplayText.line(command))\n\(fence)\n"
    }

    /// Words a shell reads as written; anything else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic && $0.isASCII || "0123456789-_./:=@+,".unicodeScalars.contains($0)
        }
        if plain, !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
