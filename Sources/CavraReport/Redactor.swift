import Foundation

/// Masks values that look like credentials before any text reaches a report. Findings never hold matched secret
/// values, but command lines are quoted as written, and people do put tokens in them (and in paths, refs and
/// messages). A value is masked for its shape (a GitHub token, an AWS key id, a JWT, a PEM private key), for the
/// name it is given (`DB_PASSWORD=…`, `--api-key …`, see `SecretName`), or for where a well-known program reads
/// a password (`curl -u user:pass`, `mysql -pPASS`). What says which secret it is stays readable.
public struct Redactor: Sendable {
    /// What replaces a masked value.
    public static let mask = "***"

    public init() {}

    /// The text with every credential-like value replaced by `***`.
    public func redact(_ text: String) -> String {
        // ASCII lower case, NUL-terminated for `strstr`; a NUL inside the text must not end the search early.
        let lowercased =
            text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : max($0, 1) } + [0]
        var redacted = text
        for rule in RedactionRule.all where rule.triggers.contains(where: { lowercased.contains($0) }) {
            redacted = rule.apply(to: redacted)
        }
        return redacted
    }
}

/// A pattern whose `secret` group is masked. Patterns only run on text holding one of their trigger words (in
/// lower case), which keeps redacting thousands of findings cheap.
struct RedactionRule: @unchecked Sendable {
    /// How a matched value is checked before it is masked.
    enum Check {
        /// Always masked: the value's shape is the evidence.
        case none
        /// Masked unless it is a shell or CI variable reference (`$TOKEN`, `"${{ secrets.X }}"`), which is not
        /// the secret itself.
        case notAReference
        /// Masked when the captured `name` group names a secret (`SecretName`), and it is not a reference.
        case named(SecretName.Position)
    }

    let triggers: [[UInt8]]
    let compiled: CompiledOnFirstUse
    let check: Check

    init(_ triggers: [String], _ pattern: String, caseSensitive: Bool = false, check: Check = .notAReference) {
        self.triggers = triggers.map { Array($0.utf8) + [0] }
        compiled = CompiledOnFirstUse(pattern, options: caseSensitive ? [] : [.caseInsensitive])
        self.check = check
    }

    var pattern: NSRegularExpression { compiled.expression }

    func apply(to text: String) -> String {
        let source = text as NSString
        var result = ""
        var copied = 0
        var searchFrom = 0
        // One match at a time rather than all at once: when a name does not name a secret, its value may still
        // hold an assignment that does (`-var="db_password=x"`), so the search resumes at the value.
        while searchFrom < source.length,
            let match = pattern.firstMatch(
                in: text, options: [.withTransparentBounds],
                range: NSRange(location: searchFrom, length: source.length - searchFrom))
        {
            let secret = match.range(withName: "secret")
            guard secret.location != NSNotFound else { break }
            if masks(match, secret, in: source) {
                result += source.substring(with: NSRange(location: copied, length: secret.location - copied))
                result += Redactor.mask
                copied = secret.location + secret.length
                searchFrom = max(copied, match.range.location + 1)
            } else {
                searchFrom = max(secret.location, match.range.location + 1)
            }
        }
        guard copied > 0 else { return text }
        return result + source.substring(from: copied)
    }

    private func masks(_ match: NSTextCheckingResult, _ secret: NSRange, in source: NSString) -> Bool {
        let value = source.substring(with: secret)
        if value.isEmpty || value.hasPrefix(Redactor.mask) { return false }
        switch check {
        case .none:
            return true
        case .notAReference:
            return !Self.isReference(value)
        case .named(let position):
            let name = match.range(withName: "name")
            guard name.location != NSNotFound else { return false }
            return SecretName.names(source.substring(with: name), at: position) && !Self.isReference(value)
        }
    }

    /// `$NAME`, `${NAME}`, `$(command)` or `${{ expression }}` and nothing else, bare or in double quotes: the
    /// shell or the CI system fills it in, so the text holds no secret. In single quotes the shell leaves it
    /// literal, and text around the reference (`${SALT}hunter2`) may be the secret. A value cut at whitespace
    /// (`${{`, `$(cat`) is the start of a reference.
    static func isReference(_ value: String) -> Bool {
        var text = Substring(value)
        if text.hasPrefix("\"") { text = text.dropFirst() }
        if text.hasSuffix("\""), value.count > 1 { text = text.dropLast() }
        guard text.hasPrefix("$") else { return false }
        let body = text.dropFirst()
        for (open, close) in [("{{", "}}"), ("{", "}"), ("(", ")")] where body.hasPrefix(open) {
            guard let end = body.range(of: close) else { return true }
            return end.upperBound == body.endIndex
        }
        guard let first = body.first, first.isLetter || first == "_" else { return false }
        return body.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}

/// A regular expression compiled when a text first triggers its rule: most reports trigger none, and compiling
/// every pattern up front cost more instructions than a whole pre-commit run's diff of a large index.
final class CompiledOnFirstUse: @unchecked Sendable {
    private let source: String
    private let options: NSRegularExpression.Options
    private let lock = NSLock()
    private var compiled: NSRegularExpression?

    init(_ source: String, options: NSRegularExpression.Options) {
        self.source = source
        self.options = options
    }

    var expression: NSRegularExpression {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        // The patterns are literals in this file; a typo is a programming error caught by the tests.
        let expression = try! NSRegularExpression(pattern: source, options: options)
        compiled = expression
        return expression
    }
}

extension RedactionRule {
    /// A value as the shell reads one word of it: a quoted string (masked with its quotes, which may be
    /// backslash-escaped inside another string, or `$'…'`) or a run of characters up to whitespace, a quote or a
    /// shell or URL separator.
    static let value = #"(?<secret>\\?"[^"]*"?|\$?'[^']*'?|[^\s"'&;|<>),]+)"#

    /// The rest of one shell command after a program name, up to the next command.
    static let sameCommand = #"[^|;&\n]*?\s"#

    static let all: [RedactionRule] = shapes + locations + names

    /// Secrets recognised by what they look like, wherever they appear.
    static let shapes: [RedactionRule] = [
        // PEM private keys: the whole body, up to the END line or the end of the text when it was cut.
        RedactionRule(
            ["private key"],
            #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?<secret>[\s\S]*?)(?=-----END [A-Z0-9 ]*PRIVATE KEY|$)"#,
            check: .none),
        // GitHub, GitLab, Slack, npm, Docker Hub, PyPI and HashiCorp Vault tokens, by their published prefixes.
        RedactionRule(
            ["gh", "github_pat_"], #"(?<secret>\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))"#,
            caseSensitive: true, check: .none),
        RedactionRule(
            ["gl"], #"(?<secret>\bgl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat|agent)-[A-Za-z0-9_-]{16,})"#,
            caseSensitive: true, check: .none),
        RedactionRule(
            ["xox", "xapp-"], #"(?<secret>\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,})"#, caseSensitive: true,
            check: .none),
        RedactionRule(["npm_"], #"(?<secret>\bnpm_[A-Za-z0-9]{30,})"#, caseSensitive: true, check: .none),
        RedactionRule(["dckr_pat_"], #"(?<secret>\bdckr_pat_[A-Za-z0-9_-]{20,})"#, caseSensitive: true, check: .none),
        RedactionRule(["pypi-"], #"(?<secret>\bpypi-AgE[A-Za-z0-9_-]{40,})"#, caseSensitive: true, check: .none),
        RedactionRule(
            ["hvs.", "hvb."], #"(?<secret>\bhv[sb]\.[A-Za-z0-9_-]{20,})"#, caseSensitive: true, check: .none),
        // Stripe, Google and Anthropic or OpenAI project API keys.
        RedactionRule(
            ["_live_", "_test_"], #"(?<secret>\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,})"#, caseSensitive: true,
            check: .none),
        RedactionRule(["aiza"], #"(?<secret>\bAIza[0-9A-Za-z_-]{35})"#, caseSensitive: true, check: .none),
        RedactionRule(
            ["sk-"], #"(?<secret>\bsk-(?:ant|proj|svcacct)-[A-Za-z0-9_-]{20,})"#, caseSensitive: true, check: .none),
        // AWS access key ids (long-term, temporary, and the ids of users, roles and groups).
        RedactionRule(
            ["akia", "asia", "agpa", "aida", "aroa", "anpa", "abia", "acca"],
            #"(?<secret>\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ABIA|ACCA)[0-9A-Z]{16}\b)"#, caseSensitive: true,
            check: .none),
        // JSON Web Tokens: base64url header, payload and (possibly empty) signature; the header is `{"…`.
        RedactionRule(
            ["eyj"], #"(?<secret>\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)"#, caseSensitive: true,
            check: .none),
        // Slack webhooks: the path is the credential.
        RedactionRule(
            ["hooks.slack.com"], #"hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9/_-]+)"#,
            check: .none),
    ]

    /// Secrets recognised by where they stand: in a URL, an HTTP header, or an option a known program reads a
    /// password from.
    static let locations: [RedactionRule] = [
        // scheme://user:password@host keeps the user; scheme://token@host, a long user with a digit, is a token.
        // The password runs to the last `@` before the path, so an unencoded `@` in it does not end it early.
        RedactionRule(["://"], #"\b[a-z][a-z0-9+.-]*://[^\s:/@]*:(?<secret>[^\s/]+)(?=@)"#, check: .none),
        RedactionRule(
            ["://"], #"\b[a-z][a-z0-9+.-]*://(?<secret>(?=[^\s:/@]*[0-9])[^\s:/@]{16,})(?=@)"#, check: .none),
        // Authorization headers, with or without a scheme; a bare `Bearer` or `Basic` followed by something
        // token-like (a digit, punctuation or a hump like `dXNl`, which words do not have).
        RedactionRule(
            ["authorization"],
            #"\bauthorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|negotiate|ntlm)\s+)?(?<secret>[^\s"']+)"#
        ),
        RedactionRule(
            ["bearer", "basic"],
            #"\b(?:Bearer|Basic)\s+(?<secret>(?=[A-Za-z0-9._~+/-]*(?:[0-9._~+/-]|[a-z][A-Z]))[A-Za-z0-9._~+/-]{8,}=*)"#,
            caseSensitive: true),
        // curl -u user:password (and --user, --proxy-user, -U), keeping the user.
        RedactionRule(
            ["curl"],
            #"\bcurl\b"# + sameCommand + #"(?:-u|--user|-U|--proxy-user)(?:\s+|=)?["']?[^\s:"']*:(?<secret>[^\s"']+)"#),
        // Programs that take a password glued to or after a short option.
        RedactionRule(
            ["mysql", "mariadb"],
            #"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mariadb|mariadb-dump)\b"#
                + sameCommand + "-p" + value, caseSensitive: true),
        RedactionRule(["sshpass"], #"\bsshpass\b"# + sameCommand + #"-p\s*"# + value, caseSensitive: true),
        RedactionRule(["redis-cli"], #"\bredis-cli\b"# + sameCommand + #"-a\s+"# + value, caseSensitive: true),
        RedactionRule(
            ["sqlcmd", "bcp"], #"\b(?:sqlcmd|bcp)\b"# + sameCommand + #"-P\s*"# + value, caseSensitive: true),
        RedactionRule(
            ["login"],
            #"\b(?:docker|podman|buildah|skopeo|helm\s+registry|oras|az)\s+login\b"# + sameCommand + #"-p\s+"#
                + value, caseSensitive: true),
        RedactionRule(
            ["mongo"], #"\bmongo(?:sh|dump|restore|export|import)?\b"# + sameCommand + #"-p\s+"# + value,
            caseSensitive: true),
        // htpasswd -b FILE USER PASSWORD, smbclient -U USER%PASSWORD.
        RedactionRule(
            ["htpasswd"], #"\bhtpasswd\b"# + sameCommand + #"-[a-zA-Z]*b[a-zA-Z]*\s+(?:-\S+\s+)*\S+\s+\S+\s+"# + value,
            caseSensitive: true),
        RedactionRule(
            ["smbclient", "rpcclient", "smbmap"],
            #"\b(?:smbclient|rpcclient|smbmap)\b"# + sameCommand
                + #"(?:-U|--user)(?:\s+|=)["']?[^\s%"']*%(?<secret>[^\s"']+)"#,
            caseSensitive: true),
        // .netrc lines: machine HOST login USER password PASSWORD, also written with printf's `\n`.
        RedactionRule(
            ["password"], #"(?:\b|(?<=\\[nt]))login(?:\s|\\[nt])+[^\s\\]+(?:\s|\\[nt])+password(?:\s|\\[nt])+"# + value),
        RedactionRule(["secret"], #"\bgh\s+secret\s+set\b"# + sameCommand + #"(?:-b|--body)(?:\s+|=)"# + value),
        // openssl's pass:PASSWORD password sources.
        RedactionRule(["pass:"], #"\bpass:(?<secret>[^\s"']+)"#),
    ]

    /// Secrets recognised by the name they are given: assignments, options and `config set`.
    static let names: [RedactionRule] = [
        // git config, npm/yarn/pnpm config set, aws configure set: NAME VALUE.
        RedactionRule(
            ["config"], #"\b(?:config(?:ure)?\s+set|config)(?:\s+--?[a-z-]+)*\s+(?<name>[^\s=]+)\s+"# + value,
            check: .named(.last)),
        // NAME=VALUE, NAME: VALUE, "name": "value", --name=VALUE; not $NAME: that is a use, not an assignment.
        RedactionRule(
            ["=", ":"],
            #"(?<![\w$.{])\\?["']?(?<name>[A-Za-z_][A-Za-z0-9_.-]*)\\?["']?\s*(?:[?+:]?=>?|:)\s*"# + value,
            check: .named(.anywhere)),
        // --name VALUE and -name VALUE, when the option's last word names a secret.
        RedactionRule(
            ["-"], #"(?<![\w-])--?(?<name>[A-Za-z][A-Za-z0-9_-]*)\s+(?!-)"# + value, check: .named(.option)),
    ]
}

extension [UInt8] {
    /// Whether these NUL-terminated bytes hold the NUL-terminated `needle`; `strstr` keeps checking dozens of
    /// trigger words against thousands of texts cheap.
    fileprivate func contains(_ needle: [UInt8]) -> Bool {
        withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                haystack.withMemoryRebound(to: CChar.self) { haystack in
                    needle.withMemoryRebound(to: CChar.self) { needle in
                        strstr(haystack.baseAddress!, needle.baseAddress!) != nil
                    }
                }
            }
        }
    }
}
