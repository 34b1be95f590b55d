/// The scheme and host of a request URL, read as strictly as libcurl reads it, so that the checks made before
/// any request judge the host libcurl would connect to.
struct HTTPTarget: Equatable {
    let scheme: String
    /// Lower-cased; an IPv6 address keeps its brackets.
    let host: String

    private static let loopbackHosts: Set<String> = ["127.0.0.1", "[::1]", "localhost"]

    var isLoopback: Bool { Self.loopbackHosts.contains(host) }

    /// Nil for anything but an absolute `http` or `https` URL of printable ASCII with a host and no user info:
    /// user info and backslashes are where URL parsers disagree about the host.
    init?(_ url: String) {
        let bytes = Array(url.utf8)
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return nil }
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            scheme = "https"
            rest = lower.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            scheme = "http"
            rest = lower.dropFirst(7)
        } else {
            return nil
        }
        let authority = rest.prefix { !"/?#".contains($0) }
        guard !authority.contains("@") else { return nil }
        let port: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[...close])
            port = authority[authority.index(after: close)...]
        } else if let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            port = authority[colon...]
        } else {
            host = String(authority)
            port = ""
        }
        guard host.count > (host.hasPrefix("[") ? 2 : 0) else { return nil }
        let digits = port.dropFirst()
        guard
            port.isEmpty || (port.hasPrefix(":") && !digits.isEmpty && digits.allSatisfy({ ("0"..."9").contains($0) }))
        else { return nil }
    }
}
