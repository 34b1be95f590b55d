import CavraIdentity
import CavraModel
import CavraPolicy
import Foundation
import Testing

@Suite("HMAC-signed runner claims v2")
struct HMACClaimsTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let key = Array("0123456789abcdef0123456789abcdef-runner-pool-1".utf8)
    static let head = String(repeating: "a", count: 40)
    static let digest = "sha256:" + String(repeating: "b", count: 64)

    static func claims(_ changes: [String: HMACClaims.Value?] = [:]) -> [String: HMACClaims.Value] {
        let now = Int(Self.now.timeIntervalSince1970)
        var claims: [String: HMACClaims.Value] = [
            "iat": .integer(now - 5), "exp": .integer(now + 295), "nonce": .string("n-1"),
            "head": .string(head), "policy_digest": .string(digest), "runner_group": .string("build-linux"),
            "ephemeral": .bool(true), "sub": .string("runner-7"),
        ]
        for (name, value) in changes { claims[name] = value }
        return claims
    }

    static let expectation = HMACClaims.Expectation(
        keyID: "pool-1", maxAge: 600, head: head, policyDigest: digest,
        claims: [RunnerPolicy.ClaimMatch(name: "runner_group", patterns: [try! ClaimGlob("build-*")])])

    func refusal(
        _ document: String, key: [UInt8] = key, expecting expectation: HMACClaims.Expectation = expectation
    ) -> String? {
        do {
            _ = try HMACClaims.verify(document: Array(document.utf8), key: key, expecting: expectation, now: Self.now)
            return nil
        } catch {
            return error.check
        }
    }

    func sign(_ claims: [String: HMACClaims.Value] = claims(), keyID: String = "pool-1") throws -> String {
        try HMACClaims.sign(claims: claims, keyID: keyID, key: Self.key)
    }

    @Test("claims the gate signed verify, with the identity they name")
    func roundTrip() throws {
        let runner = try HMACClaims.verify(
            document: Array(try sign().utf8), key: Self.key, expecting: Self.expectation, now: Self.now)
        #expect(runner.verified && runner.method == "hmac" && runner.issuer == "pool-1" && runner.subject == "runner-7")
        #expect(runner.claims["ephemeral"] == "true" && runner.claims["runner_group"] == "build-linux")
    }

    @Test("claims built by Python's hmac and json modules, as the format defines them, verify")
    func pythonBuilt() throws {
        let script = """
            import base64, hashlib, hmac, json, sys
            key = sys.argv[1].encode()
            claims = {"iat": int(sys.argv[2]) - 5, "exp": int(sys.argv[2]) + 295, "nonce": "py-\\u00e9",
                      "head": sys.argv[3], "policy_digest": sys.argv[4], "runner_group": "build-gpu", "ok": False}
            body = json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            mac = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
            print(json.dumps({"schema": "cavra.runner.hmac.v2", "key_id": "pool-1", "claims": claims, "mac": mac}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", script, String(decoding: Self.key, as: UTF8.self),
            String(Int(Self.now.timeIntervalSince1970)), Self.head, Self.digest,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let document = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let runner = try HMACClaims.verify(
            document: Array(document), key: Self.key, expecting: Self.expectation, now: Self.now)
        #expect(runner.claims["nonce"] == "py-é" && runner.claims["ok"] == "false")
    }

    @Test("tampered, wrong key, wrong key id, expired, over max_age, other head, other policy digest are refused")
    func refusals() throws {
        let now = Int(Self.now.timeIntervalSince1970)
        let good = try sign()
        #expect(refusal(good.replacingOccurrences(of: "build-linux", with: "build-linuz")) == "signature")
        #expect(refusal(good, key: Array("another key of at least thirty-two bytes!!".utf8)) == "signature")
        #expect(refusal(try sign(keyID: "pool-2")) == "key")
        #expect(refusal(try sign(Self.claims(["iat": .integer(now - 700), "exp": .integer(now - 100)]))) == "expired")
        #expect(refusal(try sign(Self.claims(["exp": .integer(now + 1000)]))) == "expired")
        #expect(
            refusal(try sign(Self.claims(["iat": .integer(now + 200), "exp": .integer(now + 300)])))
                == "issued in the future")
        #expect(refusal(try sign(Self.claims(["head": .string(String(repeating: "c", count: 40))]))) == "claim head")
        #expect(refusal(try sign(Self.claims(["head": nil]))) == "claim head")
        #expect(refusal(try sign(Self.claims(["policy_digest": .string("sha256:00")]))) == "claim policy_digest")
        #expect(refusal(try sign(Self.claims(["nonce": nil]))) == "replay")
        #expect(refusal(try sign(Self.claims(["runner_group": .string("deploy")]))) == "claim runner_group")
        #expect(refusal(try sign(Self.claims(["iat": .string("\(now)")]))) == "expired")
        #expect(
            refusal(good.replacingOccurrences(of: "cavra.runner.hmac.v2", with: "cavra.runner.hmac.v1")) == "claims")
        #expect(refusal("{\"schema\":\"cavra.runner.hmac.v2\"") == "claims")
        #expect(refusal(good, key: Array("short".utf8)) == "key")
    }
}
