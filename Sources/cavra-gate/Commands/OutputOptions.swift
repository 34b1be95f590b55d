import ArgumentParser
import CavraModel
import CavraPlatform
import CavraReport
import Foundation

/// Where and how a result is written: one main format (stdout or `--output`), plus any number of copies in other
/// formats written to files, all views of the same result.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "text, json, sarif, markdown, github, gitlab, azure or junit; repeat as FORMAT=FILE for more files.")
    var format: [String] = []

    @Option(name: .long, help: "Write the main format to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("output-sarif"), help: "Also write SARIF 2.1.0 to this file.")
    var outputSARIF: String?

    @Option(name: .customLong("output-junit"), help: "Also write JUnit XML to this file.")
    var outputJUnit: String?

    @Option(name: .customLong("output-markdown"), help: "Also write the reviewer's Markdown report to this file.")
    var outputMarkdown: String?

    @Option(name: .customLong("output-codequality"), help: "Also write a GitLab Code Quality report to this file.")
    var outputCodeQuality: String?

    /// Where a run with no output options writes: the text report on standard output.
    static let standardTargets = [ResultWriter.Target(format: .text, destination: .standardOutput)]

    func targets(environment: [String: String] = [:]) throws -> [ResultWriter.Target] {
        var targets: [(format: ReportFormat, file: String?)] = []
        for spec in format {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard let format = ReportFormat(rawValue: parts[0]) else {
                let known = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown format '\(parts[0])'; choose one of \(known)")
            }
            targets.append((format, parts.count == 2 ? parts[1] : nil))
        }
        let mainTargets = targets.filter { $0.file == nil }
        if mainTargets.count > 1 {
            throw ValidationError("give one format for standard output; write the others as FORMAT=FILE")
        }
        if mainTargets.isEmpty { targets.insert((.text, nil), at: 0) }
        let extra: [(ReportFormat, String?)] = [
            (.sarif, outputSARIF), (.junit, outputJUnit), (.markdown, outputMarkdown), (.gitlab, outputCodeQuality),
        ]
        for case (let format, let file?) in extra { targets.append((format, file)) }
        var written = targets.map { target in
            let file = target.file ?? output
            return ResultWriter.Target(format: target.format, destination: file.map { .file($0) } ?? .standardOutput)
        }
        // GitHub shows a job summary from $GITHUB_STEP_SUMMARY; a run that writes Markdown elsewhere (the action
        // does, to publish it even when the gate fails) is left to place it itself.
        if targets.contains(where: { $0.format == .github }), outputMarkdown == nil,
            let summary = JobSummary.file(environment: environment)
        {
            written.append(ResultWriter.Target(format: .markdown, destination: .appending(summary)))
        }
        return written
    }

    func validate() throws {
        _ = try targets()
    }

    /// - Parameter extra: more files to write from the same masked result (an evidence bundle's reports).
    func emit(
        _ result: GateResult, also extra: [ResultWriter.Target] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let writer = ResultWriter(
            targets: try targets(environment: environment) + extra,
            options: ReportOptions(repositoryRoot: result.repository))
        try writer.write(result)
    }
}
