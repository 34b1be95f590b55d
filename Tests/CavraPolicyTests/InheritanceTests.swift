import CavraModel
import CavraPolicy
import Testing

@Suite("Inheritance")
struct InheritanceTests {
    static func pack(_ id: String, extends parents: [String] = [], rules: [String] = []) -> String {
        "metadata: {id: \(id), title: T, extends: [\(parents.joined(separator: ", "))]}\nrules:\n"
            + (rules.isEmpty ? "  []\n" : rules.map { "  - \($0)\n" }.joined())
    }

    @Test("three levels deep: the grandchild holds every ancestor's rules, parents listed first")
    func threeLevels() throws {
        let folder = try PackFolder()
        defer { folder.remove() }
        try folder.write(
            "org", Self.pack("org", rules: ["{id: org.keys, match: {paths: [\"**/*.key\"]}, decision: deny}"]))
        try folder.write(
            "team",
            Self.pack(
                "team", extends: ["org"],
                rules: ["{id: team.infra, match: {paths: [\"infra/**\"]}, decision: require_approval}"]))
        let file = try folder.write(
            "app",
            Self.pack(
                "app", extends: ["team"], rules: ["{id: app.docs, match: {paths: [\"docs/**\"]}, decision: allow}"]))
        let policy = try PolicyLoader(catalog: PolicyCatalog(searchDirectories: [folder.directory])).load(file)
        #expect(policy.rules.map(\.id) == ["app.docs", "org.keys", "team.infra"])
        #expect(policy.packFiles.map(\.id) == ["org", "team", "app"])
        #expect(policy.decide(DecisionTests.change("a/b.key"))?.ruleID == "org.keys")
        #expect(policy.decide(DecisionTests.change("infra/x.tf"))?.ruleID == "team.infra")
        #expect(policy.packFiles.last?.closureDigest == policy.digest)
        #expect(policy.packFiles[0].closureDigest != policy.digest)
    }

    @Test("a diamond loads its top once, and both sides may add to it")
    func diamond() throws {
        let folder = try PackFolder()
        defer { folder.remove() }
        try folder.write("top", Self.pack("top", rules: ["{id: top.rule, match: {paths: [x]}, decision: deny}"]))
        try folder.write(
            "left", Self.pack("left", extends: ["top"], rules: ["{id: left.rule, match: {paths: [l]}, decision: deny}"])
        )
        try folder.write(
            "right",
            Self.pack("right", extends: ["top"], rules: ["{id: right.rule, match: {paths: [r]}, decision: deny}"]))
        let file = try folder.write("bottom", Self.pack("bottom", extends: ["left", "right"]))
        let policy = try PolicyLoader(catalog: PolicyCatalog(searchDirectories: [folder.directory])).load(file)
        #expect(policy.packFiles.map(\.id) == ["top", "left", "right", "bottom"])
        #expect(policy.rules.map(\.id) == ["left.rule", "right.rule", "top.rule"])
    }

    @Test("a cycle of three names every pack in it")
    func cycle() throws {
        let folder = try PackFolder()
        defer { folder.remove() }
        try folder.write("a", Self.pack("a", extends: ["b"]))
        try folder.write("b", Self.pack("b", extends: ["c"]))
        try folder.write("c", Self.pack("c", extends: ["a"]))
        #expect {
            try PolicyLoader(catalog: PolicyCatalog(searchDirectories: [folder.directory])).load("a")
        } throws: { error in
            (error as? PolicyError)?.message.contains("a -> b -> c -> a") == true
        }
    }

    @Test("a child replaces a parent's rule only with override, and weakens a deny only where the parent allows it")
    func overrides() throws {
        let folder = try PackFolder()
        defer { folder.remove() }
        try folder.write(
            "parent",
            Self.pack(
                "parent",
                rules: [
                    "{id: fixed, match: {paths: [a]}, decision: deny}",
                    "{id: soft, match: {paths: [b]}, decision: deny, overridable: true}",
                ]))
        let loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: [folder.directory]))
        func load(_ rule: String) throws -> Policy {
            try loader.load(yaml: Self.pack("child", extends: ["parent"], rules: [rule]), sourceName: "child.yaml")
        }
        #expect(throws: PolicyError.self) { try load("{id: fixed, match: {paths: [a]}, decision: deny}") }
        #expect(throws: PolicyError.self) {
            try load("{id: fixed, match: {paths: [a]}, decision: allow, override: true}")
        }
        #expect(throws: PolicyError.self) {
            try load("{id: fresh, match: {paths: [a]}, decision: deny, override: true}")
        }
        let softened = try load("{id: soft, match: {paths: [b]}, decision: require_approval, override: true}")
        #expect(softened.decide(DecisionTests.change("b"))?.decision == .requireApproval)
        let widened = try load("{id: fixed, match: {paths: [a, c]}, decision: deny, override: true}")
        #expect(widened.decide(DecisionTests.change("c"))?.ruleID == "fixed")
    }
}
