import CavraTrust

/// What a policy says about approvals beyond each rule's approver group (the pack's `approvals:` section): how many
/// distinct approvers a group must bring, and whether break-glass may lift a denial, for how long. Packs of an
/// inheritance closure are applied parents first; a child may tighten either but never loosen it.
public struct ApprovalPolicy: Sendable, Hashable {
    public struct BreakGlass: Sendable, Hashable {
        public static let defaultMaxDuration = 86_400

        public let allowed: Bool
        /// How long a break-glass pass stays valid, in seconds.
        public let maxDuration: Int

        public init(allowed: Bool, maxDuration: Int = defaultMaxDuration) {
            self.allowed = allowed
            self.maxDuration = maxDuration
        }
    }

    /// nil when no pack of the closure says anything: break-glass is then not allowed.
    public let breakGlass: BreakGlass?
    /// Distinct keys each group must approve a finding with; a group not named needs one.
    public let requiredApprovals: [String: Int]

    public static let unrestricted = ApprovalPolicy(breakGlass: nil, requiredApprovals: [:])

    public init(breakGlass: BreakGlass?, requiredApprovals: [String: Int]) {
        self.breakGlass = breakGlass
        self.requiredApprovals = requiredApprovals
    }

    /// Whether a break-glass pass may be given, and for at most how many seconds; nil when it may not.
    public var breakGlassDuration: Int? {
        guard let breakGlass, breakGlass.allowed else { return nil }
        return breakGlass.maxDuration
    }

    public func required(for group: String) -> Int { requiredApprovals[group] ?? 1 }

    /// False for a policy that says nothing about approvals, whose digest must stay what it was before the section
    /// existed.
    var isDeclared: Bool { breakGlass != nil || !requiredApprovals.isEmpty }

    /// `self` with a child pack's section applied; a child that would allow what its parents refuse is refused.
    func adding(_ section: ApprovalPolicy, from pack: String) throws(PolicyError) -> ApprovalPolicy {
        var breakGlass = self.breakGlass
        if let child = section.breakGlass {
            if let parent = breakGlass {
                if child.allowed && !parent.allowed {
                    throw PolicyError(
                        "pack '\(pack)' sets approvals.break_glass.allowed to true, which its parents set to false; a child may tighten break-glass but never loosen it"
                    )
                }
                if child.allowed && child.maxDuration > parent.maxDuration {
                    throw PolicyError(
                        "pack '\(pack)' sets approvals.break_glass.max_duration to \(child.maxDuration) seconds, longer than its parents' \(parent.maxDuration); a child may shorten it but never lengthen it"
                    )
                }
            }
            breakGlass = child
        }
        var required = requiredApprovals
        for (group, count) in section.requiredApprovals {
            if let parent = required[group], count < parent {
                throw PolicyError(
                    "pack '\(pack)' sets approvals.groups.\(group).required to \(count), fewer than its parents' \(parent); a child may raise the count but never lower it"
                )
            }
            required[group] = count
        }
        return ApprovalPolicy(breakGlass: breakGlass, requiredApprovals: required)
    }

    var canonical: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "groups": .object(requiredApprovals.mapValues { .object(["required": .integer($0)]) })
        ]
        if let breakGlass {
            members["break_glass"] = .object([
                "allowed": .bool(breakGlass.allowed), "max_duration": .integer(breakGlass.maxDuration),
            ])
        }
        return .object(members)
    }
}
