import CavraEngine
import CavraModel
import Foundation
import TestSupport
import Testing

@Suite("Break-glass in the judging pipeline")
struct BreakGlassGateTests {
    static func policy(breakGlass: String?, liftsDenial: Bool = true) -> String {
        """
        schema: cavra.policy.v1
        metadata: {id: repo-policy, title: Repository policy, version: "1"}
        rules:
          - {id: repo.deploy, match: {paths: ["deploy/**"]}, decision: require_approval, approvers: [release]}
          - {id: repo.secrets, match: {paths: ["secrets/**"]}, decision: deny, break_glass: \(liftsDenial)}
          - {id: repo.vendor, match: {paths: ["vendor/**"]}, decision: deny}

        """ + (breakGlass.map { "approvals: {break_glass: \($0)}\n" } ?? "")
    }

    static let request = BreakGlassRequest(actor: "oncall", reason: "outage", ticket: "INC-1")

    /// A repository whose base holds `basePolicy` and whose head adds `paths` (and `headPolicy`, when given).
    func judge(
        basePolicy: String, headPolicy: String? = nil, paths: [String], breakGlass: BreakGlassRequest? = request,
        policies: [String] = []
    ) throws -> GateResult {
        let repo = try ScratchRepository()
        try repo.write(".cavra/policy.yaml", basePolicy)
        let base = try repo.commitAll("base")
        for path in paths { try repo.write(path, "x\n") }
        if let headPolicy { try repo.write(".cavra/policy.yaml", headPolicy) }
        try repo.commitAll("head")
        return Gate().judge(
            GateRequest(
                repositoryPath: repo.path, subject: .changes(.range(base: base, head: "HEAD", judging: .net)),
                policy: PolicyChoice(references: policies), breakGlass: breakGlass))
    }

    @Test("a granted pass lifts pending approvals and break_glass denials, keeps the findings, and expires in time")
    func grantedPass() throws {
        let started = Date()
        let result = try judge(
            basePolicy: Self.policy(breakGlass: "{allowed: true, max_duration: 30m}"),
            paths: ["deploy/app.yaml", "secrets/key.txt"])
        #expect(result.status == .pass, "\(result.errors)")
        let glass = try #require(result.breakGlass)
        #expect(Set(glass.lifted) == Set(result.findings.filter { $0.decision != .allow }.map(\.fingerprint)))
        #expect(glass.lifted.count == 2)
        #expect(result.summary.deny == 1 && result.summary.requireApproval == 1)
        let expires = try #require(ISO8601DateFormatter().date(from: glass.expires))
        #expect(abs(expires.timeIntervalSince(started) - 1800) < 60)
        #expect(glass.expires.hasSuffix("Z"))
    }

    @Test("a denial whose rule is not break_glass: true still denies, and the pass is still recorded")
    func unmarkedDenial() throws {
        let result = try judge(
            basePolicy: Self.policy(breakGlass: "{allowed: true}"), paths: ["secrets/key.txt", "vendor/lib.c"])
        #expect(result.status == .deny)
        let vendor = try #require(result.findings.first { $0.ruleID == "repo.vendor" })
        #expect(result.breakGlass?.lifted.contains(vendor.fingerprint) == false)
        #expect(result.breakGlass?.lifted.count == 1)
    }

    @Test("refused (exit 2) without permission, when only the head grants it, or with a blank reason")
    func refusals() throws {
        let allowing = Self.policy(breakGlass: "{allowed: true}")
        let results = [
            try judge(basePolicy: Self.policy(breakGlass: nil), paths: ["secrets/key.txt"]),
            try judge(basePolicy: Self.policy(breakGlass: "{allowed: false}"), paths: ["secrets/key.txt"]),
            try judge(basePolicy: Self.policy(breakGlass: nil), headPolicy: allowing, paths: ["secrets/key.txt"]),
            try judge(
                basePolicy: allowing, paths: ["secrets/key.txt"],
                breakGlass: BreakGlassRequest(actor: "oncall", reason: " ", ticket: "INC-1")),
        ]
        for result in results {
            #expect(result.status == .error)
            #expect(result.exitCode == 2)
            #expect(result.breakGlass == nil)
        }
        #expect(results[2].errors.first?.message.contains("does not allow break-glass") == true)
        #expect(results[3].errors.first?.message.contains("--reason") == true)
    }

    @Test("with several --policy packs, break-glass needs every one to allow it, for the shortest time")
    func severalPolicies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-glass-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws -> String {
            let file = folder.appendingPathComponent("\(name).yaml")
            try text.replacingOccurrences(of: "id: repo-policy", with: "id: \(name)")
                .write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }
        let long = try write("long", Self.policy(breakGlass: "{allowed: true, max_duration: 2d}"))
        let short = try write("short", Self.policy(breakGlass: "{allowed: true, max_duration: 1h}"))
        let silent = try write("silent", Self.policy(breakGlass: nil))
        let started = Date()
        let both = try judge(basePolicy: Self.policy(breakGlass: nil), paths: ["secrets/k"], policies: [long, short])
        #expect(both.status == .pass, "\(both.errors)")
        let expires = try #require(both.breakGlass.flatMap { ISO8601DateFormatter().date(from: $0.expires) })
        #expect(abs(expires.timeIntervalSince(started) - 3600) < 60)
        let refused = try judge(
            basePolicy: Self.policy(breakGlass: nil), paths: ["secrets/k"], policies: [long, silent])
        #expect(refused.status == .error)
    }

    @Test("the actor defaults to the CI platform's user, else git's user.email")
    func defaultActor() throws {
        let repo = try ScratchRepository()
        try repo.git(["config", "user.email", "dev@example.invalid"])
        #expect(
            BreakGlassRequest.defaultActor(environment: ["GITHUB_ACTOR": "octocat"], repositoryPath: repo.path)
                == "octocat")
        #expect(
            BreakGlassRequest.defaultActor(environment: ["GITLAB_USER_LOGIN": "tanuki"], repositoryPath: repo.path)
                == "tanuki")
        #expect(
            BreakGlassRequest.defaultActor(environment: ["BUILD_REQUESTEDFOR": "Ada"], repositoryPath: repo.path)
                == "Ada")
        #expect(BreakGlassRequest.defaultActor(environment: [:], repositoryPath: repo.path) == "dev@example.invalid")
    }
}
