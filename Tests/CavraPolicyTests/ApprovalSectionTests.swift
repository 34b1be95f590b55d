import CavraPolicy
import Foundation
import Testing

@Suite("The approvals section of a pack and break_glass rules")
struct ApprovalSectionTests {
    static func pack(_ id: String, extends parents: [String] = [], approvals: String?, rules: String = "[]")
        -> String
    {
        "metadata: {id: \(id), title: T, extends: [\(parents.joined(separator: ", "))]}\nrules: \(rules)\n"
            + (approvals.map { "approvals: \($0)\n" } ?? "")
    }

    static let deny = "[{id: a.deny, match: {paths: [\"x/**\"]}, decision: deny, break_glass: true}]"

    func load(_ packs: [(String, String)]) throws -> Policy { try PackFolder.load(packs) }

    @Test("break_glass, max_duration and required counts are read; nothing said means no break-glass and one approver")
    func reads() throws {
        let policy = try load([
            (
                "p",
                Self.pack(
                    "p",
                    approvals: "{break_glass: {allowed: true, max_duration: 2h}, groups: {release: {required: 2}}}",
                    rules: Self.deny)
            )
        ])
        #expect(policy.approvals.breakGlassDuration == 7200)
        #expect(policy.approvals.required(for: "release") == 2)
        #expect(policy.approvals.required(for: "docs") == 1)
        #expect(policy.rules.first { $0.id == "a.deny" }?.isBreakGlass == true)
        let plain = try load([("p", Self.pack("p", approvals: nil))])
        #expect(plain.approvals.breakGlassDuration == nil)
        let defaulted = try load([("p", Self.pack("p", approvals: "{break_glass: {allowed: true}}"))])
        #expect(defaulted.approvals.breakGlassDuration == 86_400)
    }

    @Test(
        "malformed sections and break_glass on a rule that does not deny are refused",
        arguments: [
            Self.pack("p", approvals: "{break_glass: {max_duration: 2h}}"),
            Self.pack("p", approvals: "{break_glass: {allowed: yes}}"),
            Self.pack("p", approvals: "{break_glass: {allowed: true, max_duration: 2 hours}}"),
            Self.pack("p", approvals: "{break_glass: {allowed: true, max_duration: 0h}}"),
            Self.pack("p", approvals: "{groups: {release: {required: 0}}}"),
            Self.pack("p", approvals: "{groups: {release: {required: two}}}"),
            Self.pack("p", approvals: "{groups: {release: {count: 2}}}"),
            Self.pack("p", approvals: "{emergency: true}"),
            Self.pack(
                "p", approvals: nil,
                rules: "[{id: a, match: {paths: [\"x\"]}, decision: require_approval, break_glass: true}]"),
        ])
    func refusesMalformed(text: String) throws {
        #expect(throws: PolicyError.self) { try load([("p", text)]) }
    }

    @Test("a child may tighten: disallow, shorten, raise the count")
    func childTightens() throws {
        let parent = Self.pack(
            "org", approvals: "{break_glass: {allowed: true, max_duration: 24h}, groups: {release: {required: 2}}}")
        let shorter = try load([
            ("org", parent),
            (
                "app",
                Self.pack(
                    "app", extends: ["org"],
                    approvals: "{break_glass: {allowed: true, max_duration: 1h}, groups: {release: {required: 3}}}")
            ),
        ])
        #expect(shorter.approvals.breakGlassDuration == 3600)
        #expect(shorter.approvals.required(for: "release") == 3)
        let off = try load([
            ("org", parent), ("app", Self.pack("app", extends: ["org"], approvals: "{break_glass: {allowed: false}}")),
        ])
        #expect(off.approvals.breakGlassDuration == nil)
        #expect(off.approvals.required(for: "release") == 2)
    }

    @Test(
        "a child may never loosen: allow what a parent forbids, lengthen the duration, lower the count",
        arguments: [
            ("{break_glass: {allowed: false}}", "{break_glass: {allowed: true}}"),
            ("{break_glass: {allowed: true, max_duration: 1h}}", "{break_glass: {allowed: true, max_duration: 2h}}"),
            ("{groups: {release: {required: 2}}}", "{groups: {release: {required: 1}}}"),
        ])
    func childCannotLoosen(parent: String, child: String) throws {
        #expect(throws: PolicyError.self) {
            try load([
                ("org", Self.pack("org", approvals: parent)),
                ("app", Self.pack("app", extends: ["org"], approvals: child)),
            ])
        }
    }

    @Test("a child may not mark a parent's fixed denial break_glass: true")
    func childCannotMarkParentDenial() throws {
        let parentRules = "[{id: a.deny, match: {paths: [\"x/**\"]}, decision: deny}]"
        let childRules = "[{id: a.deny, match: {paths: [\"x/**\"]}, decision: deny, break_glass: true, override: true}]"
        #expect(throws: PolicyError.self) {
            try load([
                ("org", Self.pack("org", approvals: nil, rules: parentRules)),
                ("app", Self.pack("app", extends: ["org"], approvals: nil, rules: childRules)),
            ])
        }
    }

    @Test("the digest covers the section and break_glass only when declared")
    func digests() throws {
        let plain = try load([("p", Self.pack("p", approvals: nil))])
        #expect(!plain.canonicalJSON.contains("approvals") && !plain.canonicalJSON.contains("break_glass"))
        let declared = try load([("p", Self.pack("p", approvals: "{break_glass: {allowed: true}}"))])
        #expect(
            declared.canonicalJSON.contains("\"approvals\":{\"break_glass\":{\"allowed\":true,\"max_duration\":86400}"))
        #expect(declared.digest != plain.digest)
        let marked = try load([("p", Self.pack("p", approvals: nil, rules: Self.deny))])
        let unmarked = try load([
            (
                "p",
                Self.pack(
                    "p", approvals: nil, rules: Self.deny.replacingOccurrences(of: ", break_glass: true", with: ""))
            )
        ])
        #expect(marked.canonicalJSON.contains("\"break_glass\":true"))
        #expect(marked.digest != unmarked.digest)
    }
}
