import CavraModel
import Foundation
import TestSupport

/// What `git diff --raw -z -M --no-abbrev` says a change set is; git is the oracle in tests only.
struct OracleEntry: Hashable, CustomStringConvertible {
    var status: String
    var path: String
    var oldPath: String?
    var oldMode: String
    var newMode: String
    var oldBlob: String?
    var newBlob: String?

    var description: String { "\(status) \(oldPath.map { "\($0) -> " } ?? "")\(path) \(oldMode)->\(newMode)" }

    static let zeroID = String(repeating: "0", count: 40)

    init(status: String, path: String, oldPath: String?, oldMode: String, newMode: String, oldBlob: String?, newBlob: String?) {
        self.status = status
        self.path = path
        self.oldPath = oldPath
        self.oldMode = oldMode
        self.newMode = newMode
        self.oldBlob = oldBlob
        self.newBlob = newBlob
    }

    init(_ change: Change) {
        self.init(
            status: change.status.rawValue, path: change.path, oldPath: change.oldPath,
            oldMode: change.oldMode.description, newMode: change.newMode.description, oldBlob: change.oldBlob,
            newBlob: change.newBlob)
    }

    /// Runs `git diff --raw -z -M --no-abbrev <arguments>` and parses its records.
    static func entries(_ repo: ScratchRepository, _ arguments: [String]) throws -> [OracleEntry] {
        let output = try repo.git(["diff", "--raw", "-z", "-M", "--no-abbrev"] + arguments)
        var fields = output.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)[...]
        var entries: [OracleEntry] = []
        while let header = fields.popFirst(), header.hasPrefix(":") {
            let parts = header.dropFirst().split(separator: " ").map(String.init)
            let status = String(parts[4].prefix(1))
            let first = fields.popFirst()!
            let second = (status == "R" || status == "C") ? fields.popFirst() : nil
            entries.append(
                OracleEntry(
                    status: status, path: second ?? first, oldPath: second == nil ? nil : first,
                    oldMode: parts[0], newMode: parts[1],
                    oldBlob: parts[2] == zeroID ? nil : parts[2], newBlob: parts[3] == zeroID ? nil : parts[3]))
        }
        return entries
    }
}

extension Array where Element == OracleEntry {
    var sortedByPath: [OracleEntry] { sorted { ($0.path, $0.oldPath ?? "") < ($1.path, $1.oldPath ?? "") } }
}
