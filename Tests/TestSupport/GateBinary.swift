import Foundation

/// The `cavra-gate` executable built next to the test bundle, run as users run it.
public enum GateBinary {
    public static var url: URL {
        get throws {
            let fileManager = FileManager.default
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("cavra-gate")
                if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let fallback = package.appendingPathComponent(".build/debug/cavra-gate")
            if fileManager.isExecutableFile(atPath: fallback.path) { return fallback }
            throw ShellFailure(
                command: "locate cavra-gate",
                result: ProcessResult(status: 127, stdout: "", stderr: "cavra-gate binary not found; run swift build"))
        }
    }

    /// Runs `cavra-gate` with arguments in a directory; never throws on a non-zero exit.
    public static func run(
        _ arguments: [String], in directory: URL, input: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        // A clean CI environment, so GitHub/GitLab/Azure variables of the machine running the tests never leak in.
        var env = environment
        for key in ["GITHUB_ACTIONS", "GITLAB_CI", "TF_BUILD", "CI"] where env[key] == nil { env[key] = "" }
        return try Shell.run([try url.path] + arguments, in: directory, input: input, environment: env)
    }
}
