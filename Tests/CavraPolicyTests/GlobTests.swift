import CavraPolicy
import Testing

@Suite("gitignore-style globs")
struct GlobTests {
    @Test(
        "matches",
        arguments: [
            ("**/*.pem", "server.pem", true),
            ("**/*.pem", "a/b/c/server.pem", true),
            ("*.pem", "deep/down/server.pem", true),
            (".env", "config/.env", true),
            ("/.env", "config/.env", false),
            ("/.env", ".env", true),
            ("src/*.c", "src/main.c", true),
            ("src/*.c", "src/lib/main.c", false),
            ("src/**/*.c", "src/main.c", true),
            ("src/**/*.c", "src/a/b/main.c", true),
            (".github/workflows/**", ".github/workflows/ci.yml", true),
            (".github/workflows/**", ".github/workflows", false),
            (".github/workflows/", ".github/workflows/a/b.yml", true),
            ("**/.env.*", "x/.env.prod", true),
            ("f?o.txt", "foo.txt", true),
            ("f?o.txt", "fo.txt", false),
            ("f?o.txt", "f/o.txt", false),
            ("[abc].txt", "b.txt", true),
            ("[abc].txt", "d.txt", false),
            ("[a-c]x", "bx", true),
            ("[!a-c]x", "bx", false),
            ("[!a-c]x", "dx", true),
            ("\\*.txt", "*.txt", true),
            ("\\*.txt", "a.txt", false),
            ("a/**/b", "a/b", true),
            ("a/**/b", "a/x/y/b", true),
            ("**", "anything/at/all", true),
            ("Jenkinsfile", "ci/Jenkinsfile", true),
            ("docs/*", "docs/a/b.md", false),
            ("*", "a/b", true),
            ("*.PEM", "x.pem", false),
        ])
    func matching(pattern: String, path: String, expected: Bool) throws {
        #expect(try Glob(pattern).matches(path) == expected, "\(pattern) vs \(path)")
    }

    @Test(
        "rejects patterns that cannot mean anything sensible",
        arguments: ["", "../secrets", "a/../b", "./x", "a//b", "[abc", "x\\", "[z-a]"])
    func invalid(pattern: String) {
        #expect(throws: Glob.SyntaxError.self) { try Glob(pattern) }
    }
}
