/// Whether a variable, key, header or option name says its value is a credential: `DB_PASSWORD`, `apiKey`,
/// `X-Api-Key`, `PGPASSWORD`, `--client-secret`, `TF_VAR_db_password`, in any case. Names are read as words
/// (split at `_`, `-`, `.`, `/`, `:` and camelCase humps), so ordinary words that only contain a secret word stay
/// readable: `KEYBOARD_LAYOUT`, `--tokenizer`, `secretary`, `passwordless`, `monkey`.
enum SecretName {
    /// Which words of the name count.
    enum Position {
        /// Assignments (`NAME=value`): a strong word anywhere (`SECRET_KEY_BASE`, `DB_PASSWORD_PROD`) or any
        /// secret word last.
        case anywhere
        /// `config set NAME VALUE`: the last word.
        case last
        /// `--name VALUE`: the last word, unless the option only asks for or acts on a secret (`--ask-pass`,
        /// `--no-token`), because such flags take no value and the next word is something else.
        case option
    }

    static func names(_ name: String, at position: Position) -> Bool {
        var words = self.words(of: name)
        while let last = words.last, last.allSatisfy(\.isNumber) { words.removeLast() }
        guard let last = words.last else { return false }
        if position == .option, let first = words.first, words.count > 1, flagVerbs.contains(first) {
            return false
        }
        if isSecretWord(last, after: words.dropLast().last) { return true }
        guard position == .anywhere else { return false }
        return zip(words, words.dropFirst()).contains { word, next in
            isStrong(word) && !describesTheSecret.contains(next)
        }
    }

    /// Words that name a secret even inside a longer word, as the end of it: `PGPASSWORD`, `authtoken`.
    private static let strongEndings = [
        "password", "passwords", "passwd", "passphrase", "secret", "secrets", "token", "apikey", "accesskey",
        "secretkey", "privatekey", "signingkey", "encryptionkey", "masterkey", "storepass", "keypass",
    ]

    /// Words that name a secret only on their own and last: `DB_PASS`, `MYSQL_PWD`, `BASIC_AUTH`, `GH_PAT`,
    /// and the signatures of presigned and SAS URLs (`X-Amz-Signature`, `sig`).
    private static let weakWords: Set = [
        "pass", "pwd", "auth", "pat", "creds", "credential", "credentials", "cookie", "dsn", "sig", "signature",
    ]

    /// `key` is a secret after most words (`API_KEY`, `PRIVATE_KEY`, `AWS_SECRET_ACCESS_KEY`) but not after these,
    /// nor alone (`key=prod.tfstate` is a Terraform state path).
    private static let ordinaryKeyKinds: Set = [
        "public", "pub", "sort", "cache", "primary", "foreign", "partition", "routing", "lookup", "hot", "hash",
        "idempotency", "group", "map", "dedup", "recv", "list", "trusted", "authorized",
    ]

    /// Words after a strong word that make the name about the secret rather than the secret: `TOKEN_COUNT`,
    /// `PASSWORD_FILE`, `SECRET_NAME`.
    private static let describesTheSecret: Set = [
        "count", "limit", "length", "len", "size", "type", "url", "uri", "endpoint", "file", "path", "dir", "name",
        "format", "min", "max", "ttl", "expiry", "lifetime", "policy", "env", "var", "stdin", "prompt",
    ]

    /// First words of flags that take no value: `--ask-pass`, `--no-password`, `--with-token`.
    private static let flagVerbs: Set = [
        "ask", "no", "with", "without", "prompt", "save", "show", "print", "skip", "use", "require", "reset",
        "rotate", "generate", "create", "delete", "revoke", "remove", "list", "read", "from",
    ]

    private static func isStrong(_ word: String) -> Bool {
        strongEndings.contains { word.hasSuffix($0) }
    }

    private static func isSecretWord(_ word: String, after previous: String?) -> Bool {
        if isStrong(word) || weakWords.contains(word) { return true }
        guard word == "key" || word == "keys", let previous else { return false }
        return !ordinaryKeyKinds.contains(previous)
    }

    /// `dbPassword` → `db`, `password`; `X-API-Key` → `x`, `api`, `key`; all lower case.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let startsHump =
                character.isUppercase
                && (previous?.isLowercase == true || (previous?.isUppercase == true && next?.isLowercase == true))
            if startsHump, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }
}
