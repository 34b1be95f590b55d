import ArgumentParser
import CavraModel
import CavraReport

extension ResultWriter {
    /// Writes `result` to `targets`, masked once, and leaves with the result's exit code.
    static func write(_ result: GateResult, to targets: [Target]) throws -> Never {
        try ResultWriter(targets: targets, options: ReportOptions(repositoryRoot: result.repository)).write(result)
        throw ExitCode(result.exitCode)
    }
}
