import CavraGit
import Foundation

/// Installs and removes cavra-gate's git hooks in the folder git runs hooks from (honouring `core.hooksPath`).
/// A hook that was already there is renamed to `<hook>.cavra-chained` (bytes, mode and symlinks untouched) and run
/// first by the new hook; uninstalling renames it back.
public struct HookInstaller {
    /// What happened to one hook.
    public enum Outcome: String, Sendable {
        case installed
        case installedChaining = "installed, chaining the hook that was there"
        case alreadyInstalled = "already installed"
        case removed
        case restored = "removed, and the hook that was there restored"
        case notInstalled = "not installed by cavra-gate; left alone"
    }

    public let hooksDirectory: String

    /// - Throws: `GitError` when `repositoryPath` is not inside a repository.
    public init(repositoryPath: String) throws {
        hooksDirectory = try GitRepository(discoveringFrom: repositoryPath).hooksDirectory
    }

    /// Installs every hook; running it again changes nothing.
    /// - Throws: `HookError` when a hook cannot be written or a preserved hook is in the way.
    public func install() throws -> [(hook: HookScript, outcome: Outcome)] {
        try createHooksDirectory()
        return try HookScript.allCases.map { ($0, try install($0)) }
    }

    /// Removes every hook cavra-gate installed and puts back what was there before.
    /// - Throws: `HookError` when a file cannot be moved or removed.
    public func uninstall() throws -> [(hook: HookScript, outcome: Outcome)] {
        try HookScript.allCases.map { ($0, try uninstall($0)) }
    }

    private func install(_ hook: HookScript) throws(HookError) -> Outcome {
        let path = self.path(of: hook)
        let chained = path + HookScript.chainedSuffix
        var outcome = Outcome.installed
        if let existing = Self.contents(of: path) {
            if existing == hook.text { return .alreadyInstalled }
            // An older cavra-gate hook is replaced in place; anything else is preserved and chained.
            if !existing.contains(HookScript.marker) {
                guard !Self.exists(chained) else { throw .chainedHookInTheWay(path: chained) }
                try move(path, to: chained)
                outcome = .installedChaining
            }
        } else if Self.exists(path) {
            // A dangling symlink or other unreadable entry is still someone's hook.
            guard !Self.exists(chained) else { throw .chainedHookInTheWay(path: chained) }
            try move(path, to: chained)
            outcome = .installedChaining
        }
        try write(hook.text, to: path)
        return outcome
    }

    private func uninstall(_ hook: HookScript) throws(HookError) -> Outcome {
        let path = self.path(of: hook)
        let chained = path + HookScript.chainedSuffix
        guard let existing = Self.contents(of: path), existing.contains(HookScript.marker) else {
            return .notInstalled
        }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw .cannotWriteHook(path: path, reason: error.localizedDescription)
        }
        guard Self.exists(chained) else { return .removed }
        try move(chained, to: path)
        return .restored
    }

    private func path(of hook: HookScript) -> String { hooksDirectory + "/" + hook.fileName }

    private func createHooksDirectory() throws(HookError) {
        do {
            try FileManager.default.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWriteHook(path: hooksDirectory, reason: error.localizedDescription)
        }
    }

    private func write(_ text: String, to path: String) throws(HookError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw .cannotWriteHook(path: path, reason: error.localizedDescription)
        }
    }

    private func move(_ source: String, to destination: String) throws(HookError) {
        // rename(2) keeps the bytes, the mode and a symlink as a symlink, so uninstall restores it exactly.
        guard rename(source, destination) == 0 else {
            throw .cannotWriteHook(path: destination, reason: String(cString: strerror(errno)))
        }
    }

    private static func contents(of path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// True for anything at the path, a dangling symlink included.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
