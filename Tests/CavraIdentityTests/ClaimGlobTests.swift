import CavraPolicy
import Testing

@Suite("Claim patterns match whole values")
struct ClaimGlobTests {
    @Test(
        "* and ? stay in a segment, ** crosses, everything else is literal",
        arguments: [
            ("acme/app", "acme/app", true), ("acme/app", "acme/app-evil", false), ("acme/app", "x/acme/app", false),
            ("acme/*", "acme/app", true), ("acme/*", "acme/app/x", false), ("acme/**", "acme/app/x", true),
            ("refs/heads/release/*", "refs/heads/release/1.2", true), ("refs/heads/", "refs/heads/main", false),
            ("build-?", "build-é", true), ("build-?", "build-12", false), ("a\\*b", "a*b", true),
            ("a\\*b", "axb", false),
            ("*@refs/heads/main", "acme/x/.github/workflows/g.yml@refs/heads/main", false),
            ("**@refs/heads/main", "acme/x/.github/workflows/g.yml@refs/heads/main", true),
            ("https://gitlab.com", "https://gitlab.com", true), ("[ab]", "[ab]", true), ("[ab]", "a", false),
        ])
    func matching(pattern: String, value: String, expected: Bool) throws {
        #expect(try ClaimGlob(pattern).matches(value) == expected)
    }
}
