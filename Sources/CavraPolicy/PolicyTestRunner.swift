import CavraModel
import Foundation

/// Runs the `tests.yaml` cases of one pack, of every pack in a folder, or of every bundled pack.
public struct PolicyTestRunner: Sendable {
    public struct PackOutcome: Sendable {
        public let packID: String
        public let outcomes: [PolicyTestSuite.Outcome]
    }

    let loader: PolicyLoader
    let parseCommand: @Sendable (String) -> CommandFact

    /// - Parameter parseCommand: reads a case's command line as a shell would (the classifier's parser).
    public init(loader: PolicyLoader, parseCommand: @escaping @Sendable (String) -> CommandFact) {
        self.loader = loader
        self.parseCommand = parseCommand
    }

    /// `reference` is a pack id, a pack file, a `<dir>/<id>` folder or a folder of such folders; nil means every
    /// bundled pack. A pack without cases is an error: an untested pack should not look like a passing one.
    public func run(_ reference: String?) throws -> [PackOutcome] {
        guard let reference else {
            return try PolicyCatalog.bundledIDs.map { try runBundled($0) }
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue && !FileManager.default.fileExists(atPath: "\(reference)/policy.yaml") {
            let children = try FileManager.default.contentsOfDirectory(atPath: reference).sorted()
                .filter { FileManager.default.fileExists(atPath: "\(reference)/\($0)/policy.yaml") }
            guard !children.isEmpty else {
                throw PolicyError("\(reference) holds no packs (<dir>/<id>/policy.yaml) to test")
            }
            return try children.map { try runFile(packFile: "\(reference)/\($0)/policy.yaml") }
        }
        if exists {
            return [try runFile(packFile: isDirectory.boolValue ? "\(reference)/policy.yaml" : reference)]
        }
        return [try runBundled(reference)]
    }

    private func runBundled(_ id: String) throws -> PackOutcome {
        let policy = try loader.load(id)
        guard let text = BundledPacks.tests[id] else {
            throw PolicyError("bundled pack '\(id)' has no test cases")
        }
        return PackOutcome(
            packID: id,
            outcomes: try PolicyTestSuite(yaml: text, source: "bundled:\(id)/tests.yaml").run(
                against: policy, parseCommand: parseCommand))
    }

    private func runFile(packFile: String) throws -> PackOutcome {
        let policy = try loader.load(packFile)
        let testsFile = URL(fileURLWithPath: packFile).deletingLastPathComponent().appendingPathComponent("tests.yaml")
            .path
        guard FileManager.default.fileExists(atPath: testsFile) else {
            throw PolicyError("pack \(packFile) has no tests.yaml beside it; add test cases for its rules")
        }
        let suite = try PolicyTestSuite(yaml: try PolicyLoader.readFile(testsFile), source: testsFile)
        return PackOutcome(packID: policy.id, outcomes: suite.run(against: policy, parseCommand: parseCommand))
    }
}
