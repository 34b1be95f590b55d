/// Values placed in a URL: a query parameter, or one path segment (a GitLab project path, an Azure project name).
public enum PercentEncoding {
    /// The text with everything but RFC 3986's unreserved characters percent-encoded, so a value stays one query
    /// parameter or one path segment.
    public static func encoded(_ value: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            if unreserved.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
