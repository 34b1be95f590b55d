import CavraModel
import CavraTrust
import Foundation

/// Checks that every pack file of a policy's inheritance closure carries a valid signature by a trusted key.
/// Bundled packs are exempt: they are compiled into the binary and trusted exactly as far as the binary is.
public enum PolicyVerifier {
    public struct Verified: Sendable {
        public let packID: String
        public let source: String
        /// Nil for a bundled pack, which needs no signature file.
        public let signature: PolicySignature?
    }

    /// Reads each pack file's signature from beside it on disk.
    public static func verify(_ policy: Policy, trustedKeys: [TrustedKey]) throws -> [Verified] {
        try verify(policy, trustedKeys: trustedKeys, signatureText: signatureOnDisk)
    }

    /// The text of `<pack>.sig.json` beside a pack file, or nil when there is none.
    public static func signatureOnDisk(_ pack: PackFile) throws -> String? {
        try DiskPolicyFiles().signatureText(of: pack)
    }

    /// `signatureText` returns the text of a pack's signature file, or nil when it has none (a policy read from
    /// a git revision reads the signature at that same revision).
    public static func verify(
        _ policy: Policy, trustedKeys: [TrustedKey], signatureText: (PackFile) throws -> String?
    ) throws -> [Verified] {
        guard !trustedKeys.isEmpty else {
            throw PolicyError("no trusted key was given; pass --trusted-key with a public key or HMAC secret")
        }
        return try policy.packFiles.map { pack in
            if pack.isBundled { return Verified(packID: pack.id, source: pack.source, signature: nil) }
            let location = SourceLocation(file: pack.signaturePath)
            guard let text = try signatureText(pack) else {
                let role = pack.id == policy.id ? "" : ", which \(policy.id) extends,"
                throw PolicyError(
                    "pack '\(pack.id)'\(role) is not signed, so the signature chain is broken; sign it with cavra-gate policy sign",
                    at: location)
            }
            let signature = try PolicySignature(json: text, source: location.file)
            try check(signature, of: pack, trustedKeys: trustedKeys, at: location)
            return Verified(packID: pack.id, source: pack.source, signature: signature)
        }
    }

    private static func check(
        _ signature: PolicySignature, of pack: PackFile, trustedKeys: [TrustedKey], at location: SourceLocation
    ) throws {
        let candidates = trustedKeys.filter { $0.algorithm.rawValue == signature.algorithm }
        guard !candidates.isEmpty else {
            let trusted = Set(trustedKeys.map(\.algorithm.rawValue)).sorted().joined(separator: ", ")
            throw PolicyError(
                "pack '\(pack.id)' is signed with '\(signature.algorithm)', but the trusted keys are \(trusted); sign it with a trusted key",
                at: location)
        }
        let packSHA256 = "sha256:" + Digest.sha256Hex(pack.text)
        guard signature.packSHA256 == packSHA256 else {
            throw PolicyError(
                "pack '\(pack.id)' (\(pack.source)) changed since it was signed (its bytes hash to \(packSHA256)); review the change and sign it again",
                at: location)
        }
        guard signature.digest == pack.closureDigest else {
            throw PolicyError(
                "the compiled policy of pack '\(pack.id)' is \(pack.closureDigest), but \(signature.digest) was signed: a pack it extends changed; review and sign again",
                at: location)
        }
        guard let bytes = Data(base64Encoded: signature.signature) else {
            throw PolicyError("the signature of pack '\(pack.id)' is not base64; sign the pack again", at: location)
        }
        let valid = candidates.contains { key in
            if let expected = key.publicKeySHA256, signature.publicKeySHA256 != expected { return false }
            return key.isValid(signature: Array(bytes), for: signature.signedMessage)
        }
        guard valid else {
            throw PolicyError(
                "the signature of pack '\(pack.id)' (key '\(signature.keyID)') does not verify with any trusted key; it was forged, altered or made with another key",
                at: location)
        }
    }
}
