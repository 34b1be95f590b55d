/// What policy says about one fact. Ordered by strength: a stronger decision always wins.
public enum Decision: String, Codable, Sendable, CaseIterable, Comparable {
    case allow
    case requireApproval = "require_approval"
    case deny

    public var strength: Int {
        switch self {
        case .allow: 0
        case .requireApproval: 1
        case .deny: 2
        }
    }

    public static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.strength < rhs.strength }
}

/// How bad a finding is, used to order findings of the same decision.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
