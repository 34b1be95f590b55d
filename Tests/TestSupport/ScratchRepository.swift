import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A git repository in a fresh temporary directory, driven by the real `git` binary, for tests.
public final class ScratchRepository {
    public let url: URL
    public var path: String { url.path }

    /// Creates and initialises an empty repository with a fixed identity and `main` as its first branch.
    public init(bare: Bool = false, function: String = #function) throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("cavra-\(function.filter(\.isLetter).prefix(40))-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        url = base
        try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
        if !bare {
            try git(["config", "user.name", "Test"])
            try git(["config", "user.email", "test@example.invalid"])
            try git(["config", "commit.gpgsign", "false"])
            try git(["config", "core.autocrlf", "false"])
        }
    }

    /// Wraps an existing directory (a clone made by a test).
    public init(existing url: URL) {
        self.url = url
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Runs git in the repository and returns its standard output; throws when git fails.
    @discardableResult
    public func git(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> String {
        let result = try Shell.run(["git"] + arguments, in: url, input: input, environment: environment)
        guard result.status == 0 else {
            throw ShellFailure(command: "git " + arguments.joined(separator: " "), result: result)
        }
        return result.stdout
    }

    /// Writes a file (creating directories), relative to the work tree.
    public func write(_ relativePath: String, _ contents: String, executable: Bool = false) throws {
        try writeData(relativePath, Data(contents.utf8), executable: executable)
    }

    public func writeData(_ relativePath: String, _ contents: Data, executable: Bool = false) throws {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file)
        try FileManager.default.setAttributes(
            [.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: file.path)
    }

    /// Writes a file whose path is raw bytes (which need not be UTF-8, and may hold newlines or quotes), creating
    /// its folders; `String`-based file APIs cannot name such paths.
    public func write(bytesPath relativePath: [UInt8], _ contents: String) throws {
        let full = Array(url.path.utf8) + [UInt8(ascii: "/")] + relativePath
        for (index, byte) in full.enumerated() where byte == UInt8(ascii: "/") && index > 0 {
            let folder = Array(full[..<index]) + [0]
            let made = folder.withUnsafeBufferPointer {
                mkdir(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), 0o755)
            }
            guard made == 0 || errno == EEXIST else { throw CocoaError(.fileWriteUnknown) }
        }
        let descriptor = (full + [0]).withUnsafeBufferPointer {
            open(
                UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT | O_TRUNC,
                0o644)
        }
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(relativePath))
    }

    /// Stages everything and commits; returns the new commit id.
    @discardableResult
    public func commitAll(_ message: String = "change") throws -> String {
        try git(["add", "-A"])
        try git(["commit", "-q", "--allow-empty", "-m", message])
        return try head()
    }

    public func head() throws -> String {
        try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func revParse(_ revision: String) throws -> String {
        try git(["rev-parse", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// What a finished process printed and returned.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Standard output as the bytes the program wrote, for output that need not be UTF-8.
    public var stdoutBytes: [UInt8] = []
}

public struct ShellFailure: Error, CustomStringConvertible {
    public var command: String
    public var result: ProcessResult
    public var description: String { "\(command) exited \(result.status): \(result.stderr)" }
}

/// Runs programs for tests, with stdin, and collects their output without deadlocking on full pipes.
public enum Shell {
    public static func run(
        _ arguments: [String], in directory: URL? = nil, input: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        // Tests must not pick up the developer's git configuration or CI's environment.
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_TERMINAL_PROMPT"] = "0"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Files rather than pipes: a chatty child can never block on a full pipe while we wait for it.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inPipe = Pipe()
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: Array(outData))
    }
}
