import Yams

extension ApprovalPolicy {
    /// A pack's `approvals:` section, validated strictly.
    init(section node: Node, reader: YAMLReader) throws {
        let fields = try reader.mapping(node, allowed: ["break_glass", "groups"], what: "approvals")
        let breakGlass = try fields["break_glass"].map { entry in
            let glass = try reader.mapping(
                entry.value, allowed: ["allowed", "max_duration"], what: "approvals.break_glass")
            guard let allowed = glass["allowed"] else {
                throw reader.error(
                    "approvals.break_glass has no allowed; say allowed: true or allowed: false", at: entry.value)
            }
            return BreakGlass(
                allowed: try reader.bool(allowed.value, what: "approvals.break_glass.allowed"),
                maxDuration: try glass["max_duration"].map { try Self.duration($0.value, reader: reader) }
                    ?? BreakGlass.defaultMaxDuration)
        }
        var required: [String: Int] = [:]
        let groups = try fields["groups"].map { try reader.mapping($0.value, allowed: nil, what: "approvals.groups") }
        for (group, entry) in groups ?? [:] {
            let settings = try reader.mapping(entry.value, allowed: ["required"], what: "approvals.groups.\(group)")
            guard let count = settings["required"] else {
                throw reader.error(
                    "approvals.groups.\(group) has no required; say how many distinct approvers it needs",
                    at: entry.value)
            }
            guard case .scalar(let scalar) = count.value, YAMLReader.plainType(of: scalar) == "int",
                let number = Int(scalar.string), number >= 1
            else {
                throw reader.error(
                    "approvals.groups.\(group).required must be a whole number of approvers, 1 or more", at: count.value
                )
            }
            required[group] = number
        }
        self.init(breakGlass: breakGlass, requiredApprovals: required)
    }

    /// `30m`, `12h` or `1d`: a whole number of minutes, hours or days.
    private static func duration(_ node: Node, reader: YAMLReader) throws -> Int {
        let text = try reader.string(node, what: "approvals.break_glass.max_duration")
        let units: [Character: Int] = ["m": 60, "h": 3600, "d": 86_400]
        let digits = text.dropLast()
        guard let unit = text.last.flatMap({ units[$0] }), digits.first != "0",
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits)
        else {
            throw reader.error(
                "approvals.break_glass.max_duration '\(text)' must be a duration such as 30m, 12h or 1d", at: node)
        }
        return count * unit
    }
}
