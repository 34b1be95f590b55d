import ArgumentParser
import CavraModel
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

    struct Target {
        var format: ReportFormat
        var file: String?
    }

    func targets() throws -> [Target] {
        var targets: [Target] = []
        for spec in format {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard let format = ReportFormat(rawValue: parts[0]) else {
                let known = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown format '\(parts[0])'; choose one of \(known)")
            }
            targets.append(Target(format: format, file: parts.count == 2 ? parts[1] : nil))
        }
        let mainTargets = targets.filter { $0.file == nil }
        if mainTargets.count > 1 {
            throw ValidationError("give one format for standard output; write the others as FORMAT=FILE")
        }
        if mainTargets.isEmpty { targets.insert(Target(format: .text, file: nil), at: 0) }
        targets = targets.map { $0.file == nil ? Target(format: $0.format, file: output) : $0 }
        let extra: [(ReportFormat, String?)] = [
            (.sarif, outputSARIF), (.junit, outputJUnit), (.markdown, outputMarkdown), (.gitlab, outputCodeQuality),
        ]
        for case (let format, let file?) in extra { targets.append(Target(format: format, file: file)) }
        return targets
    }

    func validate() throws {
        _ = try targets()
    }

    func emit(_ result: GateResult, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let targets = try targets()
        let options = ReportOptions(repositoryRoot: result.repository)
        for target in targets {
            // Errors always go to stderr; a text report on the terminal would only repeat them.
            let renderer: any ReportRenderer =
                target.format == .text && target.file == nil
                ? TextReport(includingErrors: false) : target.format.renderer(options: options)
            try write(try renderer.render(result), to: target.file, format: target.format)
        }
        // GitHub shows a job summary from $GITHUB_STEP_SUMMARY; a run that writes Markdown elsewhere (the action
        // does, to publish it even when the gate fails) is left to place it itself.
        if targets.contains(where: { $0.format == .github }), outputMarkdown == nil,
            let summary = environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty
        {
            try append(try ReportFormat.markdown.renderer(options: options).render(result), to: summary)
        }
        for error in result.errors {
            let location = error.file.map { SourceLocation(file: $0, line: error.line, column: error.column) }
            Terminal.error(location.map { "\($0): \(error.message)" } ?? error.message)
        }
    }

    private func write(_ text: String, to file: String?, format: ReportFormat) throws {
        guard let file else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            Terminal.error("cannot write the \(format.rawValue) report to \(file): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.undecided)
        }
    }

    private func append(_ text: String, to file: String) throws {
        guard let handle = FileHandle(forWritingAtPath: file) ?? createFile(file) else {
            Terminal.error("cannot append the job summary to \(file)")
            throw ExitCode(ExitStatus.undecided)
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
    }

    private func createFile(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
    }
}
