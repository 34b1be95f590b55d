import ArgumentParser
import CavraEngine
import CavraIdentity
import CavraModel
import CavraPolicy
import CavraReport
import Foundation

extension CavraGate {
    struct RunnerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runner",
            abstract: "Verify a CI runner's identity (OIDC ID token or HMAC-signed claims), or sign claims.",
            subcommands: [Verify.self, SignHMAC.self])
    }
}

extension CavraGate.RunnerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify an OIDC ID token or HMAC claims; exit 0 when verified, 2 naming the failed check.")

        @Option(help: "A file holding the OIDC ID token, or - for standard input.")
        var token: String?
        @Option(name: .customLong("token-env"), help: "An environment variable holding the OIDC ID token.")
        var tokenEnvironment: String?
        @Option(help: "github, gitlab or azure; inferred from the issuer when not given.")
        var provider: String?
        @Option(help: "The issuer the token must come from (GitHub's and gitlab.com's are known by --provider).")
        var issuer: String?
        @Option(help: "The audience the token must carry; there is no default.")
        var audience: String?
        @Option(help: "The issuer's JWKS as a file or an https URL, instead of the issuer's discovery document.")
        var jwks: String?

        @Option(help: "A file holding HMAC-signed runner claims, or - for standard input.")
        var hmac: String?
        @OptionGroup var key: HMACKeyOptions
        @Option(name: .customLong("key-id"), help: "The key id the claims must be signed with.")
        var keyID: String?
        @Option(name: .customLong("max-age"), help: "The longest lifetime (exp - iat) accepted, in seconds.")
        var maxAge: Int?
        @Option(help: "The head commit the claims must be bound to.")
        var head: String?
        @Option(name: .customLong("policy-digest"), help: "The policy digest the claims must be bound to.")
        var policyDigest: String?

        @OptionGroup var policy: PolicyOptions
        @Option(help: "text or json.")
        var format: IdentityFormat = .text

        func validate() throws {
            let offered = [token != nil, tokenEnvironment != nil, hmac != nil].filter { $0 }.count
            guard offered == 1 else {
                throw ValidationError("give one of --token, --token-env or --hmac")
            }
            if let provider, !RunnerPolicy.providers.contains(provider) {
                throw ValidationError("--provider must be one of \(RunnerPolicy.providers.joined(separator: ", "))")
            }
            if let maxAge, maxAge <= 0 { throw ValidationError("--max-age must be a positive number of seconds") }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let policies = try self.policy.policy.map { try loader(self.policy).load($0).runner }
            let tokenSource =
                tokenEnvironment.map(SecretSource.environment) ?? token.map(SecretSource.init(fileOrDash:))
            let options = RunnerOptions(
                requirement: tokenSource != nil ? .oidc : .hmac, oidcToken: tokenSource, jwks: jwks, issuer: issuer,
                audience: audience, provider: provider, hmacDocument: hmac.map(SecretSource.init(fileOrDash:)),
                hmacKey: key.source, keyID: keyID, maxAge: maxAge)
            let check = RunnerCheck(
                options: options, network: PlatformRunnerNetwork(environment: environment), environment: environment)
            let runner = try check.verify(policies, head: head, policyDigest: policyDigest)
            switch format {
            case .json: print(try runner.jsonText())
            case .text: print(DisplayText.escape(runner.identityText))
            }
        }
    }

    struct SignHMAC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-hmac",
            abstract: "Print HMAC-signed runner claims (cavra.runner.hmac.v2) for a self-hosted runner.")

        @OptionGroup var key: HMACKeyOptions
        @Option(name: .customLong("key-id"), help: "The key's id, which the verifier's policy names.")
        var keyID: String
        @Option(
            name: .customLong("claim"), help: "A claim as NAME=VALUE; integers and true/false stay typed; repeatable.")
        var claims: [String] = []
        @Option(help: "How long the claims are valid, in seconds.")
        var ttl: Int = 300
        @Option(help: "The head commit the claims are bound to.")
        var head: String?
        @Option(name: .customLong("policy-digest"), help: "The policy digest the claims are bound to.")
        var policyDigest: String?

        func validate() throws {
            guard key.source != nil else {
                throw ValidationError("give the key with --hmac-key-file or --hmac-key-env; never on the command line")
            }
            if ttl <= 0 { throw ValidationError("--ttl must be a positive number of seconds") }
            for claim in claims where !claim.contains("=") {
                throw ValidationError("--claim \(claim) must be NAME=VALUE")
            }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let now = Int(Date().timeIntervalSince1970)
            var values: [String: HMACClaims.Value] = [
                "iat": .integer(now), "exp": .integer(now + ttl), "nonce": .string(UUID().uuidString.lowercased()),
            ]
            for claim in claims {
                let parts = claim.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                values[parts[0]] =
                    if let number = Int(parts[1]) { .integer(number) } else if ["true", "false"].contains(parts[1]) {
                        .bool(parts[1] == "true")
                    } else { .string(parts[1]) }
            }
            if let head { values["head"] = .string(head) }
            if let policyDigest { values["policy_digest"] = .string(policyDigest) }
            let keyBytes = try key.source!.bytes(environment: environment)
            print(try HMACClaims.sign(claims: values, keyID: keyID, key: keyBytes))
        }
    }

    enum IdentityFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }
}

extension GateResult.Runner {
    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
