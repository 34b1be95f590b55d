/// The bundled packs as Swift values, generated from their YAML (CompiledBundle+Packs.swift, written by
/// scripts/generate-bundled-policies), so a run under a bundled pack parses no YAML, compiles no glob and hashes no
/// rule: on a small change that work was most of a hook's time. CompiledBundleTests checks that the values are
/// what the YAML compiles to, digests included.
enum CompiledBundle {
    /// The compiled form of the pack read from `text` at `source`, when that text is exactly a bundled pack's.
    static func pack(text: String, source: String) throws -> PolicyPack? {
        let prefix = PolicyCatalog.bundledSource + ":"
        guard source.hasPrefix(prefix) else { return nil }
        let id = String(source.dropFirst(prefix.count))
        guard BundledPacks.policies[id] == text else { return nil }
        return try compiledPack(id)
    }
}

extension Glob {
    /// A glob compiled at build time from `pattern`; only the generated bundle calls it.
    init(compiled pattern: String, isCaseInsensitive: Bool, segments: [Segment], lastSegment: LastSegment) {
        self.pattern = pattern
        self.isCaseInsensitive = isCaseInsensitive
        self.segments = segments
        self.lastSegment = lastSegment
    }
}

extension CharacterClass {
    /// A bracket expression parsed at build time; only the generated bundle calls it.
    init(ranges: [ClosedRange<UInt32>], named: UInt16, isNegated: Bool) {
        self.ranges = ranges
        self.named = named
        self.isNegated = isNegated
    }
}
