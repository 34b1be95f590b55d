import Foundation

/// How an attestation names the repository it is about: the origin remote as host and path
/// (`github.com/acme/app`), so the name is the same for every clone and carries no credentials; else the path.
public enum SubjectName {
    public static func of(remoteURL: String?, repositoryPath: String) -> String {
        guard let remoteURL, let name = hostAndPath(remoteURL) else { return repositoryPath }
        return name
    }

    /// `https://user:token@host/a/b.git`, `ssh://git@host:22/a/b` and `git@host:a/b.git` all give `host/a/b`;
    /// nil for a local path (a one-letter "host" is a Windows drive).
    static func hostAndPath(_ url: String) -> String? {
        var rest: Substring
        if let scheme = url.range(of: "://") {
            rest = url[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            var authority = rest[..<slash]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
            guard !authority.isEmpty else { return nil }
            rest = authority + rest[slash...]
        } else if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") {
            var host = url[..<colon]
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            guard host.count > 1 else { return nil }
            rest = host + "/" + url[url.index(after: colon)...]
        } else {
            return nil
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.hasSuffix(".git") { rest = rest.dropLast(4) }
        return String(rest)
    }
}
