import ArgumentParser
import CavraModel
import CavraReport

extension ResultWriter {
    /// Writes `result` to `targets`, masked once, and leaves with the result's exit code.
    /// - Parameter afterWriting: what must happen once the verdict is out (recording the run), before leaving.
    static func write(_ result: GateResult, to targets: [Target], afterWriting: () throws -> Void = {}) throws -> Never
    {
        try ResultWriter(targets: targets, options: ReportOptions(repositoryRoot: result.repository)).write(result)
        try afterWriting()
        throw ExitCode(result.exitCode)
    }
}
