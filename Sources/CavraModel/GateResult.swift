/// The one result every output format is a view of (`cavra.gate.result.v1`, docs/schemas/cavra.gate.result.v1.schema.json).
public struct GateResult: Codable, Sendable {
    public static let schemaID = "cavra.gate.result.v1"

    public enum Status: String, Codable, Sendable {
        case pass, deny
        case actionRequired = "action_required"
        case error
    }

    public struct Tool: Codable, Sendable, Hashable {
        public var name: String
        public var version: String
        public init(name: String = "cavra-gate", version: String) {
            self.name = name
            self.version = version
        }
    }

    public struct PolicyInfo: Codable, Sendable, Hashable {
        public var id: String
        public var version: String?
        /// `sha256:` + hex of the canonical compiled policy.
        public var digest: String
        /// Every pack of the inheritance closure, as `id@version`, parents first.
        public var packs: [String]
        /// Where the policy was read from (bundled, a path, or `<rev>:.cavra/policy.yaml`).
        public var source: String?

        public init(id: String, version: String?, digest: String, packs: [String], source: String? = nil) {
            self.id = id
            self.version = version
            self.digest = digest
            self.packs = packs
            self.source = source
        }
    }

    public struct Runner: Codable, Sendable, Hashable {
        public var verified: Bool
        public var method: String?
        public var provider: String?
        public var issuer: String?
        public var subject: String?
        public var claims: [String: String]

        public init(
            verified: Bool = false, method: String? = nil, provider: String? = nil, issuer: String? = nil,
            subject: String? = nil, claims: [String: String] = [:]
        ) {
            self.verified = verified
            self.method = method
            self.provider = provider
            self.issuer = issuer
            self.subject = subject
            self.claims = claims
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(verified, forKey: .verified)
            try container.encode(method, forKey: .method)
            try container.encode(provider, forKey: .provider)
            try container.encode(issuer, forKey: .issuer)
            try container.encode(subject, forKey: .subject)
            try container.encode(claims, forKey: .claims)
        }
    }

    public struct Summary: Codable, Sendable, Hashable {
        public var changes: Int
        public var findings: Int
        public var deny: Int
        public var requireApproval: Int
        public var approved: Int
        public var allow: Int

        enum CodingKeys: String, CodingKey {
            case changes, findings, deny, approved, allow
            case requireApproval = "require_approval"
        }
    }

    /// Why a run could not decide. The message is one sentence saying what was wrong and how to fix it.
    public struct ErrorEntry: Codable, Sendable, Hashable {
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?

        public init(message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
            self.message = message
            self.file = file
            self.line = line
            self.column = column
        }
    }

    // Every property is fixed at assembly: status and summary are derived from the findings, and a later stage
    // (approvals, redaction) makes a new result instead of editing this one, so they can never disagree.
    public let schema: String
    public let tool: Tool
    public let status: Status
    public let repository: String?
    public let range: CompareRange?
    public let policy: PolicyInfo?
    public let runner: Runner
    public let summary: Summary
    public let findings: [Finding]
    public let errors: [ErrorEntry]
    /// What the user should know but that did not stop the run: policy keys without effect, trust caveats.
    public let warnings: [String]
    /// Approval records that were read but did not apply; each is also one of `warnings`.
    public let approvalsIgnored: [IgnoredApproval]
    /// Set when the run was a break-glass pass; every format announces it.
    public let breakGlass: BreakGlass?

    /// Builds a result whose status and summary follow from the findings, so they can never disagree.
    public init(
        tool: Tool, repository: String?, range: CompareRange?, policy: PolicyInfo?, runner: Runner = Runner(),
        changeCount: Int, findings: [Finding], errors: [ErrorEntry] = [], warnings: [String] = [],
        approvalsIgnored: [IgnoredApproval] = [], breakGlass: BreakGlass? = nil
    ) {
        self.schema = Self.schemaID
        self.tool = tool
        self.repository = repository
        self.range = range
        self.policy = policy
        self.runner = runner
        self.findings = findings.sorted(by: Finding.precedes)
        self.errors = errors
        self.warnings = warnings
        self.approvalsIgnored = approvalsIgnored
        self.breakGlass = breakGlass
        let lifted = Set(breakGlass?.lifted ?? [])
        let pending = findings.filter {
            $0.decision == .requireApproval && !$0.isApproved && !lifted.contains($0.fingerprint)
        }
        let denied = findings.filter { $0.decision == .deny && !lifted.contains($0.fingerprint) }
        self.summary = Summary(
            changes: changeCount,
            findings: findings.count,
            deny: findings.count { $0.decision == .deny },
            requireApproval: findings.count { $0.decision == .requireApproval },
            approved: findings.count { $0.isApproved },
            allow: findings.count { $0.decision == .allow }
        )
        if !errors.isEmpty {
            self.status = .error
        } else if !denied.isEmpty {
            self.status = .deny
        } else if !pending.isEmpty {
            self.status = .actionRequired
        } else {
            self.status = .pass
        }
    }

    /// The same run with each finding transformed (approvals applied, values masked) and the status and summary
    /// derived again from the new findings.
    public func replacingFindings(_ transform: (Finding) -> Finding) -> GateResult {
        GateResult(
            tool: tool, repository: repository, range: range, policy: policy, runner: runner,
            changeCount: summary.changes, findings: findings.map(transform), errors: errors, warnings: warnings,
            approvalsIgnored: approvalsIgnored, breakGlass: breakGlass)
    }

    /// The same run as a break-glass pass that lifts what `breakGlass` lists, status derived again.
    public func liftedBy(_ breakGlass: BreakGlass) -> GateResult {
        GateResult(
            tool: tool, repository: repository, range: range, policy: policy, runner: runner,
            changeCount: summary.changes, findings: findings, errors: errors, warnings: warnings,
            approvalsIgnored: approvalsIgnored, breakGlass: breakGlass)
    }

    /// The same run with every text that came from the change or the environment passed through `text`, and each
    /// finding through `finding` (redaction before any report).
    public func replacingTexts(_ text: (String) -> String, finding: (Finding) -> Finding) -> GateResult {
        let range = self.range.map { original in
            var range = original
            range.baseRef = original.baseRef.map(text)
            range.headRef = original.headRef.map(text)
            range.notes = original.notes.map(text)
            return range
        }
        let policy = self.policy.map { original in
            var policy = original
            policy.source = original.source.map(text)
            return policy
        }
        let errors = self.errors.map { entry in
            var entry = entry
            entry.message = text(entry.message)
            entry.file = entry.file.map(text)
            return entry
        }
        return GateResult(
            tool: tool, repository: repository.map(text), range: range, policy: policy, runner: runner,
            changeCount: summary.changes, findings: findings.map(finding), errors: errors,
            warnings: warnings.map(text),
            approvalsIgnored: approvalsIgnored.map { ignored in
                var ignored = ignored
                ignored.file = text(ignored.file)
                ignored.detail = text(ignored.detail)
                return ignored
            },
            breakGlass: breakGlass.map { original in
                var breakGlass = original
                breakGlass.actor = text(original.actor)
                breakGlass.reason = text(original.reason)
                breakGlass.ticket = text(original.ticket)
                return breakGlass
            })
    }

    /// The exit code (docs/architecture.md, "Exit codes").
    public var exitCode: Int32 {
        switch status {
        case .pass: 0
        case .deny: 1
        case .error: 2
        case .actionRequired: 3
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(tool, forKey: .tool)
        try container.encode(status, forKey: .status)
        try container.encode(repository, forKey: .repository)
        try container.encode(range, forKey: .range)
        try container.encode(policy, forKey: .policy)
        try container.encode(runner, forKey: .runner)
        try container.encode(summary, forKey: .summary)
        try container.encode(findings, forKey: .findings)
        try container.encode(errors, forKey: .errors)
        if !warnings.isEmpty { try container.encode(warnings, forKey: .warnings) }
        if !approvalsIgnored.isEmpty { try container.encode(approvalsIgnored, forKey: .approvalsIgnored) }
        try container.encodeIfPresent(breakGlass, forKey: .breakGlass)
    }

    enum CodingKeys: String, CodingKey {
        case schema, tool, status, repository, range, policy, runner, summary, findings, errors, warnings
        case approvalsIgnored = "approvals_ignored"
        case breakGlass = "break_glass"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decode(String.self, forKey: .schema)
        tool = try container.decode(Tool.self, forKey: .tool)
        status = try container.decode(Status.self, forKey: .status)
        repository = try container.decodeIfPresent(String.self, forKey: .repository)
        range = try container.decodeIfPresent(CompareRange.self, forKey: .range)
        policy = try container.decodeIfPresent(PolicyInfo.self, forKey: .policy)
        runner = try container.decode(Runner.self, forKey: .runner)
        summary = try container.decode(Summary.self, forKey: .summary)
        findings = try container.decode([Finding].self, forKey: .findings)
        errors = try container.decode([ErrorEntry].self, forKey: .errors)
        warnings = try container.decodeIfPresent([String].self, forKey: .warnings) ?? []
        approvalsIgnored = try container.decodeIfPresent([IgnoredApproval].self, forKey: .approvalsIgnored) ?? []
        breakGlass = try container.decodeIfPresent(BreakGlass.self, forKey: .breakGlass)
    }
}
