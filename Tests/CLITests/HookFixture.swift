import Foundation
import TestSupport

/// A bare repository as the remote and a clone of it with cavra-gate's hooks installed; git runs the hooks with
/// the built binary (`CAVRA_GATE_BIN`).
final class HookFixture {
    let remote: ScratchRepository
    let work: ScratchRepository
    let environment: [String: String]

    /// - Parameter depth: clone this shallow (the remote then needs history first, see `seedRemote`).
    init(seedRemote: ((ScratchRepository) throws -> Void)? = nil, depth: Int? = nil) throws {
        remote = try ScratchRepository(bare: true)
        environment = ["CAVRA_GATE_BIN": try GateBinary.url.path, "CAVRA_GATE_SKIP": ""]
        let seed = try ScratchRepository()
        try seed.write("README.md", "hello\n")
        try seed.commitAll("initial")
        try seedRemote?(seed)
        try seed.git(["push", "-q", remote.path, "--all"])
        let target = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cavra-hookwork-\(UUID().uuidString)")
        var clone = ["git", "clone", "-q"]
        if let depth { clone += ["--no-single-branch", "--depth", String(depth)] }
        _ = try Shell.run(clone + ["file://\(remote.path)", target.path])
        work = ScratchRepository(existing: target)
        try work.git(["config", "user.name", "Test"])
        try work.git(["config", "user.email", "test@example.invalid"])
        try work.git(["config", "commit.gpgsign", "false"])
        let install = try GateBinary.run(["hooks", "install"], in: work.url)
        guard install.status == 0 else { throw InstallFailure(stderr: install.stderr) }
    }

    /// Runs git in the clone with the hooks' environment; never throws on a non-zero exit.
    func git(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        try Shell.run(["git"] + arguments, in: work.url, environment: environment.merging(extra) { $1 })
    }

    /// Stages everything and commits through the pre-commit hook (which must pass), or past it with
    /// `--no-verify` to plant what the pre-push hook must still catch; returns the new commit id.
    @discardableResult
    func commitAll(_ message: String, verify: Bool = true) throws -> String {
        try work.git(["add", "-A"])
        let bypass = verify ? [] : ["--no-verify"]
        try work.git(["commit", "-q", "--allow-empty", "-m", message] + bypass, environment: environment)
        return try work.head()
    }

    /// The remote's refs as `git for-each-ref` prints them.
    func remoteRefs() throws -> String {
        try remote.git(["for-each-ref", "--format=%(refname) %(objectname)"])
    }

    /// The line the pre-push report gives one ref.
    static func refLine(_ ref: String, in output: String) -> String? {
        output.split(separator: "\n").map(String.init).first { $0.hasPrefix("note: \(ref):") }
    }
}

struct InstallFailure: Error {
    var stderr: String
}
