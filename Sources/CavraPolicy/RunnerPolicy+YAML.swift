import Yams

extension RunnerPolicy {
    public static let providers = ["github", "gitlab", "azure"]

    /// A pack's `runner:` section, validated strictly.
    init(section node: Node, reader: YAMLReader) throws {
        let fields = try reader.mapping(node, allowed: ["require", "oidc", "hmac"], what: "runner")
        let requirement: Requirement =
            try fields["require"].map { try reader.choice($0.value, what: "runner.require") } ?? .none
        let oidc = try fields["oidc"].map { entry in
            try reader.list(entry.value, what: "runner.oidc").map { try Self.oidcEntry($0, reader: reader) }
        }
        let hmac = try fields["hmac"].map { entry in
            try reader.list(entry.value, what: "runner.hmac").map { try Self.hmacEntry($0, reader: reader) }
        }
        let at = fields["require"]?.value ?? node
        if requirement == .oidc, oidc?.isEmpty ?? true {
            throw reader.error(
                "runner.require is oidc but no runner.oidc entry says which issuer and audience to trust; add one",
                at: at)
        }
        if requirement == .hmac, hmac?.isEmpty ?? true {
            throw reader.error(
                "runner.require is hmac but no runner.hmac entry says which key id and key to trust; add one", at: at)
        }
        if requirement == .any, (oidc?.isEmpty ?? true) && (hmac?.isEmpty ?? true) {
            throw reader.error("runner.require is any but the section lists no oidc or hmac entry; add one", at: at)
        }
        self.init(
            requirement: requirement, oidcGroups: oidc.map { $0.isEmpty ? [] : [$0] } ?? [],
            hmacGroups: hmac.map { $0.isEmpty ? [] : [$0] } ?? [])
    }

    private static func oidcEntry(_ node: Node, reader: YAMLReader) throws -> OIDCEntry {
        let fields = try reader.mapping(
            node, allowed: ["provider", "issuer", "audience", "jwks", "service_connection_id", "claims"],
            what: "a runner.oidc entry")
        guard let issuerNode = fields["issuer"]?.value else {
            throw reader.error("a runner.oidc entry has no issuer; name the token issuer's URL exactly", at: node)
        }
        let issuer = try reader.nonEmptyString(issuerNode, what: "runner.oidc issuer")
        guard issuer.hasPrefix("https://") else {
            throw reader.error("runner.oidc issuer '\(issuer)' must be an https URL", at: issuerNode)
        }
        guard let audienceNode = fields["audience"]?.value else {
            throw reader.error(
                "the runner.oidc entry for \(issuer) has no audience; there is no default, name the audience the token is requested for",
                at: node)
        }
        let provider = try fields["provider"].map { entry in
            let word = try reader.string(entry.value, what: "runner.oidc provider")
            guard providers.contains(word) else {
                throw reader.error(
                    "runner.oidc provider '\(word)' is not one of \(providers.joined(separator: ", "))", at: entry.value
                )
            }
            return word
        }
        return OIDCEntry(
            provider: provider, issuer: issuer,
            audience: try reader.nonEmptyString(audienceNode, what: "runner.oidc audience"),
            jwks: try fields["jwks"].map { try reader.nonEmptyString($0.value, what: "runner.oidc jwks") },
            serviceConnectionID: try fields["service_connection_id"].map {
                try reader.nonEmptyString($0.value, what: "runner.oidc service_connection_id")
            },
            claims: try fields["claims"].map { try claimMatches($0.value, reader: reader) } ?? [])
    }

    private static func hmacEntry(_ node: Node, reader: YAMLReader) throws -> HMACEntry {
        let fields = try reader.mapping(
            node, allowed: ["key_id", "key_env", "key_file", "max_age", "claims"], what: "a runner.hmac entry")
        guard let keyIDNode = fields["key_id"]?.value else {
            throw reader.error(
                "a runner.hmac entry has no key_id; name the id the runner signs its claims with", at: node)
        }
        let keyID = try reader.nonEmptyString(keyIDNode, what: "runner.hmac key_id")
        let keyEnvironment = try fields["key_env"].map {
            try reader.nonEmptyString($0.value, what: "runner.hmac key_env")
        }
        let keyFile = try fields["key_file"].map { try reader.nonEmptyString($0.value, what: "runner.hmac key_file") }
        guard (keyEnvironment == nil) != (keyFile == nil) else {
            throw reader.error(
                "the runner.hmac entry '\(keyID)' needs exactly one of key_env and key_file to say where its key is",
                at: node)
        }
        var maxAge = 600
        if let entry = fields["max_age"] {
            guard case .scalar(let scalar) = entry.value, YAMLReader.plainType(of: scalar) == "int",
                let seconds = Int(scalar.string), seconds > 0
            else {
                throw reader.error("runner.hmac max_age must be a positive number of seconds", at: entry.value)
            }
            maxAge = seconds
        }
        return HMACEntry(
            keyID: keyID, keyEnvironment: keyEnvironment, keyFile: keyFile, maxAge: maxAge,
            claims: try fields["claims"].map { try claimMatches($0.value, reader: reader) } ?? [])
    }

    private static func claimMatches(_ node: Node, reader: YAMLReader) throws -> [ClaimMatch] {
        try reader.mapping(node, allowed: nil, what: "claims").sorted { $0.key < $1.key }.map { name, entry in
            let patterns: [(value: String, node: Node)] =
                if case .sequence = entry.value {
                    try reader.stringList(entry.value, what: "claim \(name)")
                } else {
                    [(try reader.nonEmptyString(entry.value, what: "claim \(name)"), entry.value)]
                }
            if patterns.isEmpty { throw reader.error("claim \(name) lists no pattern", at: entry.value) }
            return ClaimMatch(
                name: name,
                patterns: try patterns.map { pattern, patternNode in
                    do {
                        return try ClaimGlob(pattern)
                    } catch let error as Glob.SyntaxError {
                        throw reader.error(
                            "bad pattern '\(pattern)' for claim \(name): \(error.reason)", at: patternNode)
                    }
                })
        }
    }
}
