import CavraAttest
import CavraTrust
import Foundation
import Testing

@Suite("Release provenance statements")
struct ProvenanceStatementTests {
    static let commit = String(repeating: "0123456789abcdef", count: 2) + "01234567"
    static let tarball = ProvenanceStatement.Artifact(
        name: "cavra-gate-0.1.0-linux-x86_64.tar.gz", bytes: Array("tar".utf8))

    static func statement(commit: String = commit, artifacts: [ProvenanceStatement.Artifact] = [tarball]) throws
        -> ProvenanceStatement
    {
        try ProvenanceStatement(
            artifacts: artifacts, source: .init(uri: "git+https://github.com/cavra-gate/cavra-gate", commit: commit),
            builderID: "https://cavra-gate.dev/build/make-dist/local",
            finishedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test("names each artifact by its SHA-256 and the source by its commit, as SLSA provenance v1")
    func content() throws {
        let json = try JSONSerialization.jsonObject(with: Data(try Self.statement().payload())) as? [String: Any]
        #expect(json?["_type"] as? String == "https://in-toto.io/Statement/v1")
        #expect(json?["predicateType"] as? String == "https://slsa.dev/provenance/v1")
        let subject = (json?["subject"] as? [[String: Any]])?.first
        #expect(subject?["name"] as? String == Self.tarball.name)
        #expect((subject?["digest"] as? [String: String])?["sha256"] == Digest.sha256Hex(Array("tar".utf8)))
        let predicate = json?["predicate"] as? [String: Any]
        let definition = predicate?["buildDefinition"] as? [String: Any]
        let source = (definition?["resolvedDependencies"] as? [[String: Any]])?.first
        #expect((source?["digest"] as? [String: String])?["gitCommit"] == Self.commit)
        #expect(source?["uri"] as? String == "git+https://github.com/cavra-gate/cavra-gate")
        let metadata = (predicate?["runDetails"] as? [String: Any])?["metadata"] as? [String: Any]
        #expect(metadata?["finishedOn"] as? String == "2027-01-15T08:00:00Z")
    }

    @Test("the signature covers the payload under DSSE's pre-authentication encoding")
    func signed() throws {
        let keys = try AttestationFixture.keys(.ecdsaP256)
        let envelope = try AttestationSigner(key: keys.signing).envelope(for: Self.statement())
        let signature = try #require(envelope.signatures.first)
        let signed = try envelope.signedBytes()
        #expect(keys.trusted.isValid(signature: Array(try #require(Data(base64Encoded: signature.sig))), for: signed))
        var edited = signed
        edited[edited.count - 2] ^= 1
        #expect(!keys.trusted.isValid(signature: Array(Data(base64Encoded: signature.sig) ?? Data()), for: edited))
    }

    @Test("refuses a statement without artifacts or with an abbreviated or uppercase commit")
    func refused() {
        #expect(throws: AttestationError.self) { try Self.statement(artifacts: []) }
        #expect(throws: AttestationError.self) { try Self.statement(commit: "0123456") }
        #expect(throws: AttestationError.self) { try Self.statement(commit: Self.commit.uppercased()) }
        #expect(throws: AttestationError.self) { try Self.statement(commit: String(repeating: "g", count: 40)) }
    }
}
