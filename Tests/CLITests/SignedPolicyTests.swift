import Foundation
import TestSupport
import Testing

@Suite("check --require-signed-policy")
struct SignedPolicyTests {
    static let pack = """
        schema: cavra.policy.v1
        metadata: {id: team-policy, title: Team policy, version: "1", extends: [cavra-ai-agent-baseline]}
        rules:
          - {id: team.generated, match: {paths: ["generated/**"]}, decision: deny, severity: high}
        """

    /// A repository with a change to judge, a key pair, and the team's pack signed with it.
    static func setUp() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        try repo.commitAll()
        try repo.write("src/a.c", "int a;\n")
        try repo.commitAll()
        try repo.write("keys/.keep", "")
        try repo.write("policy/team-policy.yaml", pack)
        for arguments in [
            ["policy", "keygen", "--output", "keys", "--key-id", "ci"],
            [
                "policy", "sign", "policy/team-policy.yaml", "--key", "keys/ci.private.pem", "--key-id", "ci",
                "--signer", "platform",
            ],
        ] {
            let run = try GateBinary.run(arguments, in: repo.url)
            try #require(run.status == 0, "\(arguments): \(run.stderr)")
        }
        return repo
    }

    /// The pack is not committed, so the check judges one commit, whose policy is read from disk; a range would
    /// read a pack inside the work tree at its base.
    static func check(_ repo: ScratchRepository) throws -> ProcessResult {
        try GateBinary.run(
            [
                "check", "--commit", "HEAD", "--policy", "policy/team-policy.yaml",
                "--require-signed-policy", "--trusted-key", "keys/ci.public.pem",
            ], in: repo.url)
    }

    @Test("a signed pack is accepted")
    func signedPack() throws {
        let repo = try Self.setUp()
        let run = try Self.check(repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("one changed byte of the pack, or an algorithm rewritten in the signature, exits 2")
    func tampering() throws {
        let repo = try Self.setUp()
        let packFile = repo.url.appendingPathComponent("policy/team-policy.yaml")
        let original = try Data(contentsOf: packFile)
        var tampered = original
        tampered[tampered.count - 3] ^= 0x01
        try tampered.write(to: packFile)
        #expect(try Self.check(repo).status == 2)

        try original.write(to: packFile)
        #expect(try Self.check(repo).status == 0)
        let signatureFile = repo.url.appendingPathComponent("policy/team-policy.yaml.sig.json")
        let signature = try String(contentsOf: signatureFile, encoding: .utf8)
        try signature.replacingOccurrences(of: "\"Ed25519\"", with: "\"SHA256\"").write(
            to: signatureFile, atomically: true, encoding: .utf8)
        let downgraded = try Self.check(repo)
        #expect(downgraded.status == 2, "\(downgraded.stderr)")
    }

    @Test("an unsigned pack is refused, and the flag needs a key")
    func unsigned() throws {
        let repo = try Self.setUp()
        try repo.remove("policy/team-policy.yaml.sig.json")
        let run = try Self.check(repo)
        #expect(run.status == 2)
        #expect(run.stderr.contains("not signed"))
        let noKey = try GateBinary.run(["check", "--staged", "--require-signed-policy"], in: repo.url)
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("--trusted-key"))
    }
}
