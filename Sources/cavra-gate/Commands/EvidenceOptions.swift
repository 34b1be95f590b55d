import ArgumentParser
import CavraAttest
import CavraCompliance
import CavraEngine
import CavraModel
import CavraReport
import Foundation

/// `check --compliance`, `--compliance-markdown` and `--evidence`: which controls the run bears on, and one folder
/// holding every report of the run for an auditor, indexed by a manifest of hashes.
struct EvidenceOptions: ParsableArguments {
    @Option(
        name: .customLong("compliance"),
        help: "Write the compliance report (cavra.compliance.v1 JSON): each control the policy names, its status.")
    var complianceFile: String?

    @Option(name: .customLong("compliance-markdown"), help: "Write the compliance report as Markdown here.")
    var complianceMarkdownFile: String?

    @Option(
        name: .customLong("evidence"),
        help: """
            Write the evidence bundle to this folder: result.json, result.sarif, summary.md, compliance.json, \
            compliance.md, attestation.dsse.json (with a signing key) and manifest.json.
            """)
    var folder: String?

    /// The bundle's names, fixed so a pipeline can pick files out of it.
    enum BundleFile {
        /// The views of the result, by format.
        static let reports: [(format: ReportFormat, name: String)] = [
            (.json, "result.json"), (.sarif, "result.sarif"), (.markdown, "summary.md"),
        ]
        static let compliance = "compliance.json"
        static let complianceMarkdown = "compliance.md"
        static let attestation = "attestation.dsse.json"
    }

    /// The reports of the result the bundle holds, written with the run's other formats so secrets are masked once.
    var reportTargets: [ResultWriter.Target] {
        guard let folder else { return [] }
        return BundleFile.reports.map {
            ResultWriter.Target(format: $0.format, destination: .file(Self.path(folder, $0.name)))
        }
    }

    /// Creates the bundle's folder, before any report is written into it.
    func prepare() throws {
        guard let folder else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ComplianceError(
                "cannot create the evidence folder \(folder): \(error.localizedDescription); check that its parent is writable"
            )
        }
    }

    /// Writes the compliance reports asked for and completes the bundle: compliance, the attestation when there is
    /// a signing key (an unsigned envelope proves nothing, so a bundle never holds one), then the manifest of
    /// everything written into it.
    func write(_ judged: JudgedResult, signer: AttestationSigner?) throws {
        let report = ComplianceReport(result: judged.result, rules: judged.rules)
        let json = try report.json()
        let markdown = ComplianceMarkdown.render(report)
        if let complianceFile { try Self.write(json, to: complianceFile) }
        if let complianceMarkdownFile { try Self.write(markdown, to: complianceMarkdownFile) }
        guard let folder else { return }
        try Self.write(json, to: Self.path(folder, BundleFile.compliance))
        try Self.write(markdown, to: Self.path(folder, BundleFile.complianceMarkdown))
        var names = BundleFile.reports.map(\.name) + [BundleFile.compliance, BundleFile.complianceMarkdown]
        // A result that cannot be attested (no judged commit) still leaves a bundle whose manifest matches it;
        // the run then fails on the attestation's error.
        var attestationFailure: (any Error)?
        if let signer, signer.key != nil {
            do {
                try AttestationOptions.write(
                    judged.result, signer: signer, to: Self.path(folder, BundleFile.attestation))
                names.append(BundleFile.attestation)
            } catch {
                attestationFailure = error
            }
        }
        let files = try names.map { name in
            (name: name, bytes: try Self.bytes(of: Self.path(folder, name)))
        }
        try Self.write(try EvidenceManifest(files: files).json(), to: Self.path(folder, EvidenceManifest.fileName))
        if let attestationFailure { throw attestationFailure }
    }

    private static func path(_ folder: String, _ name: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(name).path
    }

    private static func bytes(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ComplianceError("cannot read back \(path) to hash it for the evidence manifest")
        }
        return Array(data)
    }

    private static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ComplianceError(
                "cannot write \(path): \(error.localizedDescription); check that the folder exists and is writable")
        }
    }
}
