import Foundation
import TestSupport
import Testing

@Suite("break-glass")
struct BreakGlassTests {
    /// The approval fixture's policy with break-glass allowed for four hours and the secrets denial marked
    /// `break_glass: true`, or not.
    static func policy(allowed: Bool = true, liftsSecrets: Bool = true) -> String {
        ApprovalFixture.policy.replacingOccurrences(
            of: "decision: deny, severity: critical}",
            with: "decision: deny, severity: critical, break_glass: \(liftsSecrets)}")
            + "\napprovals: {break_glass: {allowed: \(allowed), max_duration: 4h}}\n"
    }

    static let glass = ["--break-glass", "--reason", "payments are down", "--ticket", "INC-4711", "--actor", "oncall"]

    @Test("refused without the base policy's permission: exit 2 with one sentence")
    func refusedWithoutPermission() throws {
        for policy in [ApprovalFixture.policy, Self.policy(allowed: false)] {
            let fixture = try ApprovalFixture(denied: true, policy: policy)
            let run = try fixture.check(Self.glass, format: "text")
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("does not allow break-glass"), "\(run.stderr)")
        }
    }

    @Test("refused when the head alone adds the permission: the base's policy decides")
    func refusedWhenHeadAddsPermission() throws {
        let fixture = try ApprovalFixture(denied: true, headPolicy: Self.policy())
        let run = try fixture.check(Self.glass, format: "text")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("does not allow break-glass"), "\(run.stderr)")
    }

    @Test("refused without a reason, a ticket, or with an empty one: exit 2", arguments: ["--reason", "--ticket"])
    func refusedWithoutReasonOrTicket(option: String) throws {
        let fixture = try ApprovalFixture(denied: true, policy: Self.policy())
        var missing = Self.glass
        let index = try #require(missing.firstIndex(of: option))
        missing.removeSubrange(index...(index + 1))
        let run = try fixture.check(missing, format: "text")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(option), "\(run.stderr)")
        var empty = Self.glass
        empty[index + 1] = "  "
        let blank = try fixture.check(empty, format: "text")
        #expect(blank.status == 2, "\(blank.stdout)\(blank.stderr)")
        #expect(blank.stderr.contains(option), "\(blank.stderr)")
    }

    @Test("allowed: exit 0, findings kept, break_glass in the JSON with an expiry max_duration ahead")
    func allowedJSON() throws {
        let fixture = try ApprovalFixture(denied: true, policy: Self.policy())
        #expect(try fixture.check().status == 1)
        let started = Date()
        let (status, json) = try fixture.result(Self.glass)
        #expect(status == 0, "\(json)")
        #expect(json["status"] as? String == "pass")
        let glass = try #require(json["break_glass"] as? [String: Any])
        #expect(glass["actor"] as? String == "oncall")
        #expect(glass["reason"] as? String == "payments are down")
        #expect(glass["ticket"] as? String == "INC-4711")
        let expires = try #require(ISO8601DateFormatter().date(from: glass["expires"] as? String ?? ""))
        #expect(abs(expires.timeIntervalSince(started) - 4 * 3600) < 120)
        let findings = json["findings"] as? [[String: Any]] ?? []
        #expect(Set(findings.compactMap { $0["rule_id"] as? String }).isSuperset(of: ["team.deploy", "team.secrets"]))
        #expect((glass["lifted"] as? [String])?.count == 2)
        #expect((json["summary"] as? [String: Any])?["deny"] as? Int == 1)
    }

    @Test("allowed: every human format says so loudly, with actor, reason, ticket and expiry")
    func allowedIsLoud() throws {
        let fixture = try ApprovalFixture(denied: true, policy: Self.policy())
        let expires = try #require(
            (try fixture.result(Self.glass).json["break_glass"] as? [String: Any])?["expires"] as? String)
        let expiryMinute = String(expires.prefix(16))
        for format in ["text", "markdown", "github", "azure", "gitlab", "sarif", "junit"] {
            let run = try fixture.check(Self.glass, format: format)
            #expect(run.status == 0, "\(format): \(run.stderr)")
            for needle in ["BREAK-GLASS", "oncall", "payments are down", "INC-4711", expiryMinute] {
                #expect(run.stdout.contains(needle), "\(format) lacks \(needle): \(run.stdout)")
            }
        }
        let text = try fixture.check(Self.glass, format: "text").stdout
        #expect(text.hasPrefix("*** BREAK-GLASS by oncall"), "\(text)")
        #expect(text.contains("verdict: PASS BY BREAK-GLASS"))
        #expect(
            try fixture.check(Self.glass, format: "markdown").stdout.hasPrefix(
                "> [!WARNING]\n> **cavra-gate: BREAK-GLASS**"))
        #expect(
            try fixture.check(Self.glass, format: "github").stdout.contains(
                "::warning title=cavra-gate%3A BREAK-GLASS::BREAK-GLASS by oncall (ticket INC-4711, expires "))
        #expect(try fixture.check(Self.glass, format: "azure").stdout.contains("##vso[task.logissue type=warning;"))
    }

    @Test("a denial whose rule is not break_glass: true stays denied: exit 1")
    func unmarkedDenialStays() throws {
        let fixture = try ApprovalFixture(denied: true, policy: Self.policy(liftsSecrets: false))
        let (status, json) = try fixture.result(Self.glass)
        #expect(status == 1, "\(json)")
        #expect(json["status"] as? String == "deny")
        #expect((json["break_glass"] as? [String: Any])?["lifted"] as? [String] != nil)
        let text = try fixture.check(Self.glass, format: "text").stdout
        #expect(text.contains("a denial that break-glass cannot lift still denies"), "\(text)")
    }

    @Test("without --break-glass, --reason and --ticket are a usage error")
    func optionsNeedTheFlag() throws {
        let fixture = try ApprovalFixture(policy: Self.policy())
        #expect(try fixture.check(["--reason", "x", "--ticket", "y"]).status == 2)
    }
}
