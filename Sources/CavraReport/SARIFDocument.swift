import CavraModel

/// The parts of SARIF 2.1.0 that cavra-gate writes, named as the OASIS schema names them. Optional members are
/// left out when nil, as the schema wants for absent values.
enum SARIF {
    static let version = "2.1.0"
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    static let sourceRoot = "%SRCROOT%"

    struct Log: Encodable {
        var schema = SARIF.schemaURI
        var version = SARIF.version
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]
        var results: [Result]
        var columnKind = "unicodeCodePoints"
        var properties: RunProperties
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name: String
        var version: String
        var rules: [Rule]
    }

    struct Message: Encodable {
        var text: String
    }

    struct MultiformatMessage: Encodable {
        var text: String
        var markdown: String
    }

    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: MultiformatMessage
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct RuleProperties: Encodable {
        var securitySeverity: String
        var tags: [String]

        enum CodingKeys: String, CodingKey {
            case tags
            case securitySeverity = "security-severity"
        }
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        struct Descriptor: Encodable { var id: String }
        var descriptor: Descriptor
        var level: String
        var message: Message
        var locations: [Location]?
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var suppressions: [Suppression]?
        var properties: ResultProperties
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
    }

    struct LogicalLocation: Encodable {
        var fullyQualifiedName: String
        var kind: String
    }

    struct Suppression: Encodable {
        var kind: String
        var status: String
        var justification: String
    }

    struct ResultProperties: Encodable {
        var decision: Decision
        var severity: Severity
        var kind: FindingKind
        var commit: String?
        var approverGroup: String?
        var tags: [String]
    }

    /// What the run judged, for readers of the raw file: the same values as the result contract.
    struct RunProperties: Encodable {
        var status: GateResult.Status
        var summary: GateResult.Summary
        var range: CompareRange?
        var policy: GateResult.PolicyInfo?
        var runner: GateResult.Runner
        var omittedResults: Int
        var breakGlass: BreakGlass?
        var approvalsIgnored: [IgnoredApproval]?
    }
}
