import CavraModel
import Foundation
import Testing

@testable import CavraPolicy

/// Policies look path rules up by the keys their globs need; these cases hold the lookup to the plain rule:
/// of every rule whose globs match, the strongest wins.
@Suite("Path rule index")
struct PathRuleIndexTests {
    static let rules = [
        "  - {id: a.name, match: {paths: [\"**/id_rsa\"]}, decision: deny, severity: high}",
        "  - {id: b.extension, match: {paths: [\"**/*.pem\"], exclude: [\"**/test/**\"]}, decision: deny}",
        "  - {id: c.folder, match: {paths: [\"**/prod/**\"], exclude: [\"**/*.md\"]}, decision: require_approval}",
        "  - {id: d.anchored, match: {paths: [\".github/workflows/**\"]}, decision: require_approval, severity: high}",
        "  - {id: e.prefix, match: {paths: [\"**/.env.*\"], changes: [added]}, decision: deny, severity: critical}",
        "  - {id: f.everything, match: {paths: [\"**\"], changes: [deleted]}, decision: require_approval, severity: low}",
        "  - {id: g.middle, match: {paths: [\"**/*secret*.yaml\", \"Makefile\"]}, decision: require_approval}",
        "  - {id: h.allow, match: {paths: [\"docs/**\"]}, decision: allow, severity: critical}",
        "  - {id: i.mode, match: {paths: [\"**/*.sh\"], changes: [mode]}, decision: require_approval, severity: high}",
        "  - {id: j.any-case-name, case: insensitive, match: {paths: [\"**/ID_DSA\", \"**/.Npmrc\"]}, decision: deny}",
        "  - {id: k.any-case-folder, case: insensitive, match: {paths: [\".VSCode/**\"], exclude: [\"**/*.MD\"]}, decision: deny}",
        "  - {id: l.any-case-extension, case: insensitive, match: {paths: [\"**/*.Key\"]}, decision: deny, severity: low}",
    ]

    static func policy() throws -> Policy {
        try PolicyLoader(catalog: PolicyCatalog()).load(
            yaml: "metadata: {id: p, title: P}\nrules:\n" + rules.joined(separator: "\n") + "\n", sourceName: "p.yaml")
    }

    static func change(_ path: String, _ status: ChangeStatus = .added, from oldPath: String? = nil) -> Change {
        Change(
            status: status, path: GitPath(path), oldPath: oldPath.map { GitPath($0) },
            oldMode: status == .added ? .absent : .regular,
            newMode: status == .deleted ? .absent : .regular)
    }

    @Test(
        "picks the strongest matching rule whichever key finds it",
        arguments: [
            ("id_rsa", "a.name"),
            ("keys/id_rsa", "a.name"),
            ("keys/id_rsa.pub", nil),
            ("server.pem", "b.extension"),
            ("a/b/server.pem", "b.extension"),
            ("a/test/server.pem", nil),
            ("server.PEM", nil),
            ("pem", nil),
            ("prod/app.yaml", "c.folder"),
            ("deploy/prod/x/app.yaml", "c.folder"),
            ("prod/README.md", nil),
            ("prod", nil),
            ("deploy/prod/server.pem", "b.extension"),
            (".github/workflows/ci.yml", "d.anchored"),
            ("sub/.github/workflows/ci.yml", nil),
            (".github/workflows", nil),
            ("config/.env.prod", "e.prefix"),
            (".env.", "e.prefix"),
            (".env", nil),
            ("k8s/db-secret-v2.yaml", "g.middle"),
            ("k8s/secret.yaml", "g.middle"),
            ("k8s/secret.yml", nil),
            ("Makefile", "g.middle"),
            ("src/Makefile", "g.middle"),
            ("docs/guide.txt", "h.allow"),
            ("docs/prod/guide.txt", "c.folder"),
            ("docs/server.pem", "b.extension"),
            ("src/main.swift", nil),
            ("id_dsa", "j.any-case-name"),
            ("home/.ssh/Id_Dsa", "j.any-case-name"),
            (".NPMRC", "j.any-case-name"),
            ("id_dsa.pub", nil),
            (".vscode/tasks.json", "k.any-case-folder"),
            (".VSCODE/launch.json", "k.any-case-folder"),
            (".VSCode/README.md", nil),
            ("sub/.vscode/tasks.json", nil),
            ("tls/server.KEY", "l.any-case-extension"),
            ("tls/server.key", "l.any-case-extension"),
            ("tls/server.keys", nil),
        ] as [(String, String?)])
    func strongestRule(path: String, expected: String?) throws {
        #expect(try Self.policy().decide(.path(Self.change(path)))?.ruleID == expected, "\(path)")
    }

    @Test("change kinds, mode changes and both sides of a rename still count")
    func kindsAndRenames() throws {
        let policy = try Self.policy()
        #expect(policy.decide(.path(Self.change("x/.env.local", .modified)))?.ruleID == nil)
        #expect(policy.decide(.path(Self.change("src/main.swift", .deleted)))?.ruleID == "f.everything")
        #expect(policy.decide(.path(Self.change("server.pem", .deleted)))?.ruleID == "b.extension")
        let chmod = Change(status: .modified, path: "run.sh", oldMode: .regular, newMode: .executable)
        #expect(policy.decide(.path(chmod))?.ruleID == "i.mode")
        #expect(policy.decide(.path(Self.change("run.sh", .modified)))?.ruleID == nil)
        #expect(policy.decide(.path(Self.change("notes.txt", .renamed, from: "keys/id_rsa")))?.ruleID == "a.name")
        #expect(policy.decide(.path(Self.change("prod/a.yaml", .renamed, from: "id_rsa")))?.ruleID == "a.name")
        #expect(policy.decide(.path(Self.change("b.txt", .renamed, from: "a.txt")))?.ruleID == nil)
    }

    @Test("every bundled pack decides as trying every rule on every path would")
    func bundledPacksAgreeWithScan() throws {
        let loader = PolicyLoader(catalog: PolicyCatalog())
        for id in PolicyCatalog.bundledIDs {
            let policy = try loader.load(id)
            let paths = Self.samplePaths(for: policy)
            for (offset, path) in paths.enumerated() {
                let changes = [
                    Self.change(path), Self.change(path, .deleted),
                    Self.change(path, .renamed, from: paths[(offset * 7) % paths.count]),
                    Change(status: .modified, path: GitPath(path), oldMode: .regular, newMode: .executable),
                ]
                for change in changes {
                    let indexed = policy.pathRules.strongest(for: change).map { policy.rules[$0].id }
                    #expect(indexed == Self.scan(policy, change)?.id, "\(id): \(change)")
                }
            }
        }
    }

    /// The strongest rule by trying every path rule of the policy, the decision order written out plainly.
    static func scan(_ policy: Policy, _ change: Change) -> PolicyRule? {
        var words = [change.status.policyWord]
        if change.changesMode { words.append("mode") }
        let paths = change.judgedPaths.map { PathComponents($0) }
        var best: PolicyRule?
        for rule in policy.rules {
            guard case .paths(let include, let exclude, let changes) = rule.match else { continue }
            guard changes.map({ !$0.isDisjoint(with: words) }) ?? true else { continue }
            let matched = paths.contains { path in
                include.contains { $0.matches(path) } && !exclude.contains { $0.matches(path) }
            }
            if matched, best.map({ PolicyRule.isStronger(rule, than: $0) }) ?? true { best = rule }
        }
        return best
    }

    /// Paths that each of the policy's patterns matches or nearly matches: wildcards filled in, folders added
    /// in front and after, so every kind of key and every exclude is exercised.
    static func samplePaths(for policy: Policy) -> [String] {
        let patterns = policy.rules.flatMap { rule -> [String] in
            guard case .paths(let include, let exclude, _) = rule.match else { return [] }
            return (include + exclude).map(\.pattern)
        }
        var paths: Set<String> = ["README.md", "src/main.swift", "a/b/c.txt", "noextension", ".hidden"]
        for pattern in patterns {
            for (depth, filler) in [("", ""), ("x/y/", "secret")] {
                let path = pattern.replacingOccurrences(of: "**/", with: depth)
                    .replacingOccurrences(of: "/**", with: "/" + depth + "f.txt")
                    .replacingOccurrences(of: "*", with: filler)
                    .replacingOccurrences(of: "?", with: "q")
                paths.formUnion([
                    path, "nested/" + path, path + ".bak", path.uppercased(), "Nested/" + path.capitalized,
                ])
            }
        }
        return paths.filter { !$0.isEmpty && !$0.contains("[") && !$0.hasPrefix("/") }.sorted()
    }
}
