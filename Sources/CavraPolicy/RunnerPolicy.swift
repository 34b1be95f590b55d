import CavraTrust

/// What a policy demands of the runner that reports the gate (the pack's `runner:` section). Packs of an
/// inheritance closure each add a group of alternatives; an identity must satisfy one entry of every group, so a
/// child can narrow what its parents accept but never widen it.
public struct RunnerPolicy: Sendable, Hashable {
    public enum Requirement: String, Sendable, CaseIterable {
        /// An identity that is offered is verified, but none is demanded.
        case none
        case oidc
        case hmac
        /// OIDC or HMAC.
        case any

        /// The methods this requirement accepts; nil accepts running without an identity too.
        public var acceptedMethods: Set<String>? {
            switch self {
            case .none: nil
            case .oidc: ["oidc"]
            case .hmac: ["hmac"]
            case .any: ["oidc", "hmac"]
            }
        }

        /// True when every identity `self` accepts is also accepted by `other`.
        public func isAtLeastAsStrict(as other: Requirement) -> Bool {
            guard let mine = acceptedMethods else { return other == .none }
            guard let theirs = other.acceptedMethods else { return true }
            return mine.isSubset(of: theirs)
        }
    }

    /// A claim and the patterns one of which its value must match; a missing claim never matches.
    public struct ClaimMatch: Sendable, Hashable {
        public let name: String
        public let patterns: [ClaimGlob]

        public init(name: String, patterns: [ClaimGlob]) {
            self.name = name
            self.patterns = patterns
        }

        public func matches(_ value: String?) -> Bool {
            guard let value else { return false }
            return patterns.contains { $0.matches(value) }
        }
    }

    public struct OIDCEntry: Sendable, Hashable {
        /// github, gitlab or azure; inferred from the issuer when not written.
        public let provider: String?
        public let issuer: String
        public let audience: String
        /// A JWKS file or URL pinned by the policy instead of the issuer's discovery document.
        public let jwks: String?
        /// The Azure DevOps service connection whose OIDC token the gate requests.
        public let serviceConnectionID: String?
        public let claims: [ClaimMatch]

        public init(
            provider: String?, issuer: String, audience: String, jwks: String?, serviceConnectionID: String?,
            claims: [ClaimMatch]
        ) {
            self.provider = provider
            self.issuer = issuer
            self.audience = audience
            self.jwks = jwks
            self.serviceConnectionID = serviceConnectionID
            self.claims = claims
        }
    }

    public struct HMACEntry: Sendable, Hashable {
        public let keyID: String
        /// The environment variable holding the shared key.
        public let keyEnvironment: String?
        public let keyFile: String?
        /// The longest lifetime (`exp - iat`, seconds) a claims document may have.
        public let maxAge: Int
        public let claims: [ClaimMatch]

        public init(keyID: String, keyEnvironment: String?, keyFile: String?, maxAge: Int, claims: [ClaimMatch]) {
            self.keyID = keyID
            self.keyEnvironment = keyEnvironment
            self.keyFile = keyFile
            self.maxAge = maxAge
            self.claims = claims
        }
    }

    public let requirement: Requirement
    /// One group per pack that lists OIDC entries, parents first.
    public let oidcGroups: [[OIDCEntry]]
    public let hmacGroups: [[HMACEntry]]

    public static let unrestricted = RunnerPolicy(requirement: .none, oidcGroups: [], hmacGroups: [])

    public init(requirement: Requirement, oidcGroups: [[OIDCEntry]], hmacGroups: [[HMACEntry]]) {
        self.requirement = requirement
        self.oidcGroups = oidcGroups
        self.hmacGroups = hmacGroups
    }

    /// False for a policy that says nothing about runners, whose digest must stay what it was before the section
    /// existed.
    var isDeclared: Bool { requirement != .none || !oidcGroups.isEmpty || !hmacGroups.isEmpty }

    /// `self` with a child pack's section applied; a child that would accept what the parents refuse is refused.
    func adding(_ section: RunnerPolicy, from pack: String) throws(PolicyError) -> RunnerPolicy {
        guard section.requirement.isAtLeastAsStrict(as: requirement) || section.requirement == .none else {
            throw PolicyError(
                "pack '\(pack)' sets runner.require to \(section.requirement.rawValue), which accepts runners its parents' \(requirement.rawValue) refuses; a child may tighten the requirement but never loosen it"
            )
        }
        let strictest = section.requirement == .none ? requirement : section.requirement
        return RunnerPolicy(
            requirement: strictest, oidcGroups: oidcGroups + section.oidcGroups,
            hmacGroups: hmacGroups + section.hmacGroups)
    }

    var canonical: CanonicalJSON {
        func claims(_ matches: [ClaimMatch]) -> CanonicalJSON {
            .object(
                Dictionary(
                    uniqueKeysWithValues: matches.map { ($0.name, .array($0.patterns.map { .string($0.pattern) })) }))
        }
        func optional(_ value: String?) -> CanonicalJSON { value.map(CanonicalJSON.string) ?? .null }
        return .object([
            "require": .string(requirement.rawValue),
            "oidc": .array(
                oidcGroups.map { group in
                    .array(
                        group.map {
                            .object([
                                "provider": optional($0.provider), "issuer": .string($0.issuer),
                                "audience": .string($0.audience), "jwks": optional($0.jwks),
                                "service_connection_id": optional($0.serviceConnectionID), "claims": claims($0.claims),
                            ])
                        })
                }),
            "hmac": .array(
                hmacGroups.map { group in
                    .array(
                        group.map {
                            .object([
                                "key_id": .string($0.keyID), "key_env": optional($0.keyEnvironment),
                                "key_file": optional($0.keyFile), "max_age": .integer($0.maxAge),
                                "claims": claims($0.claims),
                            ])
                        })
                }),
        ])
    }
}
