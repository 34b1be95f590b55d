import Foundation
import TestSupport
import Testing

@Suite("approvals: required counts and ignored records in every format")
struct ApprovalCountTests {
    static let twoApprovers = ApprovalFixture.policy + "\napprovals: {groups: {release: {required: 2}}}\n"

    func fixture(function: String = #function) throws -> ApprovalFixture {
        try ApprovalFixture(
            policy: Self.twoApprovers, approvers: ["release": ["alice", "bob"], "docs": ["carol"]], function: function)
    }

    func approve(_ fixture: ApprovalFixture, with names: [String]) throws {
        let fields = try fixture.fields(for: try fixture.finding("team.deploy"))
        for name in names {
            try fixture.repo.write(
                ".cavra/approvals/\(name).json", try fixture.pythonRecord(key: fixture.key(name), fields: fields))
        }
        try fixture.repo.commitAll("approve")
    }

    @Test("required: 2 with one record stays pending (exit 3) and says how many of how many")
    func oneOfTwo() throws {
        let fixture = try fixture()
        try approve(fixture, with: ["alice"])
        let (status, json) = try fixture.result()
        #expect(status == 3, "\(json)")
        let ignored = try #require(json["approvals_ignored"] as? [[String: Any]])
        #expect(ignored.map { $0["reason"] as? String } == ["not_enough_approvers"])
        #expect((ignored.first?["detail"] as? String)?.contains("1 of the 2 distinct keys group release needs") == true)
        #expect(try fixture.finding("team.deploy")["approval"] == nil)
    }

    @Test("required: 2 with two records of one key stays pending; the second is a duplicate")
    func sameKeyTwice() throws {
        let fixture = try fixture()
        let fields = try fixture.fields(for: try fixture.finding("team.deploy"))
        for name in ["a", "b"] {
            try fixture.repo.write(
                ".cavra/approvals/\(name).json", try fixture.pythonRecord(key: fixture.key("alice"), fields: fields))
        }
        try fixture.repo.commitAll("approve twice")
        let (status, json) = try fixture.result()
        #expect(status == 3, "\(json)")
        let reasons = (json["approvals_ignored"] as? [[String: Any]])?.compactMap { $0["reason"] as? String }
        #expect(reasons == ["duplicate_key", "not_enough_approvers"])
    }

    @Test("required: 2 with records of two distinct keys passes (exit 0)")
    func twoOfTwo() throws {
        let fixture = try fixture()
        try approve(fixture, with: ["alice", "bob"])
        let (status, json) = try fixture.result()
        #expect(status == 0, "\(json)")
        #expect(json["approvals_ignored"] == nil)
        #expect((json["summary"] as? [String: Any])?["approved"] as? Int == 1)
    }

    @Test("an ignored record is listed in every human and machine format")
    func ignoredInEveryFormat() throws {
        let fixture = try fixture()
        try approve(fixture, with: ["alice"])
        let file = ".cavra/approvals/alice.json"
        for format in ["text", "markdown", "github", "azure", "gitlab", "sarif", "junit", "json"] {
            let run = try fixture.check(format: format)
            #expect(run.status == 3, "\(format): \(run.stderr)")
            #expect(run.stdout.contains(file), "\(format): \(run.stdout)")
            #expect(run.stdout.contains("not_enough_approvers"), "\(format): \(run.stdout)")
        }
        #expect(
            try fixture.check(format: "github").stdout.contains(
                "::warning file=\(file),title=cavra-gate%3A approval record ignored (not_enough_approvers)::"))
        let sarif = try fixture.check(format: "sarif").stdout
        let log = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any]
        let run = (log?["runs"] as? [[String: Any]])?.first
        let notifications =
            ((run?["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]]) ?? []
        #expect(
            notifications.contains {
                ($0["descriptor"] as? [String: Any])?["id"] as? String == "cavra/approval-ignored"
            })
        #expect(((run?["properties"] as? [String: Any])?["approvalsIgnored"] as? [Any])?.count == 1)
        let junit = try fixture.check(format: "junit").stdout
        #expect(junit.contains("<system-out>approval record \(file) was ignored (not_enough_approvers)"), "\(junit)")
    }
}
