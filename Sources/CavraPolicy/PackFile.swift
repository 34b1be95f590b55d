/// One pack of a policy's inheritance closure as it was read: what a signature covers.
public struct PackFile: Sendable {
    public let id: String
    /// The file it was read from, `bundled:<id>`, or the name given with text (`<revision>:.cavra/policy.yaml`).
    public let source: String
    /// The exact text that was parsed.
    public let text: String
    /// The digest of this pack's own closure compiled on its own (the root's equals the policy's digest).
    public let closureDigest: String

    /// Bundled packs are part of the binary, so they are trusted as far as the binary is.
    public var isBundled: Bool { source.hasPrefix(PolicyCatalog.bundledSource + ":") }

    /// Where a signature of a pack file sits: beside it, with `.sig.json` appended.
    public var signaturePath: String { source + ".sig.json" }
}
