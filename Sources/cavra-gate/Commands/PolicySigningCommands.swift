import ArgumentParser
import CavraPolicy
import CavraTrust
import Foundation

extension CavraGate.PolicyCommand {
    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign a pack file: writes <pack>.sig.json over its bytes and its compiled inheritance closure.")
        @Argument(help: "The pack file to sign.")
        var pack: String
        @Option(help: "The signing key: an Ed25519 private key PEM, or an HMAC secret (policy keygen).")
        var key: String
        @Option(name: .customLong("key-id"), help: "The key's name, recorded in the signature.")
        var keyID: String
        @Option(help: "Who signs, recorded in the signature.")
        var signer: String
        @OptionGroup var policy: PolicyOptions

        func run() throws {
            let loaded = try loader(policy).load(pack)
            guard let file = loaded.packFiles.last, !file.isBundled else {
                throw ValidationError(
                    "\(pack) is a bundled pack, which is trusted as part of the binary; sign a pack file")
            }
            let signature = try PolicySignature.sign(
                loaded, key: SigningKey(pemFile: key), keyID: keyID, signer: signer)
            try write(signature.json, to: file.signaturePath)
            print("signed \(file.source) -> \(file.signaturePath) (\(signature.algorithm), \(signature.digest))")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify the signatures of a pack and of every pack file it extends; exit 2 if any fails.",
            discussion: "The trusted keys decide the algorithm; bundled parents are trusted as part of the binary.")
        @Argument(help: "The pack to verify.")
        var pack: String
        @Option(name: .customLong("trusted-key"), help: "An Ed25519 public key PEM or an HMAC secret; repeatable.")
        var trustedKeys: [String] = []
        @OptionGroup var policy: PolicyOptions

        func run() throws {
            let loaded = try loader(policy).load(pack)
            let verified = try PolicyVerifier.verify(loaded, trustedKeys: trustedKeys.map(TrustedKey.init(file:)))
            for pack in verified {
                let how = pack.signature.map {
                    "signed by \($0.signer) with \($0.keyID) (\($0.algorithm)) at \($0.signedAt)"
                }
                print("\(pack.packID): \(how ?? "bundled, trusted with the binary")")
            }
            print("\(pack): verified (\(loaded.digest))")
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract:
                "Create an Ed25519 key pair (<id>.private.pem, <id>.public.pem) or an HMAC secret (<id>.hmac.pem).")
        @Option(help: "The folder to write the keys to.")
        var output: String = "."
        @Option(name: .customLong("key-id"), help: "The key's name, used for the file names.")
        var keyID: String
        @Flag(help: "Create a shared HMAC-SHA256 secret instead of a key pair.")
        var hmac = false

        func run() throws {
            let base = URL(fileURLWithPath: output).appendingPathComponent(keyID).path
            if hmac {
                try write(SigningKey.generateHMAC(), to: base + ".hmac.pem", secret: true)
                print("wrote \(base).hmac.pem (keep it secret; verifiers need the same file)")
                return
            }
            let pair = SigningKey.generateEd25519()
            try write(pair.privatePEM, to: base + ".private.pem", secret: true)
            try write(pair.publicPEM, to: base + ".public.pem")
            print("wrote \(base).private.pem and \(base).public.pem")
        }
    }
}

/// Secrets are created readable by their owner only.
private func write(_ text: String, to path: String, secret: Bool = false) throws {
    let attributes: [FileAttributeKey: Any]? = secret ? [.posixPermissions: 0o600] : nil
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: attributes) else {
        throw ValidationError("cannot write \(path); check that the folder exists and is writable")
    }
}
