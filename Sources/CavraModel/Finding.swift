/// What kind of fact a finding is about (docs/architecture.md, "Finding kinds").
public enum FindingKind: String, Codable, Sendable, CaseIterable {
    case path, command, action, ref, parse
}

/// The signed approval record that turned a `require_approval` finding approved (docs/approvals.md).
public struct Approval: Codable, Sendable, Hashable {
    public var approver: String
    public var group: String
    /// The key id of the approver's key, `sha256:` + hex of its SubjectPublicKeyInfo.
    public var keyID: String
    /// RFC 3339 UTC.
    public var expires: String
    /// Where the record was read: a path at the head revision, or in the `--approvals` folder.
    public var file: String

    public init(approver: String, group: String, keyID: String, expires: String, file: String) {
        self.approver = approver
        self.group = group
        self.keyID = keyID
        self.expires = expires
        self.file = file
    }

    enum CodingKeys: String, CodingKey {
        case approver, group, expires, file
        case keyID = "keyid"
    }
}

/// Policy's decision on one fact.
public struct Finding: Codable, Sendable, Hashable {
    /// Stable for the same rule, location and content, so baselines and approvals can key on it.
    public var fingerprint: String
    public var ruleID: String
    public var decision: Decision
    public var severity: Severity
    public var kind: FindingKind
    public var path: String?
    public var oldPath: String?
    public var line: Int?
    public var command: String?
    public var ref: String?
    public var operation: RefOperation?
    public var commit: String?
    public var reason: String
    public var controls: [String]
    public var approverGroup: String?
    public var approval: Approval?

    public init(
        fingerprint: String, ruleID: String, decision: Decision, severity: Severity, kind: FindingKind,
        path: String? = nil, oldPath: String? = nil, line: Int? = nil, command: String? = nil, ref: String? = nil,
        operation: RefOperation? = nil, commit: String? = nil, reason: String, controls: [String] = [],
        approverGroup: String? = nil, approval: Approval? = nil
    ) {
        self.fingerprint = fingerprint
        self.ruleID = ruleID
        self.decision = decision
        self.severity = severity
        self.kind = kind
        self.path = path
        self.oldPath = oldPath
        self.line = line
        self.command = command
        self.ref = ref
        self.operation = operation
        self.commit = commit
        self.reason = reason
        self.controls = controls
        self.approverGroup = approverGroup
        self.approval = approval
    }

    /// Approved `require_approval` findings no longer hold the gate.
    public var isApproved: Bool { decision == .requireApproval && approval != nil }

    /// Strongest decision first, then severity, then location, so every view lists findings in one order.
    public static func precedes(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.decision != rhs.decision { return lhs.decision > rhs.decision }
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        let lhsKey = (lhs.path ?? lhs.ref ?? "", lhs.line ?? 0, lhs.ruleID, lhs.fingerprint)
        let rhsKey = (rhs.path ?? rhs.ref ?? "", rhs.line ?? 0, rhs.ruleID, rhs.fingerprint)
        return lhsKey < rhsKey
    }

    enum CodingKeys: String, CodingKey {
        case fingerprint, decision, severity, kind, path, line, command, ref, operation, commit, reason, controls
        case approval
        case ruleID = "rule_id"
        case oldPath = "old_path"
        case approverGroup = "approver_group"
    }

    // Every contract key is always present (null when empty) so scripts can rely on the shape;
    // `approval` appears only once something was approved.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fingerprint, forKey: .fingerprint)
        try container.encode(ruleID, forKey: .ruleID)
        try container.encode(decision, forKey: .decision)
        try container.encode(severity, forKey: .severity)
        try container.encode(kind, forKey: .kind)
        try container.encode(path, forKey: .path)
        try container.encode(oldPath, forKey: .oldPath)
        try container.encode(line, forKey: .line)
        try container.encode(command, forKey: .command)
        try container.encode(ref, forKey: .ref)
        try container.encode(operation, forKey: .operation)
        try container.encode(commit, forKey: .commit)
        try container.encode(reason, forKey: .reason)
        try container.encode(controls, forKey: .controls)
        try container.encode(approverGroup, forKey: .approverGroup)
        try container.encodeIfPresent(approval, forKey: .approval)
    }
}
