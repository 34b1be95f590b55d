import ArgumentParser
import CavraEngine
import CavraIdentity
import CavraLedger
import CavraModel
import CavraReport
import Foundation

extension CavraGate {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Judge a range, a commit or the staged index against policy.")

        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."

        @Option(help: "The pull request's base revision (branch, tag or commit).")
        var base: String?

        @Option(help: "The pull request's head revision.")
        var head: String?

        @Flag(help: "Judge the staged index against HEAD.")
        var staged = false

        @Option(help: "Judge one commit against its first parent.")
        var commit: String?

        @Flag(help: "With a range, judge every commit of base..head on its own, instead of the net change.")
        var commits = false

        @Flag(
            inversion: .prefixedNo,
            help: """
                With a range, judge the net change and also every non-merge commit of base..head on its own (the \
                default for a range read from CI); --no-history judges the net change only.
                """)
        var history: Bool?

        @OptionGroup var policy: PolicyOptions
        @OptionGroup var trust: PolicyTrustOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var runner: RunnerIdentityOptions
        @OptionGroup var attestation: AttestationOptions
        @OptionGroup var evidence: EvidenceOptions
        @OptionGroup var approvals: ApprovalOptions
        @OptionGroup var breakGlass: BreakGlassOptions
        @OptionGroup var ledger: LedgerOptions

        @Option(help: "Read the range from the CI platform's environment when none is given: auto or none.")
        var ci: CIMode = .auto

        @Flag(help: "Post the verdict as the cavra-gate check and one pull-request comment (see publish).")
        var publish = false

        @Flag(
            name: .customLong("publish-required"),
            help: "With --publish, exit 2 when the verdict could not be posted, instead of keeping the verdict's code.")
        var publishRequired = false

        @OptionGroup var publishing: PublishOptions

        func validate() throws {
            if (base == nil) != (head == nil) {
                throw ValidationError("--base and --head go together; give both, or neither")
            }
            let modes = [base != nil, staged, commit != nil].filter { $0 }.count
            if modes > 1 {
                throw ValidationError("choose one of --base/--head, --staged or --commit")
            }
            if commits && (staged || commit != nil) {
                throw ValidationError(
                    "--commits judges a range commit by commit; it cannot be used with --staged or --commit")
            }
            if let history, staged || commit != nil || commits {
                throw ValidationError(
                    "--\(history ? "" : "no-")history says how a range's net change is judged; it cannot be used "
                        + "with --staged, --commit or --commits")
            }
            try output.validate()
            try attestation.validate(withEvidence: evidence.folder != nil)
            if !publish && (publishRequired || publishing.isGiven) {
                throw ValidationError(
                    "--publish-required, --platform, --repository, --sha, --pull-request and --api-url go with --publish"
                )
            }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let signer = try attestation.signer(environment: environment)
            let selection: ChangeSelection
            if let base, let head {
                selection = .range(base: base, head: head, judging: judging ?? .net)
            } else if staged {
                selection = .staged
            } else if let commit {
                selection = .commit(commit)
            } else {
                selection = .automatic(judging: judging, detectsCI: ci == .auto)
            }
            let ledger = try ledger.open(environment: environment)
            try evidence.prepare()
            let breakGlassRequest = try breakGlass.request(environment: environment, repositoryPath: repo)
            let judged = Gate().judgeWithRules(
                GateRequest(
                    repositoryPath: repo, subject: .changes(selection),
                    policy: policy.choice(trust: trust, environment: environment), environment: environment,
                    runner: RunnerCheck(
                        options: runner.runnerOptions, network: PlatformRunnerNetwork(environment: environment),
                        environment: environment, nonces: ledger.map(LedgerNonces.init)),
                    approvals: approvals.choice,
                    breakGlass: breakGlassRequest))
            let result = judged.result
            try output.emit(result, also: evidence.reportTargets)
            if let signer, let file = attestation.file {
                try AttestationOptions.write(result, signer: signer, to: file)
            }
            try evidence.write(judged, signer: signer)
            try ledger?.record(result)
            if publish { try publishVerdict(result, environment: environment) }
            throw ExitCode(result.exitCode)
        }

        /// The verdict is the gate's answer; a platform that cannot be reached only costs the check its exit code
        /// when `--publish-required` says the posted check is what counts.
        private func publishVerdict(_ result: GateResult, environment: [String: String]) throws {
            do {
                let posted = try publishing.publish(
                    resultJSON: Data(try JSONReport().render(result).utf8), source: "the result",
                    attestation: attestation.file, environment: environment)
                for line in posted { Terminal.note("published \(line)") }
            } catch {
                Terminal.error("publishing failed: \((error as? any GateFailure)?.message ?? "\(error)")")
                if publishRequired { throw ExitCode(ExitStatus.undecided) }
            }
        }

        /// What the flags ask of a range; nil leaves it to where the range comes from.
        private var judging: RangeJudging? {
            if commits { return .eachCommit }
            return history.map { $0 ? .netAndEachCommit : .net }
        }
    }

    enum CIMode: String, ExpressibleByArgument, CaseIterable {
        case auto, none
    }
}
