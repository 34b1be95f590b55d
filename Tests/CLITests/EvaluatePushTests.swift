import Foundation
import TestSupport
import Testing

/// `evaluate --push` lets an agent harness ask before it pushes; its answer must be the pre-push hook's.
@Suite("evaluate --push answers as the pre-push hook would for the same push")
struct EvaluatePushTests {
    struct Answer: Equatable {
        var status: Int32
        /// rule, path and ref of each finding, sorted.
        var findings: [String]
    }

    static func answer(_ run: ProcessResult) -> Answer {
        let object = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any]
        let findings = (object?["findings"] as? [[String: Any]] ?? []).map { finding in
            ["rule_id", "path", "ref"].map { finding[$0] as? String ?? "-" }.joined(separator: " ")
        }
        return Answer(status: run.status, findings: findings.sorted())
    }

    /// The hook's answer for the ref updates `git push --dry-run` would make, read from git's own porcelain output.
    static func hookAnswer(_ fixture: HookFixture, refspecs: [String]) throws -> Answer {
        let dryRun = try fixture.git(["push", "--dry-run", "--porcelain", "--no-verify", "origin"] + refspecs)
        var lines: [String] = []
        for line in dryRun.stdout.split(separator: "\n") where line.contains("\t") {
            let fields = line.split(separator: "\t")
            guard fields.count >= 2 else { continue }
            let refs = fields[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let zero = String(repeating: "0", count: 40)
            let local = refs[0].isEmpty ? zero : try fixture.work.revParse(refs[0])
            let remote =
                (try? fixture.work.revParse(
                    "refs/remotes/origin/"
                        + refs[1].replacingOccurrences(
                            of: "refs/heads/", with: ""))) ?? zero
            lines.append("\(refs[0].isEmpty ? "(delete)" : refs[0]) \(local) \(refs[1]) \(remote)")
        }
        let run = try GateBinary.run(
            ["hook", "pre-push", "origin", "file://\(fixture.remote.path)", "--format", "json"], in: fixture.work.url,
            input: lines.joined(separator: "\n") + "\n")
        return answer(run)
    }

    static func evaluateAnswer(_ fixture: HookFixture, refspecs: [String]) throws -> (Answer, ProcessResult) {
        let run = try GateBinary.run(
            ["evaluate"] + refspecs.flatMap { ["--push", $0] } + ["--format", "json"], in: fixture.work.url)
        return (answer(run), run)
    }

    @Test(
        "a push is judged like the hook judges it",
        arguments: [
            ("secret on a new branch", ["topic"], Int32(1)),
            ("direct push to main", ["HEAD:main"], 3),
            ("force push to main", ["+HEAD~1:refs/heads/main"], 1),
            ("delete a release branch", [":release/1.0"], 1),
            ("an allowed branch", ["clean"], 0),
            ("two refs at once", ["clean", "topic"], 1),
        ])
    func likeTheHook(name: String, refspecs: [String], status: Int32) throws {
        let fixture = try HookFixture(seedRemote: { seed in
            try seed.git(["branch", "release/1.0"])
            try seed.write("src/lib.c", "int x;\n")
            try seed.commitAll("lib")
        })
        try fixture.work.git(["checkout", "-q", "-b", "clean"])
        try fixture.work.write("src/app.c", "int y;\n")
        try fixture.commitAll("app")
        try fixture.work.git(["checkout", "-q", "-b", "topic"])
        try fixture.work.write("config/.env", "TOKEN=1\n")
        try fixture.commitAll("secret", verify: false)
        if name.hasPrefix("force") {
            try fixture.work.git(["checkout", "-q", "main"])
            try fixture.work.git(["reset", "-q", "--hard", "HEAD~1"])
            try fixture.work.write("other.txt", "rewritten\n")
            try fixture.commitAll("rewrite")
        } else if name.hasPrefix("direct") {
            try fixture.work.git(["checkout", "-q", "main"])
            try fixture.work.write("docs/readme.txt", "more\n")
            try fixture.commitAll("direct")
        }

        let (evaluated, run) = try Self.evaluateAnswer(fixture, refspecs: refspecs)
        #expect(evaluated.status == status, "\(run.stdout)\(run.stderr)")
        #expect(evaluated == (try Self.hookAnswer(fixture, refspecs: refspecs)), "\(run.stdout)")
        #expect(!evaluated.findings.isEmpty || status == 0)
    }

    @Test(
        "a refspec git would refuse cannot be judged (exit 2), and --push stands alone",
        arguments: [
            ["--push", "no-such-branch"], ["--push", ":never-pushed"], ["--push", "main", "--path", "x.txt"],
            ["--remote", "origin", "--command", "make"],
        ])
    func refused(arguments: [String]) throws {
        let fixture = try HookFixture()
        let run = try GateBinary.run(["evaluate"] + arguments, in: fixture.work.url)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
    }
}
