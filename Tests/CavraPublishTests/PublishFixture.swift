import CavraModel
import CavraPlatform
import CavraPublish
import Foundation
import TestSupport
import Testing

/// Results to publish and a fake platform API on loopback, for the publishing tests.
enum PublishFixture {
    static let head = "2222222222222222222222222222222222222222"
    static let token = "tok-5ecret-value-1234"

    static let deny = Finding(
        fingerprint: "fp-deny", ruleID: "secrets.dotenv", decision: .deny, severity: .critical, kind: .path,
        path: "deploy/.env", line: 1, reason: "Environment files hold secrets.")
    static let approval = Finding(
        fingerprint: "fp-approval", ruleID: "ci.workflow", decision: .requireApproval, severity: .high, kind: .path,
        path: ".github/workflows/ci.yml", line: 3, reason: "Workflows need review.", approverGroup: "platform")
    static let allow = Finding(
        fingerprint: "fp-allow", ruleID: "paths.docs", decision: .allow, severity: .low, kind: .path,
        path: "docs/readme.md", line: 2, reason: "Documentation changes are fine.")

    static func result(_ findings: [Finding]) -> GateResult {
        GateResult(
            tool: .init(version: "0.1.0"), repository: "/work/repo",
            range: CompareRange(
                mode: .range, base: String(repeating: "1", count: 40), head: head, mergeBase: nil, baseRef: "main",
                headRef: "feature", commits: [head]),
            policy: GateResult.PolicyInfo(
                id: "baseline", version: "1.2.0", digest: "sha256:" + String(repeating: "ab", count: 32),
                packs: ["baseline@1.2.0"]),
            changeCount: findings.count, findings: findings)
    }

    /// The findings whose result has the given status.
    static func findings(for status: GateResult.Status) -> [Finding] {
        switch status {
        case .pass: [allow]
        case .deny: [deny, allow]
        case .actionRequired: [approval, allow]
        case .error: []
        }
    }

    static func published(_ result: GateResult, extra: [String: Any] = [:]) throws -> PublishedResult {
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        object.merge(extra) { $1 }
        return try PublishedResult(json: JSONSerialization.data(withJSONObject: object), source: "result.json")
    }

    /// `count` findings, each with a path and a line.
    static func many(_ count: Int) -> [Finding] {
        (0..<count).map { index in
            Finding(
                fingerprint: "fp-\(index)", ruleID: "rule.\(index % 3)", decision: .allow, severity: .low, kind: .path,
                path: "src/file\(index).swift", line: index + 1, reason: "Finding \(index).")
        }
    }

    static func publisher(
        _ server: LoopbackServer, platform: PublishPlatform, repository: String, pullRequest: Int? = nil,
        environment: [String: String], apiPath: String = ""
    ) throws -> Publisher {
        Publisher(
            coordinates: PublishCoordinates(
                platform: platform, apiURL: server.url(apiPath), repository: repository, sha: head,
                pullRequest: pullRequest, targetURL: "https://ci.example/job/1"),
            credential: try PlatformCredential(platform: platform, environment: environment),
            client: Publisher.client(environment: [:]))
    }

    static func json(_ request: LoopbackServer.Request) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    static func json(_ object: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }
}
