import CavraPolicy
import CavraTrust
import Foundation
import Testing

@Suite("Signing and verifying packs")
struct SignatureTests {
    /// A child extending a parent in a policy folder, both signed with a fresh Ed25519 key.
    struct Fixture {
        let folder: PackFolder
        let loader: PolicyLoader
        let child: String
        let parent: String
        let trusted: [TrustedKey]
        let signingKey: SigningKey

        init(hmac: Bool = false) throws {
            folder = try PackFolder()
            loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: [folder.directory]))
            parent = try folder.write(
                "org",
                "metadata: {id: org, title: Org, extends: [cavra-ai-agent-baseline]}\nrules:\n  - {id: org.keys, match: {paths: [\"**/*.key\"]}, decision: deny}\n"
            )
            child = try folder.write(
                "app",
                "metadata: {id: app, title: App, extends: [org]}\nrules:\n  - {id: app.docs, match: {paths: [\"docs/**\"]}, decision: allow}\n# owned by the app team\n"
            )
            let keyFile = folder.path("signing.pem")
            let trustedFile = folder.path("trusted.pem")
            if hmac {
                let secret = SigningKey.generateHMAC()
                try Data(secret.utf8).write(to: URL(fileURLWithPath: keyFile))
                try Data(secret.utf8).write(to: URL(fileURLWithPath: trustedFile))
            } else {
                let pair = SigningKey.generateEd25519()
                try Data(pair.privatePEM.utf8).write(to: URL(fileURLWithPath: keyFile))
                try Data(pair.publicPEM.utf8).write(to: URL(fileURLWithPath: trustedFile))
            }
            signingKey = try SigningKey(pemFile: keyFile)
            trusted = [try TrustedKey(file: trustedFile)]
            try sign(parent)
            try sign(child)
        }

        func sign(_ file: String) throws {
            let signature = try PolicySignature.sign(
                try loader.load(file), key: signingKey, keyID: "k1", signer: "alice")
            try Data(signature.json.utf8).write(to: URL(fileURLWithPath: file + ".sig.json"))
        }

        func verify() throws -> [PolicyVerifier.Verified] {
            try PolicyVerifier.verify(try loader.load(child), trustedKeys: trusted)
        }

        /// Changes one byte of a file in place.
        func flipByte(of file: String, at offset: Int) throws {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            bytes[offset] = bytes[offset] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }

        func rewriteSignature(of file: String, _ change: (inout [String: Any]) -> Void) throws {
            let url = URL(fileURLWithPath: file + ".sig.json")
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            change(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: url)
        }
    }

    static func expectRefusal(_ fixture: Fixture, mentioning text: String) {
        #expect {
            try fixture.verify()
        } throws: { error in
            (error as? PolicyError)?.message.contains(text) == true
        }
    }

    @Test("a signed chain verifies, and the bundled grandparent needs no signature", arguments: [false, true])
    func roundTrip(hmac: Bool) throws {
        let fixture = try Fixture(hmac: hmac)
        defer { fixture.folder.remove() }
        let verified = try fixture.verify()
        #expect(verified.map(\.packID) == ["cavra-ai-agent-baseline", "org", "app"])
        #expect(verified[0].signature == nil)
        #expect(verified.dropFirst().allSatisfy { $0.signature?.algorithm == (hmac ? "HS256" : "Ed25519") })
    }

    @Test("one changed byte of the signed pack, even in a comment, fails verification")
    func tamperedPack() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        let compiledBefore = try fixture.loader.load(fixture.child).digest
        let size = try #require(try FileManager.default.attributesOfItem(atPath: fixture.child)[.size] as? Int)
        try fixture.flipByte(of: fixture.child, at: size - 2)
        // The comment does not change the compiled policy, so only the signed bytes can catch this.
        #expect(try fixture.loader.load(fixture.child).digest == compiledBefore)
        Self.expectRefusal(fixture, mentioning: "changed since it was signed")
    }

    @Test("one changed byte of the parent fails verification of the child")
    func tamperedParent() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        let text = try String(contentsOfFile: fixture.parent, encoding: .utf8)
        let offset = try #require(text.utf8.firstIndex(of: UInt8(ascii: "*")))
        try fixture.flipByte(of: fixture.parent, at: text.utf8.distance(from: text.utf8.startIndex, to: offset))
        Self.expectRefusal(fixture, mentioning: "org")
    }

    @Test("re-signing a changed parent still breaks the child, whose signature covers the compiled closure")
    func resignedParent() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        let text = try String(contentsOfFile: fixture.parent, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "decision: deny", with: "decision: require_approval").utf8)
            .write(to: URL(fileURLWithPath: fixture.parent))
        try fixture.sign(fixture.parent)
        Self.expectRefusal(fixture, mentioning: "a pack it extends changed")
    }

    @Test(
        "rewriting the algorithm field cannot downgrade verification",
        arguments: ["SHA256", "HS256", "Ed25518", "none"])
    func algorithmDowngrade(algorithm: String) throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        try fixture.rewriteSignature(of: fixture.child) { $0["algorithm"] = algorithm }
        Self.expectRefusal(fixture, mentioning: "is signed with '\(algorithm)'")
    }

    @Test("a forged signature and a missing parent signature are refused")
    func forgedAndUnsigned() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        try fixture.rewriteSignature(of: fixture.child) { $0["signer"] = "mallory" }
        Self.expectRefusal(fixture, mentioning: "does not verify")
        try fixture.sign(fixture.child)
        try FileManager.default.removeItem(atPath: fixture.parent + ".sig.json")
        Self.expectRefusal(fixture, mentioning: "signature chain is broken")
    }

    @Test("a key other than the trusted one is refused")
    func untrustedKey() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        let other = fixture.folder.path("other.pem")
        try Data(SigningKey.generateEd25519().publicPEM.utf8).write(to: URL(fileURLWithPath: other))
        #expect(throws: PolicyError.self) {
            try PolicyVerifier.verify(
                try fixture.loader.load(fixture.child), trustedKeys: [try TrustedKey(file: other)])
        }
    }
}
