import CavraModel
import Foundation
import TestSupport
import Testing

/// Paths are bytes in git: one that is not UTF-8 (or holds a newline or quote) must be listed and judged in every
/// view, and shown the way git quotes it.
@Suite("paths that are not UTF-8, end to end")
struct NonUTF8PathTests {
    /// (path bytes, how the report spells it, the rule that must catch it, the exit code)
    static let spellings: [([UInt8], String, String, Int32)] = [
        (Array("caf".utf8) + [0xE9] + Array("/.env".utf8), #""caf\351/.env""#, "secrets.dotenv", 1),
        (
            Array(".github/workflows/d".utf8) + [0xE9] + Array("ploy/ci.yml".utf8),
            #"".github/workflows/d\351ploy/ci.yml""#, "cicd.github", 3
        ),
        (
            Array(".github/workflows/ci".utf8) + [0xFF] + Array(".yml".utf8), #"".github/workflows/ci\377.yml""#,
            "cicd.github", 3
        ),
        // An overlong spelling of "/" (C0 AF) and a truncated three-byte sequence: neither is a character.
        (Array("a".utf8) + [0xC0, 0xAF] + Array("b/.env".utf8), #""a\300\257b/.env""#, "secrets.dotenv", 1),
        (
            Array("x".utf8) + [0xE2, 0x82] + Array("/server.pem".utf8), #""x\342\202/server.pem""#,
            "secrets.private-keys", 1
        ),
        // A UTF-16 surrogate encoded in UTF-8 is not valid UTF-8 either.
        ([0xED, 0xA0, 0x80] + Array("/.env".utf8), #""\355\240\200/.env""#, "secrets.dotenv", 1),
        (Array("a\nb/.env".utf8), #""a\nb/.env""#, "secrets.dotenv", 1),
        (Array("say \"hi\"/.env".utf8), #""say \"hi\"/.env""#, "secrets.dotenv", 1),
    ]

    /// A repository whose `feature` branch adds `path` on top of `main`.
    static func repository(adding path: [UInt8]) throws -> (ScratchRepository, base: String, head: String) {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write(bytesPath: path, "on: push\njobs: {}\n")
        return (repo, base, try repo.commitAll("add"))
    }

    /// The paths of a JSON result's findings, read back to bytes.
    static func findingPaths(_ run: ProcessResult) throws -> [[UInt8]] {
        try RandomPathTests.findingSpellings(run).map { try #require(GitPath(quoted: $0), "\($0)").bytes }
    }

    @Test("range, --commits and staged views deny or hold the path and name it in git's quoting", arguments: spellings)
    func checkViews(path: [UInt8], shown: String, rule: String, exit: Int32) throws {
        let (repo, base, _) = try Self.repository(adding: path)
        for view in [["--base", base, "--head", "feature"], ["--base", base, "--head", "feature", "--commits"]] {
            let text = try GateBinary.run(["check"] + view, in: repo.url)
            #expect(text.status == exit, "\(view) \(text.stdout)\(text.stderr)")
            #expect(text.stdout.contains(shown), "\(text.stdout)")
            #expect(text.stdout.contains(rule), "\(text.stdout)")
            let json = try GateBinary.run(["check", "--format", "json"] + view, in: repo.url)
            #expect(try Self.findingPaths(json).contains(path), "\(json.stdout)")
        }
        try repo.git(["reset", "-q", "--soft", base])
        let staged = try GateBinary.run(["check", "--staged"], in: repo.url)
        #expect(staged.status == exit, "\(staged.stdout)\(staged.stderr)")
        #expect(staged.stdout.contains(shown), "\(staged.stdout)")
    }

    @Test("the pre-push hook denies or holds the path from its stdin lines", arguments: spellings)
    func prePush(path: [UInt8], shown: String, rule: String, exit: Int32) throws {
        let (repo, base, head) = try Self.repository(adding: path)
        let update = "refs/heads/feature \(head) refs/heads/feature \(base)\n"
        let created = "refs/heads/feature \(head) refs/heads/feature \(String(repeating: "0", count: 40))\n"
        for line in [update, created] {
            let run = try GateBinary.run(["hook", "pre-push", "origin", "origin"], in: repo.url, input: line)
            #expect(run.status == exit, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains(shown), "\(run.stdout)")
            #expect(run.stdout.contains(rule), "\(run.stdout)")
        }
    }

    @Test("a real git push of the path through the installed hooks is refused, and the remote keeps its refs")
    func realPush() throws {
        let fixture = try HookFixture()
        try fixture.work.git(["checkout", "-q", "-b", "feature"])
        try fixture.work.write(bytesPath: Array("caf".utf8) + [0xE9] + Array("/.env".utf8), "TOKEN=1\n")
        let commit = try fixture.commitAll("env", verify: false)
        let before = try fixture.remoteRefs()
        let push = try fixture.git(["push", "origin", "feature"])
        #expect(push.status != 0)
        #expect(push.stdout.contains(#""caf\351/.env" in \#(commit.prefix(12))"#), "\(push.stdout)\(push.stderr)")
        #expect(try fixture.remoteRefs() == before)
    }

    @Test("a rename between paths that are not UTF-8 is found, and judged and shown on both sides")
    func renamed() throws {
        let folder = Array("caf".utf8) + [0xE9]
        let repo = try ScratchRepository()
        try repo.write(bytesPath: folder + Array("/id_rsa".utf8), String(repeating: "key material\n", count: 20))
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        // A shell glob names the folder: a String argument cannot carry the byte.
        let moved = try Shell.run(["sh", "-c", "git mv caf?/id_rsa moved.txt"], in: repo.url)
        #expect(moved.status == 0, "\(moved.stderr)")
        try repo.commitAll("rename")
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature"], in: repo.url)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains(#"(from "caf\351/id_rsa")"#), "\(run.stdout)")
    }

    @Test("a folder whose name is valid UTF-8 but not ASCII is shown as it is and still judged")
    func validUTF8IsShownUnquoted() throws {
        let (repo, base, _) = try Self.repository(adding: Array("café/.env".utf8))
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature"], in: repo.url)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("café/.env") && !run.stdout.contains("\"café"), "\(run.stdout)")
    }
}
