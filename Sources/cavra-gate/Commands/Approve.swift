import ArgumentParser
import CavraEngine
import CavraModel
import CavraTrust
import Foundation

extension CavraGate {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Sign an approval record for one require_approval finding (docs/approvals.md).")

        @Option(help: "The finding's fingerprint, as the result lists it.")
        var fingerprint: String

        @Option(help: "The approver group the finding asks for.")
        var group: String

        @Option(name: .customLong("key"), help: "The approver's private key (PEM, Ed25519 or ECDSA P-256).")
        var keyFile: String?

        @Option(name: .customLong("key-env"), help: "The environment variable holding the private key's PEM text.")
        var keyVariable: String?

        @Option(help: "Why the finding is approved.")
        var reason: String

        @Option(help: "Who approves; git's user.email when not given.")
        var approver: String?

        @Option(help: "How long the approval holds (30m, 12h, 7d) or until when (RFC 3339); 7 days when not given.")
        var expires: String = "7d"

        @Option(help: "A result JSON (check --format json) to take the finding from, instead of judging the range.")
        var result: String?

        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."

        @Option(help: "The pull request's base revision.")
        var base: String?

        @Option(help: "The pull request's head revision.")
        var head: String?

        @OptionGroup var policy: PolicyOptions
        @OptionGroup var trust: PolicyTrustOptions

        @Option(help: "Where to write the record ('-' for standard output); .cavra/approvals/ when not given.")
        var output: String?

        func validate() throws {
            if (keyFile == nil) == (keyVariable == nil) {
                throw ValidationError(
                    "give the approver's key once: --key FILE or --key-env NAME, never on the command line")
            }
            if (base == nil) != (head == nil) {
                throw ValidationError("--base and --head go together; give both, or neither")
            }
            if result != nil && base != nil {
                throw ValidationError("take the finding from --result or from --base/--head, not both")
            }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let key = try SigningKey(
                source: keyFile.map(KeySource.file) ?? .environment(keyVariable ?? ""), environment: environment)
            let judged = try judgedResult(environment: environment)
            guard let finding = judged.findings.first(where: { $0.fingerprint == fingerprint }),
                finding.decision == .requireApproval, let digest = judged.policy?.digest
            else {
                throw ApprovalError(
                    "no require_approval finding has fingerprint \(fingerprint) in the judged result; copy the fingerprint from check --format json"
                )
            }
            guard finding.approverGroup == group else {
                throw ApprovalError(
                    "the finding asks group \(finding.approverGroup ?? "(none)") for approval, not \(group); approve for the group the rule names"
                )
            }
            let now = Date()
            let record = try ApprovalRecord(
                fingerprint: fingerprint, ruleID: finding.ruleID, policyDigest: digest, group: group,
                approver: try approverName(), reason: reason, created: now,
                expires: try ApprovalExpiry.date(expires, from: now), signedWith: key)
            let text = try record.fileText()
            if output == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            let file = output ?? defaultFile(for: record, repositoryRoot: judged.repository ?? repo)
            do {
                try FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            } catch {
                throw ApprovalError("cannot write the approval record to \(file); check the folder and its permissions")
            }
            Terminal.note("wrote \(file); commit it to the pull request's branch")
        }

        private func judgedResult(environment: [String: String]) throws -> GateResult {
            if let result {
                guard let data = FileManager.default.contents(atPath: result),
                    let decoded = try? JSONDecoder().decode(GateResult.self, from: data)
                else {
                    throw ApprovalError("\(result) is not a result JSON; write one with check --format json")
                }
                return decoded
            }
            let selection: ChangeSelection =
                if let base, let head { .range(base: base, head: head, judging: .net) } else {
                    .automatic(judging: nil, detectsCI: false)
                }
            let judged = Gate().judge(
                GateRequest(
                    repositoryPath: repo, subject: .changes(selection),
                    policy: policy.choice(trust: trust, environment: environment), environment: environment))
            if let error = judged.errors.first { throw ApprovalError(error.message) }
            return judged
        }

        private func approverName() throws -> String {
            if let approver { return approver }
            guard let email = CommitterIdentity.email(repositoryPath: repo) else {
                throw ApprovalError("git has no user.email here; name the approver with --approver")
            }
            return email
        }

        private func defaultFile(for record: ApprovalRecord, repositoryRoot: String) -> String {
            let keyHex = record.keyID.dropFirst(Digest.prefix.count)
            return "\(repositoryRoot)/.cavra/approvals/\(record.fingerprint.prefix(12))-\(keyHex.prefix(8)).json"
        }
    }
}
