import CavraAttest
import CavraModel
import Foundation
import Testing

@Suite("in-toto statements of a gate result")
struct StatementTests {
    @Test("the payload is the same bytes for the same result, apart from evaluated_at")
    func determinism() throws {
        let first = try AttestationFixture.statement(at: Date(timeIntervalSince1970: 1_800_000_000))
        let again = try AttestationFixture.statement(at: Date(timeIntervalSince1970: 1_800_000_000))
        let later = try AttestationFixture.statement(at: Date(timeIntervalSince1970: 1_900_000_000))
        #expect(try first.payload() == again.payload())
        #expect(first.predicate.evaluatedAt == "2027-01-15T08:00:00Z")
        let text = String(decoding: try later.payload(), as: UTF8.self)
        let stamped = text.replacingOccurrences(of: later.predicate.evaluatedAt, with: first.predicate.evaluatedAt)
        #expect(Array(stamped.utf8) == (try first.payload()))
    }

    @Test("the statement names the subject, the predicate type and the redacted result")
    func contents() throws {
        let payload = try AttestationFixture.statement().payload()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        #expect(object["_type"] as? String == "https://in-toto.io/Statement/v1")
        #expect(object["predicateType"] as? String == "https://cavra-gate.dev/attestation/gate-result/v1")
        let subject = try #require((object["subject"] as? [[String: Any]])?.first)
        #expect(subject["name"] as? String == "github.com/acme/app")
        #expect(subject["digest"] as? [String: String] == ["gitCommit": AttestationFixture.head])
        let predicate = try #require(object["predicate"] as? [String: Any])
        #expect(predicate["merge_base"] as? String == AttestationFixture.base)
        #expect((predicate["policy"] as? [String: String])?["digest"] == AttestationFixture.policyDigest)
        #expect((predicate["result"] as? [String: Any])?["status"] as? String == "deny")
        let text = String(decoding: payload, as: UTF8.self)
        #expect(!text.contains(AttestationFixture.password))
    }

    @Test("a run that judged no commit cannot be attested")
    func noHead() {
        let staged = GateResult(
            tool: GateResult.Tool(version: "0"), repository: "/r", range: CompareRange(mode: .staged), policy: nil,
            changeCount: 0, findings: [])
        #expect(throws: AttestationError.self) {
            try Statement(result: staged, subjectName: "r", evaluatedAt: Date())
        }
    }

    @Test(
        "the subject is the origin remote's host and path, without credentials, else the repository path",
        arguments: [
            ("https://user:token@github.com/acme/app.git", "github.com/acme/app"),
            ("ssh://git@github.com:22/acme/app/", "github.com/acme/app"),
            ("git@gitlab.com:group/sub/app.git", "gitlab.com/group/sub/app"),
            ("/srv/git/app.git", "/work/app"),
        ])
    func subjectName(url: String, name: String) {
        #expect(SubjectName.of(remoteURL: url, repositoryPath: "/work/app") == name)
        #expect(SubjectName.of(remoteURL: nil, repositoryPath: "/work/app") == "/work/app")
    }
}
