import Crypto

/// SHA-256 digests as the gate spells them: lower-case hex, and `sha256:` + hex where a digest names content.
public enum Digest {
    public static let prefix = "sha256:"

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(text.utf8)
    }

    /// `sha256:` + hex of the UTF-8 bytes of `text`, the spelling of policy digests and key ids.
    public static func sha256(_ text: String) -> String {
        prefix + sha256Hex(text)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
