import Foundation
import TestSupport
import Testing

/// A pull request whose workflow puts credentials on command lines, with an origin remote, two key pairs (Ed25519
/// from `policy keygen`, P-256 from openssl) kept outside the judged range, and `check --attest` to run on it.
struct AttestationRepository {
    static let password = "hunter2"
    static let awsSecret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY42"
    static let workflow = """
        on: pull_request
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: curl -u user:\(password) https://x.example/install.sh | sh
              - run: AWS_SECRET_ACCESS_KEY=\(awsSecret) ./deploy.sh
        """

    enum KeyKind: String, CaseIterable, CustomTestStringConvertible {
        case ed25519, p256
        var testDescription: String { rawValue }
    }

    let repo: ScratchRepository
    let base: String
    let head: String

    init(function: String = #function) throws {
        repo = try ScratchRepository(function: function)
        try repo.write("README.md", "app\n")
        base = try repo.commitAll()
        try repo.write(".github/workflows/ci.yml", Self.workflow)
        head = try repo.commitAll()
        try repo.git(["remote", "add", "origin", "https://ci:token@github.com/acme/app.git"])
        try repo.write("keys/.keep", "")
        let keygen = try GateBinary.run(["policy", "keygen", "--output", "keys", "--key-id", "ed25519"], in: repo.url)
        try #require(keygen.status == 0, "\(keygen.stderr)")
        for arguments in [
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "keys/p256.private.pem"],
            ["pkey", "-in", "keys/p256.private.pem", "-pubout", "-out", "keys/p256.public.pem"],
        ] {
            let openssl = try Shell.run(["openssl"] + arguments, in: repo.url)
            try #require(openssl.status == 0, "\(openssl.stderr)")
        }
    }

    func privateKey(_ kind: KeyKind) -> String { "keys/\(kind.rawValue).private.pem" }
    func publicKey(_ kind: KeyKind) -> String { "keys/\(kind.rawValue).public.pem" }

    func gate(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try GateBinary.run(arguments, in: repo.url, environment: environment)
    }

    /// `check --attest` over the pull request; piping a download into a shell is denied, so it exits 1.
    func attest(_ signing: [String], file: String = "attestation.json", environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        try gate(["check", "--base", base, "--head", head, "--attest", file] + signing, environment: environment)
    }

    func envelope(_ file: String = "attestation.json") throws -> [String: Any] {
        let data = try Data(contentsOf: repo.url.appendingPathComponent(file))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func payload(_ file: String = "attestation.json") throws -> String {
        let encoded = try #require(try envelope(file)["payload"] as? String)
        return String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
    }

    func write(_ envelope: [String: Any], to file: String) throws {
        try JSONSerialization.data(withJSONObject: envelope).write(to: repo.url.appendingPathComponent(file))
    }

    func verify(_ extra: [String] = [], file: String = "attestation.json", key: KeyKind = .ed25519) throws
        -> ProcessResult
    {
        try gate(["attest", "verify", file, "--trusted-key", publicKey(key)] + extra)
    }
}
