import CavraPolicy
import Foundation
import TestSupport
import Testing

/// A sample of patterns held against git itself: `git ls-files -- ':(glob)PATTERN'` (and `:(glob,icase)` for
/// case-insensitive rules) over a scratch repository. Every sample pattern has a wildcard: a literal pathspec also
/// takes every file below the folder it names, which a glob does not.
@Suite("globs against git ls-files")
struct GlobGitOracleTests {
    static let files = [
        "README.md", "Makefile", "src/main.c", "src/lib/util.c", "src/Main.C", "keys/server.pem", "keys/SERVER.PEM",
        "docs/alpha.md", "docs/zeta.md", "docs/Zeta.md", "01-intro.txt", "notes/42.txt", "notes/x42.txt", "a]b",
        "a-b", "aab", ".env", "cfg/.env.prod", "cfg/.ENV", "foo/bar/baz", "x/bar/y/z", "foo/x", "fao/y", "G", "Hello",
        "[ab]", "back\\slash", "tab\there", "deep/a/b/c/d.pem",
    ]

    static let patterns = [
        "**/*.pem", "src/*.c", "src/**/*.c", "[[:upper:]]*.md", "**/[[:digit:]][[:digit:]]*.txt", "a[]-]b", "a[!]-]b",
        "docs/[!a-m]*", "**/.env", "**/.env.*", "*/bar/**", "f?o/*", "[A-\\\\]*", "[[:alpha:]][[:lower:]]*",
        "**/[[:punct:]]env*", "back[\\\\]slash", "tab[[:space:]]here", "[[:xdigit:]][[:digit:]]-*", "deep/**/d.pem",
        "**/*[[:upper:]]*", "[[]ab]", "*\\]b",
    ]

    @Test("case-sensitive and case-insensitive globs list what git lists", arguments: [false, true])
    func sameAsGit(caseInsensitive: Bool) throws {
        let repo = try ScratchRepository()
        for file in Self.files { try repo.write(file, "x\n") }
        try repo.git(["add", "-A"])
        let magic = caseInsensitive ? ":(glob,icase)" : ":(glob)"
        for pattern in Self.patterns {
            let listed = try repo.git(["ls-files", "-z", "--", magic + pattern]).split(separator: "\0").map(String.init)
            let glob = try Glob("/" + pattern, caseInsensitive: caseInsensitive)
            let matched = Self.files.filter { glob.matches($0) }
            #expect(Set(matched) == Set(listed), "\(magic)\(pattern)")
        }
    }
}
