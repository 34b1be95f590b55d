import CavraTrust
import Foundation
import TestSupport
import Testing

@Suite("Keys, key ids and signatures")
struct KeyTests {
    static let message = Array("DSSEv1 28 application/vnd.in-toto+json 2 {}".utf8)

    @Test(
        "a signature made with a new key verifies with its public half and fails on a changed byte",
        arguments: [
            SignatureAlgorithm.ed25519, .ecdsaP256,
        ])
    func roundTrip(algorithm: SignatureAlgorithm) throws {
        let pair = SigningKey.generate(algorithm)
        let key = try SigningKey(pem: pair.privatePEM, source: "test key")
        let trusted = try TrustedKey(pem: try #require(pair.publicPEM), source: "test public key")
        #expect(key.algorithm == algorithm && trusted.algorithm == algorithm)
        #expect(key.keyID == trusted.keyID)
        var signature = try key.sign(Self.message)
        #expect(trusted.isValid(signature: signature, for: Self.message))
        var altered = Self.message
        altered[0] ^= 1
        #expect(!trusted.isValid(signature: signature, for: altered))
        signature[signature.count / 2] ^= 0x40
        #expect(!trusted.isValid(signature: signature, for: Self.message))
    }

    @Test(
        "keys made by openssl load, and the key id is sha256 of the DER SubjectPublicKeyInfo",
        arguments: [
            ["genpkey", "-algorithm", "ed25519"],
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ])
    func opensslKeys(generate: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func openssl(_ arguments: [String]) throws -> ProcessResult {
            let result = try Shell.run(["openssl"] + arguments, in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            return result
        }
        _ = try openssl(generate + ["-out", "private.pem"])
        _ = try openssl(["pkey", "-in", "private.pem", "-pubout", "-out", "public.pem"])
        _ = try openssl(["pkey", "-in", "private.pem", "-pubout", "-outform", "DER", "-out", "public.der"])
        let der = try Data(contentsOf: folder.appendingPathComponent("public.der"))
        let key = try SigningKey(pemFile: folder.appendingPathComponent("private.pem").path)
        let trusted = try TrustedKey(file: folder.appendingPathComponent("public.pem").path)
        #expect(trusted.keyID == "sha256:" + Digest.sha256Hex(Array(der)))
        #expect(key.keyID == trusted.keyID)
        #expect(trusted.isValid(signature: try key.sign(Self.message), for: Self.message))
    }

    @Test("a key from an environment variable loads; an unset one and a private key offered as trusted are refused")
    func keySources() throws {
        let pair = SigningKey.generate(.ecdsaP256)
        let key = try SigningKey(source: .environment("SIGNING_PEM"), environment: ["SIGNING_PEM": pair.privatePEM])
        #expect(key.algorithm == .ecdsaP256)
        #expect(throws: TrustError.self) { try SigningKey(source: .environment("SIGNING_PEM"), environment: [:]) }
        #expect(throws: TrustError.self) { try TrustedKey(pem: pair.privatePEM, source: "x") }
        #expect(throws: TrustError.self) { try SigningKey(pem: "not a key", source: "x") }
    }

    @Test("an HMAC secret shorter than 32 bytes is refused")
    func shortSecret() throws {
        let short =
            "-----BEGIN CAVRA HMAC KEY-----\n\(Data(repeating: 7, count: 16).base64EncodedString())\n-----END CAVRA HMAC KEY-----\n"
        #expect(throws: TrustError.self) { try TrustedKey(pem: short, source: "short") }
    }

    @Test("canonical JSON sorts keys by their bytes and escapes only what JSON requires")
    func canonicalJSON() {
        let value = CanonicalJSON.object([
            "b": .array([.integer(1), .bool(true), .null]), "a": .string("x\"\n\u{1}é"), "B": .string("/"),
        ])
        #expect(value.text == #"{"B":"/","a":"x\"\n\u0001é","b":[1,true,null]}"#)
    }
}
