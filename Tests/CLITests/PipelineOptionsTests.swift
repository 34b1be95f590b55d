import Foundation
import TestSupport
import Testing

/// Every judging command goes through one pipeline, so the options that govern trust and the warnings of the
/// policy mean the same for check, evaluate and both hooks.
@Suite("Trust options and policy warnings on every judging command")
struct PipelineOptionsTests {
    static let trust = ["--require-signed-policy", "--trusted-key", "keys/ci.public.pem"]

    /// Each judging command with the team's pack and the trust flags, as an agent harness or hook would run it.
    static func commands(_ repo: ScratchRepository) throws -> [(name: String, arguments: [String], input: String?)] {
        let head = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let zero = String(repeating: "0", count: 40)
        let policy = ["--policy", "policy/team-policy.yaml"]
        return [
            ("check", ["check", "--commit", "HEAD"] + policy + trust, nil),
            ("evaluate --path", ["evaluate", "--path", "src/b.c"] + policy + trust, nil),
            ("evaluate --command", ["evaluate", "--command", "make build"] + policy + trust, nil),
            ("hook pre-commit", ["hook", "pre-commit"] + policy + trust, nil),
            (
                "hook pre-push", ["hook", "pre-push", "origin", "file:///nowhere"] + policy + trust,
                "refs/heads/topic \(head) refs/heads/topic \(zero)\n"
            ),
        ]
    }

    @Test("a signed pack passes every command; unsigned or tampered, every command refuses with exit 2")
    func signedPolicyEverywhere() throws {
        let repo = try SignedPolicyTests.setUp()
        for command in try Self.commands(repo) {
            let run = try GateBinary.run(command.arguments, in: repo.url, input: command.input)
            #expect(run.status == 0, "\(command.name) with a signed pack: \(run.stdout)\(run.stderr)")
        }
        let packFile = repo.url.appendingPathComponent("policy/team-policy.yaml")
        let original = try Data(contentsOf: packFile)
        try (original + Data("# widened later\n".utf8)).write(to: packFile)
        for command in try Self.commands(repo) {
            let run = try GateBinary.run(command.arguments, in: repo.url, input: command.input)
            #expect(run.status == 2, "\(command.name) with a tampered pack: \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("changed since it was signed"), "\(command.name): \(run.stderr)")
        }
        try original.write(to: packFile)
        try repo.remove("policy/team-policy.yaml.sig.json")
        for command in try Self.commands(repo) {
            let run = try GateBinary.run(command.arguments, in: repo.url, input: command.input)
            #expect(run.status == 2, "\(command.name) with an unsigned pack: \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("not signed"), "\(command.name): \(run.stderr)")
        }
    }

    static let cavraPack = """
        metadata: {id: cavra-demo, title: Demo, version: "1.0", inherits: [cavra-ai-agent-baseline]}
        filesystem: {block_read: ["**/*.pem"]}
        mcp: {allowed_servers: [github-enterprise]}

        """

    @Test("the warnings of a translated CAVRA pack reach check, evaluate and the hooks, on stderr and in JSON")
    func translatedPackWarnings() throws {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        try repo.commitAll()
        try repo.write("cavra.yaml", Self.cavraPack)
        try repo.write("src/a.c", "int a;\n")
        try repo.git(["add", "src/a.c"])
        let policy = ["--policy", "cavra.yaml"]
        for arguments in [
            ["check", "--staged"], ["evaluate", "--command", "make build"], ["hook", "pre-commit"],
        ] {
            let text = try GateBinary.run(arguments + policy, in: repo.url)
            #expect(text.status == 0, "\(arguments): \(text.stderr)")
            #expect(text.stderr.contains("warning: cavra.yaml:3"), "\(arguments): \(text.stderr)")
            #expect(text.stderr.contains("mcp"), "\(arguments): \(text.stderr)")
            let json = try GateBinary.run(arguments + policy + ["--format", "json"], in: repo.url)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let warnings = try #require(object["warnings"] as? [String], "\(arguments): \(json.stdout)")
            #expect(warnings.contains { $0.contains("mcp") })
        }
        let plain = try GateBinary.run(["check", "--staged", "--format", "json"], in: repo.url)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        #expect(object["warnings"] == nil, "a policy without warnings adds no key")
    }
}
