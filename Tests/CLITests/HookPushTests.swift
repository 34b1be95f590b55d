import Foundation
import TestSupport
import Testing

@Suite("pre-push hook, end to end with git push to a bare remote")
struct HookPushTests {
    @Test("a commit adding .env is refused and the remote's refs stay unchanged; an allowed change is pushed")
    func refusedAndAllowed() throws {
        let fixture = try HookFixture()
        try fixture.work.git(["checkout", "-q", "-b", "feature"])
        try fixture.work.write("src/app.c", "int main(void) { return 0; }\n")
        try fixture.commitAll("app")
        let allowed = try fixture.git(["push", "origin", "feature"])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(try fixture.remote.revParse("refs/heads/feature") == fixture.work.head())

        let before = try fixture.remoteRefs()
        try fixture.work.write("config/.env", "TOKEN=1\n")
        try fixture.commitAll("env", verify: false)
        let refused = try fixture.git(["push", "origin", "feature"])
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("secrets.dotenv"), "\(refused.stdout)\(refused.stderr)")
        #expect(try fixture.remoteRefs() == before)
    }

    @Test("git push origin a b c with only c bad is refused, and the report pins the denial on c")
    func onlyThirdRefBad() throws {
        let fixture = try HookFixture()
        for (branch, file) in [("a", "a.txt"), ("b", "b.txt"), ("c", "deploy/.env")] {
            try fixture.work.git(["checkout", "-q", "-b", branch, "main"])
            try fixture.work.write(file, "x=1\n")
            try fixture.commitAll(branch, verify: branch != "c")
        }
        let before = try fixture.remoteRefs()
        let push = try fixture.git(["push", "origin", "a", "b", "c"])
        #expect(push.status != 0)
        #expect(try fixture.remoteRefs() == before)
        let lineC = try #require(HookFixture.refLine("refs/heads/c", in: push.stdout), "\(push.stdout)")
        #expect(lineC.contains("DENIED by secrets.dotenv"))
        for ref in ["refs/heads/a", "refs/heads/b"] {
            let line = try #require(HookFixture.refLine(ref, in: push.stdout), "\(push.stdout)")
            #expect(line.hasSuffix(": pass"), "\(line)")
        }
    }

    @Test("a new branch made from a remote branch is judged by its one new commit, even in a shallow clone")
    func newBranchJudgesOnlyNewCommits() throws {
        let fixture = try HookFixture(
            seedRemote: { seed in
                // The old history holds a denied file: judging it would deny the push, and a depth-1 clone lacks it.
                try seed.write("old/.env", "OLD=1\n")
                try seed.commitAll("old secret")
                try seed.remove("old/.env")
                for index in 0..<20 {
                    try seed.write("history/\(index).txt", "\(index)\n")
                    try seed.commitAll("history \(index)")
                }
            }, depth: 1)
        try fixture.work.git(["checkout", "-q", "-b", "topic", "origin/main"])
        try fixture.work.write("topic/.env", "NEW=1\n")
        let bad = try fixture.commitAll("topic secret", verify: false)

        let start = Date()
        let push = try fixture.git(["push", "origin", "topic"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(push.status == 1, "\(push.stdout)\(push.stderr)")
        let line = try #require(HookFixture.refLine("refs/heads/topic", in: push.stdout), "\(push.stdout)")
        #expect(line.contains("create"))
        #expect(line.contains("1 new commit judged"))
        #expect(push.stdout.contains("topic/.env in \(bad.prefix(12))"))
        #expect(!push.stdout.contains("old/.env"))
        #expect(elapsed < 10, "push took \(elapsed) s")
    }

    @Test(
        "protected refs: delete, force and direct push are ref findings naming ref and operation",
        arguments: [
            ("delete", "refs/heads/release/1.0", "[delete]", "DENIED"),
            ("force", "refs/heads/main", "[force]", "DENIED"),
            ("direct", "refs/heads/main", "[update]", "APPROVAL REQUIRED"),
        ])
    func protectedRefs(kind: String, ref: String, operation: String, verdict: String) throws {
        let fixture = try HookFixture(seedRemote: { seed in
            try seed.git(["branch", "release/1.0"])
            try seed.write("src/lib.c", "int x;\n")
            try seed.commitAll("lib")
        })
        let push: ProcessResult
        switch kind {
        case "delete":
            push = try fixture.git(["push", "origin", ":release/1.0"])
        case "force":
            try fixture.work.git(["reset", "-q", "--hard", "HEAD~1"])
            try fixture.work.write("other.txt", "rewritten\n")
            try fixture.commitAll("rewrite")
            push = try fixture.git(["push", "--force", "origin", "main"])
        default:
            try fixture.work.write("docs/readme.txt", "more\n")
            try fixture.commitAll("direct")
            push = try fixture.git(["push", "origin", "main"])
        }
        #expect(push.status != 0)
        let headline = push.stdout.split(separator: "\n").first { $0.contains("\(ref) \(operation)") }
        #expect(headline != nil, "\(push.stdout)\(push.stderr)")
        #expect(push.stdout.contains("refs.protected-"), "\(push.stdout)")
        let line = try #require(HookFixture.refLine(ref, in: push.stdout))
        #expect(line.contains(verdict), "\(line)")
    }

    @Test("a URL as the remote name is a normal push")
    func urlAsRemote() throws {
        let fixture = try HookFixture()
        try fixture.work.write("notes.txt", "n\n")
        try fixture.commitAll("notes")
        let push = try fixture.git(["push", "file://\(fixture.remote.path)", "HEAD:refs/heads/notes"])
        #expect(push.status == 0, "\(push.stdout)\(push.stderr)")
        let line = try #require(HookFixture.refLine("refs/heads/notes", in: push.stdout), "\(push.stdout)")
        #expect(line.contains("1 new commit judged"))
    }
}
