import CavraPolicy
import CavraTrust
import Foundation
import Testing

/// Signatures written by an earlier release must keep verifying: teams commit them next to their packs.
@Suite("Signatures made by cavra-gate 0.1.0")
struct ReleasedSignatureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/signed-by-0.1.0")

    static func path(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }

    @Test(
        "an Ed25519 and an HMAC signature from 0.1.0 verify, and the compiled digest is unchanged",
        arguments: [
            ("policies", "release-0.1.0.public.pem", "Ed25519"), ("hmac", "hmac-secret.pem", "HS256"),
        ])
    func verifies(folder: String, key: String, algorithm: String) throws {
        let loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: []))
        let policy = try loader.load(Self.path("\(folder)/team-app/policy.yaml"))
        #expect(policy.digest == "sha256:715857ed0fb6f0d724d0e050e46373398ef6fe9337229f383b17292c01a4edbd")
        let verified = try PolicyVerifier.verify(policy, trustedKeys: [try TrustedKey(file: Self.path(key))])
        #expect(verified.map(\.packID) == ["team-app"])
        #expect(verified.first?.signature?.algorithm == algorithm)
    }

    @Test("the 0.1.0 signature does not verify with another key")
    func otherKey() throws {
        let loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: []))
        let policy = try loader.load(Self.path("policies/team-app/policy.yaml"))
        let other = try TrustedKey(pem: try #require(SigningKey.generate(.ed25519).publicPEM), source: "other")
        #expect(throws: PolicyError.self) { try PolicyVerifier.verify(policy, trustedKeys: [other]) }
    }
}
