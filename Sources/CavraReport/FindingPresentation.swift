import CavraModel

/// The words every format uses for one finding, so that the formats describe a finding the same way.
extension Finding {
    /// Where the finding is, as people read it: `path:line`, the ref, or the command; quoted and escaped as
    /// `DisplayText` does, so it fits on one line whatever the path holds.
    var locationText: String {
        if let path {
            let shown = DisplayText.path(path)
            return line.map { "\(shown):\($0)" } ?? shown
        }
        if let ref { return DisplayText.escape(ref) }
        return "(command)"
    }

    /// A path for platforms that insist on one: the changed path, else the ref being pushed; a command given
    /// outside any file has no place, so it is shown at the repository root.
    var reportedPath: String {
        path ?? ref ?? "."
    }

    /// `deny`, `require approval`, `approved` or `allow`: what the finding means for the gate.
    var verdictWord: String {
        if isApproved { return "approved" }
        switch decision {
        case .deny: return "deny"
        case .requireApproval: return "require approval"
        case .allow: return "allow"
        }
    }

    /// A short heading: the rule and what it decided.
    public var title: String {
        DisplayText.escape("\(ruleID) (\(verdictWord), \(severity.rawValue))")
    }

    /// One line saying why and about what. The policy's reason reads as prose, so its line breaks become spaces;
    /// everything else is escaped as `DisplayText` does.
    public var message: String {
        var parts = [reason.replacingLineBreaks()]
        switch kind {
        case .command:
            if let command { parts.append("Command: \(command)") }
        case .ref:
            if let ref {
                parts.append("Ref: \(ref)" + (operation.map { " (\($0.rawValue))" } ?? ""))
            }
        case .path, .action, .parse:
            if let command { parts.append("Reference: \(command)") }
        }
        if let oldPath, oldPath != path { parts.append("Renamed from: \(DisplayText.path(oldPath))") }
        if let approverGroup, decision == .requireApproval, approval == nil {
            parts.append("Approvers: \(approverGroup)")
        }
        if let approval { parts.append("Approved by: \(approval.approver)") }
        return DisplayText.escape(parts.joined(separator: " "))
    }
}

extension String {
    /// The text on one line: prose put on one line reads best with its line breaks as spaces.
    func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}

extension GateResult.Status {
    /// The verdict in words, for headings and completion messages.
    public var verdict: String {
        switch self {
        case .pass: "passed"
        case .deny: "denied"
        case .actionRequired: "approval required"
        case .error: "could not decide"
        }
    }
}

extension GateResult {
    /// The verdict in words, saying when break-glass forced it.
    var verdict: String {
        status.verdict + (status == .pass && breakGlass != nil ? " by break-glass" : "")
    }
}

extension GateResult.Summary {
    /// `1 denied, 2 awaiting approval, 0 approved, 3 allowed`.
    public var countsText: String {
        "\(deny) denied, \(requireApproval - approved) awaiting approval, \(approved) approved, \(allow) allowed"
    }
}
