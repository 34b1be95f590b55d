import ArgumentParser
import CavraModel
import CavraReport
import Foundation

/// Where and how a result is written: one main format (stdout or `--output`), plus any number of `F=FILE` copies.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "text or json; repeat as FORMAT=FILE to also write other formats to files.")
    var format: [String] = []

    @Option(name: .long, help: "Write the main format to this file instead of standard output.")
    var output: String?

    struct Target {
        var format: OutputFormat
        var file: String?
    }

    func targets() throws -> [Target] {
        var targets: [Target] = []
        for spec in format {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard let format = OutputFormat(rawValue: parts[0]) else {
                let known = OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown format '\(parts[0])'; choose one of \(known)")
            }
            targets.append(Target(format: format, file: parts.count == 2 ? parts[1] : nil))
        }
        let mainTargets = targets.filter { $0.file == nil }
        if mainTargets.count > 1 {
            throw ValidationError("give one format for standard output; write the others as FORMAT=FILE")
        }
        if mainTargets.isEmpty { targets.insert(Target(format: .text, file: nil), at: 0) }
        return targets.map { target in
            target.file == nil ? Target(format: target.format, file: output) : target
        }
    }

    func validate() throws {
        _ = try targets()
    }

    func emit(_ result: GateResult) throws {
        for target in try targets() {
            // Errors always go to stderr; a text report on stdout would only repeat them there.
            let text = try target.format.render(result, includingErrors: target.file != nil)
            if let file = target.file {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
                } catch {
                    Terminal.error(
                        "cannot write \(target.format.rawValue) output to \(file): \(error.localizedDescription)")
                    throw ExitCode(ExitStatus.undecided)
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        for error in result.errors {
            let location = error.file.map { SourceLocation(file: $0, line: error.line, column: error.column) }
            Terminal.error(location.map { "\($0): \(error.message)" } ?? error.message)
        }
    }
}

enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json

    func render(_ result: GateResult, includingErrors: Bool) throws -> String {
        switch self {
        case .text: TextReport(includingErrors: includingErrors).render(result)
        case .json: try JSONReport().render(result)
        }
    }
}
