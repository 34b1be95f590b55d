import ArgumentParser
import CavraIdentity
import CavraPolicy

/// The runner-identity options of `check`: what to demand, and the token or claims the runner offers. Secrets
/// come from files, standard input or environment variables, never from argv.
struct RunnerIdentityOptions: ParsableArguments {
    @Option(
        name: .customLong("require-runner"),
        help: "Refuse (exit 2) unless the runner's identity verifies: oidc, hmac or any (the policy may demand more).")
    var requirement: RunnerPolicy.Requirement?

    @Option(
        name: .customLong("oidc-token"),
        help: "A file holding the runner's OIDC ID token, or - for standard input; on CI it is requested when needed.")
    var oidcToken: String?

    @Option(help: "The issuer's JWKS as a file or an https URL, instead of the issuer's discovery document.")
    var jwks: String?

    @Option(help: "A file holding the runner's HMAC-signed claims (runner sign-hmac), or - for standard input.")
    var hmac: String?

    @OptionGroup var key: HMACKeyOptions

    var runnerOptions: RunnerOptions {
        RunnerOptions(
            requirement: requirement, oidcToken: oidcToken.map(SecretSource.init(fileOrDash:)), jwks: jwks,
            hmacDocument: hmac.map(SecretSource.init(fileOrDash:)), hmacKey: key.source)
    }
}

/// Where a runner's shared HMAC key is read from: a file or an environment variable, whose exact bytes are the key.
struct HMACKeyOptions: ParsableArguments {
    @Option(name: .customLong("hmac-key-file"), help: "A file whose exact bytes are the shared HMAC key.")
    var file: String?

    @Option(
        name: .customLong("hmac-key-env"), help: "An environment variable whose exact value is the shared HMAC key.")
    var environment: String?

    var source: SecretSource? {
        file.map(SecretSource.file) ?? environment.map(SecretSource.environment)
    }

    func validate() throws {
        if file != nil && environment != nil {
            throw ValidationError("give the HMAC key once: --hmac-key-file or --hmac-key-env")
        }
    }
}

extension RunnerPolicy.Requirement: ExpressibleByArgument {}
