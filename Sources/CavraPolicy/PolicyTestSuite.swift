import CavraModel
import Yams

/// Fixture cases that sit beside a pack (`tests.yaml`): an action and the decision and rule policy must give it.
public struct PolicyTestSuite: Sendable {
    public struct Case: Sendable {
        public enum Action: Sendable {
            case path(String, ChangeStatus, oldPath: String?)
            case ref(String, RefOperation)
            case command(String)
            /// A pipeline setting (`pipeline: write-all-permissions`), as the pipeline readers report it.
            case pipeline(PipelineRisk)
        }

        public let name: String
        public let action: Action
        public let decision: Decision
        /// Nil when the expected decision is allow with no rule.
        public let ruleID: String?
        public let location: SourceLocation
    }

    public struct Outcome: Sendable {
        public let testCase: Case
        public let finding: Finding?
        public var passed: Bool {
            (finding?.decision ?? .allow) == testCase.decision && finding?.ruleID == testCase.ruleID
        }
        public var actual: String {
            finding.map { "\($0.decision.rawValue) by \($0.ruleID)" } ?? "allow (no rule)"
        }
    }

    public let cases: [Case]

    static let changeStatuses: [String: ChangeStatus] = [
        "added": .added, "modified": .modified, "deleted": .deleted, "renamed": .renamed, "copied": .copied,
        "mode": .typeChanged,
    ]

    public init(yaml text: String, source: String) throws {
        let reader = YAMLReader(source: source)
        let root = try reader.compose(text)
        let top = try reader.mapping(root, allowed: ["cases"], what: "a policy test file")
        guard let list = top["cases"] else { throw reader.error("a policy test file needs a cases list", at: root) }
        cases = try reader.list(list.value, what: "cases").map { try Self.parseCase($0, reader: reader) }
    }

    /// `parseCommand` reads a command line as a shell would; the classifier provides it.
    public func run(against policy: Policy, parseCommand: (String) -> CommandFact) -> [Outcome] {
        cases.map { testCase in
            let fact: Fact
            switch testCase.action {
            case .path(let path, let status, let oldPath):
                let mode: FileMode = status == .deleted ? .absent : (status == .typeChanged ? .executable : .regular)
                fact = .path(
                    Change(
                        status: status, path: GitPath(path), oldPath: oldPath.map { GitPath($0) },
                        oldMode: status == .added ? .absent : .regular,
                        newMode: mode, oldBlob: status == .added ? nil : "old",
                        newBlob: status == .deleted ? nil : "new"))
            case .ref(let ref, let operation):
                fact = .ref(RefUpdate(ref: ref, operation: operation))
            case .command(let commandLine):
                fact = .command(parseCommand(commandLine))
            case .pipeline(let risk):
                fact = .risk(PipelineRiskFact(risk: risk, path: "pipeline", line: nil, text: risk.rawValue))
            }
            return Outcome(testCase: testCase, finding: policy.decide(fact))
        }
    }

    private static func parseCase(_ node: Node, reader: YAMLReader) throws -> Case {
        let fields = try reader.mapping(
            node, allowed: ["name", "path", "old_path", "change", "ref", "operation", "command", "pipeline", "expect"],
            what: "a test case")
        guard let expectNode = fields["expect"]?.value else {
            throw reader.error("a test case needs expect: {decision, rule}", at: node)
        }
        let expect = try reader.mapping(expectNode, allowed: ["decision", "rule"], what: "expect")
        guard let decisionNode = expect["decision"]?.value else {
            throw reader.error("expect needs a decision", at: expectNode)
        }
        let action: Case.Action
        if let pathNode = fields["path"]?.value {
            let word = try fields["change"].map { try reader.string($0.value, what: "change") } ?? "added"
            guard let status = changeStatuses[word] else {
                throw reader.error(
                    "change '\(word)' is not one of \(changeStatuses.keys.sorted().joined(separator: ", "))",
                    at: fields["change"]!.value)
            }
            action = .path(
                try reader.nonEmptyString(pathNode, what: "path"), status,
                oldPath: try fields["old_path"].map { try reader.nonEmptyString($0.value, what: "old_path") })
        } else if let refNode = fields["ref"]?.value {
            guard let operationNode = fields["operation"]?.value else {
                throw reader.error("a ref case needs an operation (create, update, force or delete)", at: node)
            }
            action = .ref(
                try reader.nonEmptyString(refNode, what: "ref"), try reader.choice(operationNode, what: "operation"))
        } else if let commandNode = fields["command"]?.value {
            action = .command(try reader.nonEmptyString(commandNode, what: "command"))
        } else if let riskNode = fields["pipeline"]?.value {
            action = .pipeline(try reader.choice(riskNode, what: "pipeline"))
        } else {
            throw reader.error("a test case needs a path, a command, a ref or a pipeline setting", at: node)
        }
        let name = try fields["name"].map { try reader.string($0.value, what: "name") }
        return Case(
            name: name ?? "case at line \(node.mark?.line ?? 0)", action: action,
            decision: try reader.choice(decisionNode, what: "expect.decision"),
            ruleID: try expect["rule"].map { try reader.nonEmptyString($0.value, what: "expect.rule") },
            location: reader.location(node))
    }
}
