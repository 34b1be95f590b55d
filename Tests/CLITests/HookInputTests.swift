import Foundation
import TestSupport
import Testing

@Suite("pre-push input that is not a ref update")
struct HookInputTests {
    static let zero = String(repeating: "0", count: 40)
    static let some = String(repeating: "a", count: 40)

    @Test(
        "garbage on stdin exits 2 with a sentence naming the line",
        arguments: [
            ("short line\n", "2 space-separated fields"),
            ("refs/heads/main xyz refs/heads/main \(some)\n", "'xyz' is not an object id"),
            ("refs/heads/main \(some) main \(zero)\n", "not a full ref name"),
            ("a \(zero) refs/heads/x \(zero)\n", "both object ids are zero"),
            ("one two three four\n", "'two' is not an object id"),
            ("refs/heads/main \(some) refs/heads/main \(some) extra\n", "5 space-separated fields"),
        ])
    func garbage(input: String, expected: String) throws {
        let repo = try ScratchRepository()
        try repo.commitAll("initial")
        let run = try GateBinary.run(["hook", "pre-push", "origin", "origin"], in: repo.url, input: input)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(run.stderr.contains("<stdin>:1:"), "\(run.stderr)")
    }

    @Test("an empty push (nothing on stdin) passes")
    func emptyInput() throws {
        let repo = try ScratchRepository()
        try repo.commitAll("initial")
        let run = try GateBinary.run(["hook", "pre-push", "origin", "origin"], in: repo.url, input: "")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
