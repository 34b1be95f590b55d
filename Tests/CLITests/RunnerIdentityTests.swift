import Foundation
import TestSupport
import Testing

/// Tokens signed by PyJWT (not by the gate's own code), with RSA-2048 and P-256 keys made for the test.
struct PythonIssuer {
    let folder: URL

    static let script = #"""
        import json, sys, time, jwt
        from cryptography.hazmat.primitives.asymmetric import rsa, ec
        from cryptography.hazmat.primitives import serialization
        folder = sys.argv[1]
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ec_key = ec.generate_private_key(ec.SECP256R1())
        rsa_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key()))
        ec_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key()))
        rsa_jwk.update(kid="rsa-1", use="sig", alg="RS256"); ec_jwk.update(kid="ec-1")
        json.dump({"keys": [rsa_jwk, ec_jwk]}, open(f"{folder}/jwks.json", "w"))
        pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        now = int(time.time())
        for line in sys.stdin:
            spec = json.loads(line)
            claims = {"iat": now - 5, "exp": now + 300, **spec.get("claims", {})}
            for name in spec.get("drop", []): claims.pop(name, None)
            signer = spec.get("signer", "rs256")
            if signer == "rs256": token = jwt.encode(claims, rsa_key, "RS256", headers=spec.get("headers", {"kid": "rsa-1"}))
            elif signer == "es256": token = jwt.encode(claims, ec_key, "ES256", headers={"kid": "ec-1"})
            elif signer == "none": token = jwt.encode(claims, None, "none", headers={"kid": "rsa-1"})
            elif signer == "hs256-rsa-pem":
                import hmac, hashlib, base64
                enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
                head = enc(json.dumps({"alg": "HS256", "kid": "rsa-1", "typ": "JWT"}).encode())
                body = enc(json.dumps(claims).encode())
                token = f"{head}.{body}." + enc(hmac.new(pem, f"{head}.{body}".encode(), hashlib.sha256).digest())
            print(token)
        """#

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-issuer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var jwks: String { folder.appendingPathComponent("jwks.json").path }

    /// One token per spec (claims, claims to drop, signer), all signed in one Python run.
    func tokens(_ specs: [[String: Any]]) throws -> [String] {
        let input =
            try specs.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        let run = try Shell.run(["python3", "-c", Self.script, folder.path], in: folder, input: input)
        try #require(run.status == 0, "PyJWT failed: \(run.stderr)")
        return run.stdout.split(separator: "\n").map(String.init)
    }

    func write(_ token: String, name: String = "token") throws -> String {
        let file = folder.appendingPathComponent(name)
        try Data((token + "\n").utf8).write(to: file)
        return file.path
    }
}

@Suite("runner verify and check --require-runner")
struct RunnerIdentityTests {
    static let github = "https://token.actions.githubusercontent.com"
    nonisolated(unsafe) static let claims: [String: Any] = [
        "iss": github, "aud": "cavra-gate", "sub": "repo:acme/app:ref:refs/heads/main", "repository": "acme/app",
        "ref": "refs/heads/main", "ref_protected": "true",
        "job_workflow_ref": "acme/platform/.github/workflows/gate.yml@refs/heads/main",
    ]

    static func spec(_ changes: [String: Any] = [:], drop: [String] = [], signer: String = "rs256") -> [String: Any] {
        ["claims": claims.merging(changes) { $1 }, "drop": drop, "signer": signer]
    }

    static let policy = """
        schema: cavra.policy.v1
        metadata: {id: ci-policy, title: CI policy, extends: [cavra-ai-agent-baseline]}
        rules: []
        runner:
          require: oidc
          oidc:
            - provider: github
              issuer: \(github)
              audience: cavra-gate
              claims:
                repository: acme/app
                ref: [refs/heads/main, "refs/heads/release/*"]
                job_workflow_ref: "acme/platform/.github/workflows/gate.yml@refs/heads/main"
        """

    func verify(_ issuer: PythonIssuer, _ token: String, policy: String? = nil, extra: [String] = [])
        throws -> ProcessResult
    {
        var arguments = ["runner", "verify", "--token", try issuer.write(token), "--jwks", issuer.jwks] + extra
        if let policy {
            let file = issuer.folder.appendingPathComponent("policy.yaml")
            try Data(policy.utf8).write(to: file)
            arguments += ["--policy", file.path]
        } else {
            arguments += ["--provider", "github", "--audience", "cavra-gate"]
        }
        return try GateBinary.run(arguments, in: issuer.folder)
    }

    @Test("valid RS256 and ES256 tokens verify, and --format json prints the identity with its claims")
    func valid() throws {
        let issuer = try PythonIssuer()
        for token in try issuer.tokens([Self.spec(), Self.spec(signer: "es256")]) {
            let run = try verify(issuer, token, policy: Self.policy, extra: ["--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let runner = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect(runner?["verified"] as? Bool == true && runner?["method"] as? String == "oidc")
            #expect(runner?["provider"] as? String == "github" && runner?["issuer"] as? String == Self.github)
            #expect((runner?["claims"] as? [String: String])?["repository"] == "acme/app")
            #expect(!run.stdout.contains(token) && !run.stderr.contains(token))
        }
    }

    @Test("each attack is refused with exit 2 and names its check; the token never appears")
    func attacks() throws {
        let issuer = try PythonIssuer()
        let now = Int(Date().timeIntervalSince1970)
        let cases: [(String, [String: Any])] = [
            ("algorithm", Self.spec(signer: "none")),
            ("algorithm", Self.spec(signer: "hs256-rsa-pem")),
            ("algorithm", ["claims": Self.claims, "headers": ["kid": "ec-1"]]),
            ("kid", ["claims": Self.claims, "headers": [String: String]()]),
            ("kid", ["claims": Self.claims, "headers": ["kid": "unknown"]]),
            ("expired", Self.spec(["exp": now - 120, "iat": now - 600])),
            ("not yet valid", Self.spec(["nbf": now + 600])),
            ("issued in the future", Self.spec(["iat": now + 600])),
            ("expired", Self.spec(drop: ["exp"])),
            ("issued in the future", Self.spec(drop: ["iat"])),
            ("issuer", Self.spec(["iss": "https://token.actions.githubusercontent.com.evil.test"])),
            ("audience", Self.spec(["aud": "someone-else"])),
            ("audience", Self.spec(["aud": "https://github.com/acme"])),
            ("claim repository", Self.spec(["repository": "acme/app-evil"])),
            ("claim repository", Self.spec(drop: ["repository"])),
            ("claim ref", Self.spec(["ref": "refs/heads/feature"])),
            (
                "claim job_workflow_ref",
                Self.spec(["job_workflow_ref": "acme/app/.github/workflows/gate.yml@refs/heads/main"])
            ),
        ]
        let tokens = try issuer.tokens(cases.map(\.1))
        for ((check, _), token) in zip(cases, tokens) {
            let run = try verify(issuer, token, policy: Self.policy)
            #expect(run.status == 2, "\(check): \(run.stdout)")
            #expect(run.stderr.contains("(\(check))"), "expected \(check): \(run.stderr)")
            #expect(!run.stderr.contains(token) && !run.stdout.contains(token))
        }
        var flipped = Array(tokens[0].isEmpty ? "" : try issuer.tokens([Self.spec()])[0])
        flipped[flipped.count - 3] = flipped[flipped.count - 3] == "A" ? "B" : "A"
        let run = try verify(issuer, String(flipped), policy: Self.policy)
        #expect(run.status == 2 && run.stderr.contains("(signature)"), "\(run.stderr)")
    }

    @Test("without a policy, an audience is required: there is no default")
    func noDefaultAudience() throws {
        let issuer = try PythonIssuer()
        let token = try issuer.tokens([Self.spec()])[0]
        let run = try GateBinary.run(
            ["runner", "verify", "--token", try issuer.write(token), "--jwks", issuer.jwks, "--provider", "github"],
            in: issuer.folder)
        #expect(run.status == 2 && run.stderr.contains("(audience)"), "\(run.stderr)")
        let fromEnvironment = try GateBinary.run(
            [
                "runner", "verify", "--token-env", "RUNNER_TOKEN", "--jwks", issuer.jwks, "--provider", "github",
                "--audience", "cavra-gate",
            ], in: issuer.folder, environment: ["RUNNER_TOKEN": " \(token)\n"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(fromEnvironment.stdout.contains("verified oidc (github)"))
    }

    @Test(
        "check refuses (exit 2) when the policy requires OIDC and none is offered, and carries the identity when one is"
    )
    func check() throws {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        let base = try repo.commitAll()
        try repo.write("src/a.c", "int a;\n")
        let head = try repo.commitAll()
        try repo.write("../ci-policy.yaml", Self.policy)
        let policy = repo.url.deletingLastPathComponent().appendingPathComponent("ci-policy.yaml").path
        let arguments = ["check", "--base", base, "--head", head, "--policy", policy, "--format", "json"]
        let missing = try GateBinary.run(arguments, in: repo.url)
        #expect(missing.status == 2, "\(missing.stdout)")
        #expect(missing.stdout.contains("runner identity not verified (oidc)"), "\(missing.stdout)")

        let issuer = try PythonIssuer()
        let token = try issuer.tokens([Self.spec()])[0]
        let verified = try GateBinary.run(
            arguments + ["--oidc-token", try issuer.write(token), "--jwks", issuer.jwks], in: repo.url)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any]
        let runner = result?["runner"] as? [String: Any]
        #expect(
            runner?["verified"] as? Bool == true && runner?["subject"] as? String == "repo:acme/app:ref:refs/heads/main"
        )
        for format in ["text", "markdown", "sarif", "junit", "github", "azure"] {
            let run = try GateBinary.run(
                [
                    "check", "--base", base, "--head", head, "--policy", policy, "--format", format, "--oidc-token",
                    try issuer.write(token), "--jwks", issuer.jwks,
                ], in: repo.url)
            #expect(run.stdout.contains("repo:acme/app:ref:refs/heads/main"), "\(format): \(run.stdout)")
            #expect(!run.stdout.contains(token) && !run.stderr.contains(token), "\(format) leaked the token")
        }
        let refused = try GateBinary.run(
            arguments + [
                "--oidc-token", try issuer.write(try issuer.tokens([Self.spec(["ref": "refs/heads/x"])])[0]),
                "--jwks", issuer.jwks,
            ], in: repo.url)
        #expect(refused.status == 2 && refused.stdout.contains("(claim ref)"), "\(refused.stdout)")
        let unrequired = try GateBinary.run(
            ["check", "--base", base, "--head", head, "--require-runner", "hmac"], in: repo.url)
        #expect(unrequired.status == 2 && unrequired.stderr.contains("(hmac)"), "\(unrequired.stderr)")
    }

    @Test("HMAC claims: sign-hmac output verifies in check bound to its head and policy, and not for another head")
    func hmac() throws {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        let base = try repo.commitAll()
        try repo.write("src/a.c", "int a;\n")
        let head = try repo.commitAll()
        let key = "k3y-0f-the-runner-pool-at-least-32-bytes"
        let env = ["POOL_KEY": key]
        let policy = """
            schema: cavra.policy.v1
            metadata: {id: pool-policy, title: Pool, extends: [cavra-ai-agent-baseline]}
            rules: []
            runner:
              require: hmac
              hmac:
                - {key_id: pool-1, key_env: POOL_KEY, max_age: 600, claims: {runner_group: "build-*"}}
            """
        try repo.write("../pool-policy.yaml", policy)
        let policyFile = repo.url.deletingLastPathComponent().appendingPathComponent("pool-policy.yaml").path
        let compiled = try GateBinary.run(["policy", "compile", policyFile], in: repo.url)
        let digest = try #require(
            compiled.stderr.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("sha256:") }.map(String.init),
            "\(compiled.stderr)")
        func signed(head: String) throws -> String {
            let run = try GateBinary.run(
                [
                    "runner", "sign-hmac", "--hmac-key-env", "POOL_KEY", "--key-id", "pool-1", "--claim",
                    "runner_group=build-linux", "--head", head, "--policy-digest", digest,
                ], in: repo.url, environment: env)
            try #require(run.status == 0, "\(run.stderr)")
            #expect(!run.stdout.contains(key))
            try repo.write("../claims-\(head.prefix(7)).json", run.stdout)
            return repo.url.deletingLastPathComponent().appendingPathComponent("claims-\(head.prefix(7)).json").path
        }
        let good = try GateBinary.run(
            [
                "check", "--base", base, "--head", head, "--policy", policyFile, "--hmac", try signed(head: head),
                "--format", "json",
            ], in: repo.url, environment: env)
        #expect(good.status == 0, "\(good.stdout) \(good.stderr)")
        let runner =
            (try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])?["runner"]
            as? [String: Any]
        #expect(runner?["method"] as? String == "hmac" && runner?["issuer"] as? String == "pool-1")
        #expect(!good.stdout.contains(key))
        let other = try GateBinary.run(
            ["check", "--base", base, "--head", head, "--policy", policyFile, "--hmac", try signed(head: base)],
            in: repo.url, environment: env)
        #expect(other.status == 2 && other.stderr.contains("(claim head)"), "\(other.stderr)")
        let pythonVerified = try Shell.run(
            [
                "python3", "-c",
                """
                import base64, hashlib, hmac, json, sys
                doc = json.load(open(sys.argv[1]))
                body = json.dumps(doc["claims"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
                mac = base64.b64encode(hmac.new(sys.argv[2].encode(), body, hashlib.sha256).digest()).decode()
                sys.exit(0 if hmac.compare_digest(mac, doc["mac"]) and doc["schema"] == "cavra.runner.hmac.v2" else 1)
                """, try signed(head: head), key,
            ], in: repo.url)
        #expect(
            pythonVerified.status == 0, "sign-hmac output did not verify outside the gate: \(pythonVerified.stderr)")
    }
}
