import CavraModel
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

@Suite("globs read as git reads them")
struct GitGlobSyntaxTests {
    @Test(
        "POSIX classes, escapes in brackets and ranges git accepts",
        arguments: [
            ("**/backup-[[:digit:]][[:digit:]].sql", "db/backup-07.sql", true),
            ("**/backup-[[:digit:]][[:digit:]].sql", "db/backup-7a.sql", false),
            ("[[:upper:]]*.md", "README.md", true),
            ("[[:upper:]]*.md", "readme.md", false),
            ("**/[[:alpha:][:digit:]_]*.env", "x/_a.env", true),
            ("**/[![:alnum:]]*", "x/.hidden", true),
            ("**/[![:alnum:]]*", "x/visible", false),
            ("[[:space:]]x", " x", true),
            ("[\\]]", "]", true),
            ("[\\]]", "\\", false),
            ("[\\\\]x", "\\x", true),
            ("[A-\\\\]", "G", true),
            ("[A-\\\\]", "\\", true),
            ("[A-\\\\]", "a", false),
            ("[\\1-\\3]", "2", true),
            ("[[:digit]ab]", "[ab]", true),
            ("[]-a]", "^", true),
        ])
    func gitSyntax(pattern: String, path: String, expected: Bool) throws {
        #expect(try Glob(pattern).matches(path) == expected, "\(pattern) vs \(path)")
    }

    @Test(
        "a class git does not know is refused, not silently never matched",
        arguments: ["[[:digits:]]", "[[::]]", "[[:Upper:]]"])
    func unknownClass(pattern: String) {
        #expect(throws: Glob.SyntaxError.self) { try Glob(pattern) }
    }

    @Test(
        "case-insensitive globs fold ASCII letters on both sides, classes and ranges included",
        arguments: [
            ("**/.env", ".ENV", true),
            ("**/*.pem", "keys/server.PEM", true),
            ("**/id_rsa", ".ssh/ID_RSA", true),
            (".vscode/**", ".VSCode/tasks.json", true),
            ("**/[a-c].txt", "B.TXT", true),
            ("**/[A-C].txt", "b.txt", true),
            ("**/[[:lower:]].txt", "Q.txt", true),
            ("**/.env", ".envy", false),
            ("**/é.txt", "É.txt", false),
        ])
    func caseInsensitive(pattern: String, path: String, expected: Bool) throws {
        #expect(try Glob(pattern, caseInsensitive: true).matches(path) == expected, "\(pattern) vs \(path)")
        if path != path.lowercased() && !pattern.contains("[") {
            #expect(try !Glob(pattern).matches(path), "case-sensitive \(pattern) vs \(path)")
        }
    }

    @Test("wildcards step over a byte that is not UTF-8 as one character, and over a whole character otherwise")
    func nonUTF8Bytes() throws {
        let latin1 = GitPath(bytes: Array("caf".utf8) + [0xE9] + Array("/.env".utf8))
        #expect(try Glob("caf?/.env").matches(latin1))
        #expect(try Glob("*/.env").matches(latin1))
        #expect(try Glob("caf[!e]/*").matches(latin1))
        #expect(try !Glob("caf[é]/*").matches(latin1))
        #expect(try !Glob("café/.env").matches(latin1))
        #expect(try Glob("caf?/.env").matches("café/.env"))
        // A truncated sequence at the end of a name is one character per byte, never read past the name.
        let truncated = GitPath(bytes: Array("x".utf8) + [0xE2, 0x82] + Array("/y".utf8))
        #expect(try Glob("x??/y").matches(truncated))
        #expect(try !Glob("x?/y").matches(truncated))
    }
}
