import CavraModel
import CavraTrust
import Foundation
import Testing

@testable import CavraPolicy

@Suite("The compiled bundle")
struct CompiledBundleTests {
    static let ids = PolicyCatalog.bundledIDs + [BuiltInRules.packID]

    static func source(_ id: String) -> String { "\(PolicyCatalog.bundledSource):\(id)" }

    static func yamlLoader() -> PolicyLoader {
        var loader = PolicyLoader(catalog: PolicyCatalog())
        loader.readsCompiledBundle = false
        return loader
    }

    /// The file as scripts/generate-bundled-policies would write it now, from the packs read the slow way.
    static func generated() throws -> String {
        let packs = try ids.map { try PolicyPack(yaml: BundledPacks.policies[$0]!, source: source($0)) }
        let loader = yamlLoader()
        let digests = try Dictionary(
            uniqueKeysWithValues: ids.map { id in
                (id, try loader.load(yaml: BundledPacks.policies[id]!, sourceName: source(id)).digest)
            })
        return CompiledBundleSource.file(packs: packs, closureDigests: digests)
    }

    @Test("CompiledBundle+Packs.swift is what the bundled YAML generates (CAVRA_WRITE_COMPILED_BUNDLE=1 rewrites it)")
    func fileIsCurrent() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/CavraPolicy/CompiledBundle+Packs.swift").standardized.path
        let expected = try Self.generated()
        if ProcessInfo.processInfo.environment["CAVRA_WRITE_COMPILED_BUNDLE"] == "1" {
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == expected, "CompiledBundle+Packs.swift is stale: run scripts/generate-bundled-policies")
    }

    @Test("each compiled pack is the pack its YAML reads as, field for field", arguments: ids)
    func packsEqualTheirYAML(id: String) throws {
        let fromYAML = try PolicyPack(yaml: BundledPacks.policies[id]!, source: Self.source(id))
        let compiled = try #require(try CompiledBundle.compiledPack(id))
        #expect(CompiledBundleSource.render(compiled) == CompiledBundleSource.render(fromYAML))
    }

    @Test("each bundled policy loads to the same rules, digest, pack files and notes either way", arguments: ids)
    func policiesEqualTheirYAML(id: String) throws {
        let fast = try PolicyLoader(catalog: PolicyCatalog()).load(
            yaml: BundledPacks.policies[id]!, sourceName: Self.source(id))
        let slow = try Self.yamlLoader().load(yaml: BundledPacks.policies[id]!, sourceName: Self.source(id))
        #expect(fast.digest == slow.digest)
        #expect(fast.digest == "sha256:" + Digest.sha256Hex(fast.canonicalJSON))
        #expect(fast.canonicalJSON == slow.canonicalJSON)
        #expect(fast.rules.map(CompiledBundleSource.render) == slow.rules.map(CompiledBundleSource.render))
        #expect(fast.packFiles.map(\.closureDigest) == slow.packFiles.map(\.closureDigest))
        #expect(fast.packFiles.map(\.text) == slow.packFiles.map(\.text))
        #expect(fast.notes == slow.notes)
        #expect(fast.info == slow.info)
        // A runner section the renderer did not write would be lost from the compiled pack.
        #expect(fast.runner == slow.runner)
    }

    @Test("text that is not exactly a bundled pack's is read from the text, whatever source it claims")
    func otherTextIsParsed() throws {
        let id = PolicyCatalog.bundledIDs[0]
        let edited = BundledPacks.policies[id]!.replacingOccurrences(of: "decision: deny", with: "decision: allow")
        let policy = try PolicyLoader(catalog: PolicyCatalog()).load(yaml: edited, sourceName: Self.source(id))
        let slow = try Self.yamlLoader().load(yaml: edited, sourceName: Self.source(id))
        #expect(policy.digest == slow.digest)
        #expect(policy.digest != (try PolicyLoader(catalog: PolicyCatalog()).load(id)).digest)
    }

    @Test("a child pack of one's own over a bundled parent gets the digest of its own closure")
    func childOfBundledParent() throws {
        let child = """
            metadata: {id: mine, title: Mine, extends: [cavra-ai-agent-baseline]}
            rules:
              - {id: mine.docs, match: {paths: ["docs/**"]}, decision: require_approval}
            """
        let fast = try PolicyLoader(catalog: PolicyCatalog()).load(yaml: child, sourceName: "mine.yaml")
        let slow = try Self.yamlLoader().load(yaml: child, sourceName: "mine.yaml")
        #expect(fast.digest == slow.digest)
        #expect(fast.packFiles.map(\.closureDigest) == slow.packFiles.map(\.closureDigest))
    }
}
