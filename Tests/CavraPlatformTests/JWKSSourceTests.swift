import CavraPlatform
import CavraTrust
import Foundation
import TestSupport
import Testing

@Suite struct JWKSSourceTests {
    private static let keySet = #"{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}]}"#
    private let client = HTTPClient(environment: [:], retries: 0)

    /// A clock the test moves by hand.
    private final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_800_000_000)

        var now: Date { lock.withLock { current } }
        func advance(_ seconds: Double) { lock.withLock { current += seconds } }
    }

    private func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cavra-jwks-\(UUID().uuidString)/jwks").path
    }

    private func count(_ server: LoopbackServer, _ path: String) throws -> Int {
        try server.requests().filter { $0.path == path }.count
    }

    @Test func keepsTheKeySetOnDiskUntilRefreshIsAsked() throws {
        let server = try LoopbackServer(routes: ["/jwks": .init(body: Self.keySet)])
        defer { server.stop() }
        let cache = folder()
        defer { try? FileManager.default.removeItem(atPath: (cache as NSString).deletingLastPathComponent) }
        let url = server.url("/jwks")
        #expect(
            try JWKSSource(client: client, cacheFolder: cache).keySet(url: url, refresh: false)
                == Array(Self.keySet.utf8))
        #expect(
            try JWKSSource(client: client, cacheFolder: cache).keySet(url: url, refresh: false)
                == Array(Self.keySet.utf8))
        #expect(try count(server, "/jwks") == 1)
        _ = try JWKSSource(client: client, cacheFolder: cache).keySet(url: url, refresh: true)
        #expect(try count(server, "/jwks") == 2)

        let file = cache + "/" + Digest.sha256Hex(url) + ".jwks"
        let fileMode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: cache)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache) == [Digest.sha256Hex(url) + ".jwks"])
    }

    @Test(arguments: [
        ("max-age=60", 59.0, 61.0), ("public, max-age=\"600\"", 599, 601), ("max-age=9999999", 86_399, 86_401),
        ("must-revalidate", 3599, 3601),
    ])
    func honoursMaxAgeCappedAtADay(cacheControl: String, fresh: Double, stale: Double) throws {
        let server = try LoopbackServer(routes: [
            "/jwks": .init(headers: ["Cache-Control": cacheControl], body: Self.keySet)
        ])
        defer { server.stop() }
        let cache = folder()
        defer { try? FileManager.default.removeItem(atPath: (cache as NSString).deletingLastPathComponent) }
        let clock = Clock()
        let source = JWKSSource(client: client, cacheFolder: cache, now: { clock.now })
        let url = server.url("/jwks")
        _ = try source.keySet(url: url, refresh: false)
        clock.advance(fresh)
        _ = try source.keySet(url: url, refresh: false)
        #expect(try count(server, "/jwks") == 1)
        clock.advance(stale - fresh)
        _ = try source.keySet(url: url, refresh: false)
        #expect(try count(server, "/jwks") == 2)
    }

    @Test func noStoreIsNeverCached() throws {
        let server = try LoopbackServer(routes: [
            "/jwks": .init(headers: ["Cache-Control": "no-store"], body: Self.keySet)
        ])
        defer { server.stop() }
        let source = JWKSSource(client: client, cacheFolder: folder())
        _ = try source.keySet(url: server.url("/jwks"), refresh: false)
        _ = try source.keySet(url: server.url("/jwks"), refresh: false)
        #expect(try count(server, "/jwks") == 2)
    }

    @Test func aFailedFetchIsNotCached() throws {
        let server = try LoopbackServer(routes: [
            "/flaky": .init(body: Self.keySet, failFirst: 3), "/array": .init(body: "[]"),
            "/missing": .init(status: 404, body: Self.keySet),
        ])
        defer { server.stop() }
        let cache = folder()
        defer { try? FileManager.default.removeItem(atPath: (cache as NSString).deletingLastPathComponent) }
        let source = JWKSSource(client: HTTPClient(environment: [:], retries: 2), cacheFolder: cache)
        let error = #expect(throws: HTTPError.self) { try source.keySet(url: server.url("/flaky"), refresh: false) }
        #expect(error?.message.contains("HTTP 500") == true)
        #expect(try count(server, "/flaky") == 3)
        #expect(try source.keySet(url: server.url("/flaky"), refresh: false) == Array(Self.keySet.utf8))
        #expect(try count(server, "/flaky") == 4)

        for path in ["/array", "/missing"] {
            #expect(throws: HTTPError.self) { try source.keySet(url: server.url(path), refresh: false) }
            #expect(throws: HTTPError.self) { try source.keySet(url: server.url(path), refresh: false) }
            #expect(try count(server, path) == 2)
        }
        let tooBig = JWKSSource(client: HTTPClient(environment: [:], retries: 0, maxBodyBytes: 10), cacheFolder: cache)
        #expect(throws: HTTPError.self) { try tooBig.keySet(url: server.url("/missing"), refresh: false) }
    }

    @Test func cachesUnderXDGCacheHomeByDefault() throws {
        let server = try LoopbackServer(routes: ["/jwks": .init(body: Self.keySet)])
        defer { server.stop() }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-xdg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let source = JWKSSource(client: HTTPClient(environment: ["XDG_CACHE_HOME": home], retries: 0))
        _ = try source.keySet(url: server.url("/jwks"), refresh: false)
        let file = home + "/cavra-gate/jwks/" + Digest.sha256Hex(server.url("/jwks")) + ".jwks"
        #expect(FileManager.default.fileExists(atPath: file))
    }

    @Test func discoveryFindsTheJWKSURIOfTheIssuerItWasAskedAbout() throws {
        let server = try LoopbackServer(routes: [
            "/.well-known/openid-configuration": .init(body: #"{"issuer": "$BASE", "jwks_uri": "$BASE/keys"}"#),
            "/other/.well-known/openid-configuration": .init(
                body: #"{"issuer": "https://elsewhere.example", "jwks_uri": "$BASE/keys"}"#),
            "/none/.well-known/openid-configuration": .init(body: #"{"issuer": "$BASE/none"}"#),
        ])
        defer { server.stop() }
        let source = JWKSSource(client: client, cacheFolder: folder())
        #expect(try source.jwksURL(issuer: server.baseURL + "/") == server.url("/keys"))
        let mismatch = #expect(throws: HTTPError.self) { try source.jwksURL(issuer: server.url("/other")) }
        #expect(mismatch?.message.contains("does not name") == true)
        let missing = #expect(throws: HTTPError.self) { try source.jwksURL(issuer: server.url("/none")) }
        #expect(missing?.message.contains("jwks_uri") == true)
        #expect(
            try server.requests().map(\.target) == [
                "/.well-known/openid-configuration", "/other/.well-known/openid-configuration",
                "/none/.well-known/openid-configuration",
            ])
    }
}
