import Foundation
import TestSupport
import Testing

@Suite("approvals")
struct ApprovalTests {
    @Test("exit 3, then cavra-gate approve and a committed record, then exit 0 with the approval in the JSON")
    func approveEndToEnd() throws {
        let fixture = try ApprovalFixture()
        #expect(try fixture.check().status == 3)
        let fingerprint = try #require(try fixture.finding("team.deploy")["fingerprint"] as? String)
        let approve = try GateBinary.run(
            [
                "approve", "--fingerprint", fingerprint, "--group", "release", "--key", fixture.key("alice"),
                "--reason", "reviewed the rollout", "--base", fixture.base, "--head", "HEAD",
            ], in: fixture.repo.url)
        try #require(approve.status == 0, "\(approve.stderr)")
        try fixture.repo.commitAll("approve")
        let (status, json) = try fixture.result()
        #expect(status == 0, "\(json)")
        let approval = try fixture.finding("team.deploy")["approval"] as? [String: Any]
        #expect(approval?["group"] as? String == "release")
        #expect(approval?["approver"] as? String == "test@example.invalid")
        #expect((approval?["file"] as? String)?.hasPrefix(".cavra/approvals/\(fingerprint.prefix(12))-") == true)
        #expect((json["summary"] as? [String: Any])?["approved"] as? Int == 1)
    }

    @Test("the key comes from an environment variable as well, never from argv")
    func keyFromEnvironment() throws {
        let fixture = try ApprovalFixture()
        let fingerprint = try #require(try fixture.finding("team.deploy")["fingerprint"] as? String)
        let pem = try String(contentsOfFile: fixture.key("alice"), encoding: .utf8)
        let approve = try GateBinary.run(
            [
                "approve", "--fingerprint", fingerprint, "--group", "release", "--key-env", "APPROVER_KEY",
                "--reason", "ok", "--approver", "alice", "--output", "-", "--base", fixture.base, "--head", "HEAD",
            ], in: fixture.repo.url, environment: ["APPROVER_KEY": pem])
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(approve.stdout.contains("\"schema\":\"cavra.approval.v1\""))
    }

    @Test("approve refuses a fingerprint that awaits no approval, or another group than the finding asks")
    func approveRefuses() throws {
        let fixture = try ApprovalFixture(denied: true)
        for (rule, group) in [("team.secrets", "release"), ("team.deploy", "docs")] {
            let fingerprint = try #require(try fixture.finding(rule)["fingerprint"] as? String)
            let run = try GateBinary.run(
                [
                    "approve", "--fingerprint", fingerprint, "--group", group, "--key", fixture.key("alice"),
                    "--reason", "no", "--base", fixture.base, "--head", "HEAD",
                ], in: fixture.repo.url)
            #expect(run.status == 2, "\(rule): \(run.stderr)")
        }
    }

    @Test("a record signed with Python's cryptography package applies")
    func pythonRecordApplies() throws {
        let fixture = try ApprovalFixture()
        let record = try fixture.pythonRecord(
            key: fixture.key("alice"), fields: try fixture.fields(for: try fixture.finding("team.deploy")))
        try fixture.repo.write(".cavra/approvals/python.json", record)
        try fixture.repo.commitAll("approve")
        let (status, json) = try fixture.result()
        #expect(status == 0, "\(json)")
        #expect((try fixture.finding("team.deploy")["approval"] as? [String: Any])?["keyid"] != nil)
    }

    @Test("refused records keep exit 3 and each says why", arguments: IgnoredCase.allCases)
    func refused(_ ignored: IgnoredCase) throws {
        let fixture = try ApprovalFixture()
        let finding = try fixture.finding("team.deploy")
        var key = "alice"
        var fields = try fixture.fields(for: finding)
        var edit: [String: String] = [:]
        switch ignored {
        case .unknownKey: key = "bob"
        case .keyAddedAtHead:
            key = "bob"
            try fixture.repo.write(
                ".cavra/approvers.yaml",
                try ApprovalFixture.approvers(["release": ["alice", "bob"]], keys: fixture.keys))
        case .wrongGroup: key = "carol"
        case .expired: fields["expires"] = "2020-01-01T00:00:00Z"
        case .otherFingerprint: fields["fingerprint"] = String(repeating: "0", count: 64)
        case .otherPolicy: fields["policy_digest"] = "sha256:" + String(repeating: "0", count: 64)
        case .editedAfterSigning: edit["reason"] = "something else"
        }
        if ignored == .wrongGroup { fields["group"] = "release" }
        try fixture.repo.write(
            ".cavra/approvals/record.json",
            try fixture.pythonRecord(key: fixture.key(key), fields: fields, editAfterSigning: edit))
        try fixture.repo.commitAll("approve")
        for format in ["json", "text", "markdown", "github", "sarif", "gitlab", "azure", "junit"] {
            let run = try fixture.check(format: format)
            #expect(run.status == 3, "\(format): \(run.stdout)")
            #expect((run.stdout + run.stderr).contains(".cavra/approvals/record.json"), "\(format): \(run.stderr)")
        }
        for format in ["text", "markdown"] {
            #expect(try fixture.check(format: format).stdout.contains(ignored.reason), "\(format)")
        }
        let ignoredList = try fixture.result().json["approvals_ignored"] as? [[String: Any]]
        #expect(ignoredList?.first?["reason"] as? String == ignored.reason)
    }

    @Test("an approval never turns a deny into a pass")
    func denyStaysDenied() throws {
        let fixture = try ApprovalFixture(denied: true)
        let deny = try fixture.finding("team.secrets")
        let approvals = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-records-\(UUID())")
        try FileManager.default.createDirectory(at: approvals, withIntermediateDirectories: true)
        for (name, finding) in [("deny", deny), ("deploy", try fixture.finding("team.deploy"))] {
            try fixture.pythonRecord(key: fixture.key("alice"), fields: try fixture.fields(for: finding))
                .write(to: approvals.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
        }
        let (status, json) = try fixture.result(["--approvals", approvals.path])
        #expect(status == 1)
        let ignoredList = json["approvals_ignored"] as? [[String: Any]]
        #expect(ignoredList?.map { $0["reason"] as? String } == ["not_approvable"])
    }

    enum IgnoredCase: String, CaseIterable, Sendable {
        case unknownKey, keyAddedAtHead, wrongGroup, expired, otherFingerprint, otherPolicy, editedAfterSigning

        var reason: String {
            switch self {
            case .unknownKey, .keyAddedAtHead: "unknown_key"
            case .wrongGroup: "wrong_group"
            case .expired: "expired"
            case .otherFingerprint: "other_fingerprint"
            case .otherPolicy: "other_policy"
            case .editedAfterSigning: "bad_signature"
            }
        }
    }
}
