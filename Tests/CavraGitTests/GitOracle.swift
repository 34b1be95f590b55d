import CavraGit
import CavraModel
import TestSupport

/// One change as `git diff --raw -z` prints it; the reference the tests hold cavra-gate's change sets to.
struct RawChange: Hashable, Comparable, CustomStringConvertible {
    var status: String
    var oldPath: String?
    var path: String
    var oldMode: String
    var newMode: String
    var oldBlob: String?
    var newBlob: String?
    var commit: String?

    static func < (lhs: RawChange, rhs: RawChange) -> Bool {
        (lhs.commit ?? "", lhs.path, lhs.status, lhs.oldPath ?? "") < (
            rhs.commit ?? "", rhs.path, rhs.status, rhs.oldPath ?? ""
        )
    }

    var description: String {
        "\(status) \(oldPath.map { "\($0) -> " } ?? "")\(path.debugDescription) \(oldMode)->\(newMode)"
    }

    init(
        status: String, oldPath: String?, path: String, oldMode: String, newMode: String, oldBlob: String?,
        newBlob: String?, commit: String? = nil
    ) {
        self.status = status
        self.oldPath = oldPath
        self.path = path
        self.oldMode = oldMode
        self.newMode = newMode
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.commit = commit
    }

    /// The same view of a change produced by cavra-gate.
    init(_ change: Change) {
        self.init(
            status: change.status.rawValue, oldPath: change.oldPath?.decoded, path: change.path.decoded,
            oldMode: change.oldMode.description, newMode: change.newMode.description, oldBlob: change.oldBlob,
            newBlob: change.newBlob, commit: change.commit)
    }
}

enum GitOracle {
    static let zeroID = String(repeating: "0", count: 40)

    /// `git diff --raw -z -M --no-abbrev <arguments>`, parsed; `commit` is stamped on every entry.
    static func raw(_ repository: ScratchRepository, _ arguments: [String], commit: String? = nil) throws -> [RawChange]
    {
        let output = try repository.git(["diff", "--raw", "-z", "-M", "--no-abbrev"] + arguments)
        var fields = output.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)[...]
        var changes: [RawChange] = []
        while let header = fields.popFirst(), header.hasPrefix(":") {
            let parts = header.dropFirst().split(separator: " ").map(String.init)
            let status = String(parts[4].prefix(1))
            let first = fields.popFirst()!
            let second = status == "R" || status == "C" ? fields.popFirst() : nil
            changes.append(
                RawChange(
                    status: status, oldPath: second == nil ? nil : first, path: second ?? first, oldMode: parts[0],
                    newMode: parts[1], oldBlob: parts[2] == zeroID ? nil : parts[2],
                    newBlob: parts[3] == zeroID ? nil : parts[3], commit: commit))
        }
        return changes.sorted()
    }

    /// `git diff --name-status -z -M <arguments>` as (status letter, paths) pairs, sorted.
    static func nameStatus(_ repository: ScratchRepository, _ arguments: [String]) throws -> [[String]] {
        let output = try repository.git(["diff", "--name-status", "-z", "-M"] + arguments)
        var fields = output.split(separator: "\0").map(String.init)[...]
        var entries: [[String]] = []
        while let status = fields.popFirst() {
            let letter = String(status.prefix(1))
            let count = letter == "R" || letter == "C" ? 2 : 1
            entries.append([letter] + (0..<count).map { _ in fields.popFirst()! })
        }
        return entries.sorted { $0.joined(separator: "\0") < $1.joined(separator: "\0") }
    }

    /// cavra-gate's changes in the `--name-status` shape.
    static func nameStatus(of changes: [Change]) -> [[String]] {
        changes.map { change -> [String] in
            [change.status.rawValue] + (change.oldPath.map { [$0.decoded] } ?? []) + [change.path.decoded]
        }
        .sorted { $0.joined(separator: "\0") < $1.joined(separator: "\0") }
    }

    static func raw(of changes: [Change]) -> [RawChange] {
        changes.map(RawChange.init).sorted()
    }
}

extension GitPath {
    /// The path decoded as the test's reading of git's output decodes it.
    var decoded: String { String(decoding: bytes, as: UTF8.self) }
}
