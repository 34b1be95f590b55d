import CavraModel
import CavraReport

/// How a run's findings bear on the controls its policy's rules name (`cavra.compliance.v1`,
/// docs/schemas/cavra.compliance.v1.schema.json). It holds ids, titles and fingerprints only, never a path or a
/// command from the change, so it needs no redaction.
public struct ComplianceReport: Codable, Sendable, Hashable {
    public static let schemaID = "cavra.compliance.v1"

    public struct PolicyReference: Codable, Sendable, Hashable {
        public var id: String
        public var version: String?
        public var digest: String

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(version, forKey: .version)
            try container.encode(digest, forKey: .digest)
        }
    }

    public enum Status: String, Codable, Sendable, Hashable {
        case pass, fail
        case approvalRequired = "approval_required"
    }

    public struct ControlResult: Codable, Sendable, Hashable {
        /// `FRAMEWORK:ID`, as rules and findings spell it.
        public var id: String
        /// Nil for an organisation's own framework, which has no catalogue here.
        public var title: String?
        public var rules: [String]
        public var status: Status
        public var findings: [String]

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(rules, forKey: .rules)
            try container.encode(status, forKey: .status)
            try container.encode(findings, forKey: .findings)
        }
    }

    public struct Coverage: Codable, Sendable, Hashable {
        /// How many controls the framework's catalogue holds.
        public var catalogue: Int
        /// How many of them the policy's rules name.
        public var covered: Int
        /// `covered` as a percentage of `catalogue`, to one decimal place.
        public var percent: Double
    }

    public struct Framework: Codable, Sendable, Hashable {
        public var id: String
        public var title: String?
        public var controls: [ControlResult]
        /// Nil for an organisation's own framework: there is no catalogue to count against.
        public var coverage: Coverage?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(controls, forKey: .controls)
            try container.encode(coverage, forKey: .coverage)
        }
    }

    public var schema = Self.schemaID
    /// Nil when the run stopped before a policy was chosen.
    public var policy: PolicyReference?
    public var frameworks: [Framework]
    /// Fingerprints of findings whose rule names no control.
    public var unmappedFindings: [String]

    enum CodingKeys: String, CodingKey {
        case schema, policy, frameworks
        case unmappedFindings = "unmapped_findings"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(policy, forKey: .policy)
        try container.encode(frameworks, forKey: .frameworks)
        try container.encode(unmappedFindings, forKey: .unmappedFindings)
    }
}

extension ComplianceReport {
    /// The report as `compliance.json` holds it.
    public func json() throws(ComplianceError) -> String {
        do {
            return try JSONOutput.encode(self)
        } catch {
            throw ComplianceError("the compliance report could not be encoded as JSON: \(error)")
        }
    }
}
