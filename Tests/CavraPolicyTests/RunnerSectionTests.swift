import CavraPolicy
import Testing

@Suite("The runner section of a pack")
struct RunnerSectionTests {
    static let github = "https://token.actions.githubusercontent.com"

    static func pack(_ id: String, extends parents: [String] = [], runner: String) -> String {
        "metadata: {id: \(id), title: T, extends: [\(parents.joined(separator: ", "))]}\nrules: []\nrunner:\n" + runner
    }

    static let orgRunner = """
          require: oidc
          oidc:
            - issuer: \(github)
              audience: cavra-gate
              claims: {repository_owner_id: "1234"}

        """

    func load(_ packs: [(String, String)]) throws -> Policy { try PackFolder.load(packs) }

    @Test("a child adds its own alternatives as a further group, and may tighten any to oidc")
    func tightening() throws {
        let policy = try load([
            (
                "org",
                Self.pack(
                    "org",
                    runner: "  require: any\n"
                        + Self.orgRunner.split(separator: "\n").dropFirst().map { "\($0)\n" }.joined())
            ),
            (
                "app",
                Self.pack(
                    "app", extends: ["org"],
                    runner: """
                          require: oidc
                          oidc:
                            - {issuer: "\(Self.github)", audience: cavra-gate, claims: {repository: acme/app, ref: [refs/heads/main, "refs/heads/release/*"]}}

                        """)
            ),
        ])
        #expect(policy.runner.requirement == .oidc)
        #expect(policy.runner.oidcGroups.count == 2)
        #expect(policy.runner.oidcGroups[1][0].claims.map(\.name) == ["ref", "repository"])
        #expect(policy.canonicalJSON.contains("\"runner\":{"))
    }

    @Test("a child that would accept runners its parent refuses is refused", arguments: ["any", "hmac"])
    func loosening(child: String) throws {
        let runner = "  require: \(child)\n  hmac: [{key_id: k, key_env: K}]\n"
        #expect(throws: PolicyError.self) {
            try load([
                ("org", Self.pack("org", runner: Self.orgRunner)),
                ("app", Self.pack("app", extends: ["org"], runner: runner)),
            ])
        }
    }

    @Test("require: none in a child demands nothing more, and the parent's requirement stays")
    func childNone() throws {
        let policy = try load([
            ("org", Self.pack("org", runner: Self.orgRunner)),
            ("app", Self.pack("app", extends: ["org"], runner: "  require: none\n")),
        ])
        #expect(policy.runner.requirement == .oidc && policy.runner.oidcGroups.count == 1)
    }

    @Test(
        "a pack whose runner section demands and checks nothing keeps the digest it had; a section that does changes it"
    )
    func digests() throws {
        let plain = try load([("p", "metadata: {id: p, title: T}\nrules: []\n")])
        #expect(!plain.canonicalJSON.contains("runner"))
        let empty = try load([("p", "metadata: {id: p, title: T}\nrules: []\nrunner: {require: none}\n")])
        #expect(empty.digest == plain.digest)
        let declared = try load([
            ("p", "metadata: {id: p, title: T}\nrules: []\nrunner: {hmac: [{key_id: k, key_env: K}]}\n")
        ])
        #expect(declared.digest != plain.digest)
        let oidc = try load([("p", Self.pack("p", runner: Self.orgRunner))])
        #expect(oidc.digest != declared.digest)
    }
}
