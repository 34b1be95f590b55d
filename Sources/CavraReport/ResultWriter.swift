import CavraModel
import Foundation

/// Writes one result in every requested format: masks secrets once, renders each view of that one masked
/// result, and sends the run's errors and warnings to standard error. Callers only choose the targets.
public struct ResultWriter {
    public enum Destination: Sendable, Hashable {
        case standardOutput
        /// Replaces the file.
        case file(String)
        /// Appends to the file, creating it: CI job summaries collect several steps' reports.
        case appending(String)
    }

    public struct Target: Sendable, Hashable {
        public var format: ReportFormat
        public var destination: Destination

        public init(format: ReportFormat, destination: Destination) {
            self.format = format
            self.destination = destination
        }
    }

    public let targets: [Target]
    public let options: ReportOptions

    public init(targets: [Target], options: ReportOptions) {
        self.targets = targets
        self.options = options
    }

    /// - Throws: `ReportError` when a file cannot be written; what could be written is written.
    public func write(_ result: GateResult) throws(ReportError) {
        let redacted = RedactedResult(result)
        let masked = redacted.result
        var failure: ReportError?
        for target in targets {
            // Errors always go to standard error; a text report on the terminal would only repeat them.
            let renderer: any ReportRenderer =
                target.format == .text && target.destination == .standardOutput
                ? TextReport(includingErrors: false) : target.format.renderer(options: options)
            do {
                try Self.deliver(try renderer.render(redacted), to: target.destination)
            } catch {
                failure = failure ?? ReportError(format: target.format, destination: target.destination, cause: error)
            }
        }
        for notice in masked.notices where notice.kind == .breakGlass {
            Self.standardError("warning: \(notice.message)")
        }
        for warning in masked.warnings { Self.standardError("warning: \(warning)") }
        for error in masked.errors {
            let location = error.file.map { SourceLocation(file: $0, line: error.line, column: error.column) }
            Self.standardError("error: " + (location.map { "\($0): \(error.message)" } ?? error.message))
        }
        if let failure { throw failure }
    }

    private static func deliver(_ text: String, to destination: Destination) throws {
        let bytes = Data(text.utf8)
        switch destination {
        case .standardOutput:
            FileHandle.standardOutput.write(bytes)
        case .file(let path):
            try bytes.write(to: URL(fileURLWithPath: path))
        case .appending(let path):
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CocoaError(.fileWriteNoPermission)
                }
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
        }
    }

    /// Standard error is the CI log too: each line is one a runner never reads as a command.
    private static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((DisplayText.line("cavra-gate: \(line)") + "\n").utf8))
    }
}

/// A report that could not be written.
public struct ReportError: GateFailure {
    public let format: ReportFormat
    public let destination: ResultWriter.Destination
    public let cause: any Error

    public var message: String {
        let place =
            switch destination {
            case .standardOutput: "standard output"
            case .file(let path), .appending(let path): path
            }
        return
            "cannot write the \(format.rawValue) report to \(place): \(cause.localizedDescription); check that the folder exists and is writable"
    }
}
