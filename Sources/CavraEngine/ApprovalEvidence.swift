import CavraGit
import CavraModel
import CavraPolicy
import CavraTrust
import Foundation

/// The approver keys and approval records a run of the gate weighs: keys from the trusted revision (or
/// `--approvers`), records from the head being judged (or `--approvals`).
struct ApprovalEvidence {
    static let approversPath = ".cavra/approvers.yaml"
    static let recordFolder = ".cavra/approvals"
    /// More records than any review could weigh is a mistake, not evidence.
    static let recordLimit = 10_000

    var approvers = ApproverGroups()
    /// Each record file with its parsed record, or why it could not be read.
    var records: [(file: String, record: Result<ApprovalRecord, IgnoredApproval>)] = []

    init(choice: ApprovalChoice, repository: GitRepository, range: CompareRange) throws {
        if let file = choice.approversFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw EngineError.approversUnreadable(path: file)
            }
            approvers = try ApproverGroups(yaml: String(decoding: data, as: UTF8.self), source: file)
        } else if let base = range.trustedRevision,
            let bytes = try repository.fileContent(path: Self.approversPath, atRevision: base)
        {
            approvers = try ApproverGroups(
                yaml: String(decoding: bytes, as: UTF8.self), source: "\(base.prefix(12)):\(Self.approversPath)")
        }
        if let folder = choice.recordsFolder {
            records = try Self.diskRecords(in: folder, named: { "\(folder)/\($0)" }, mustExist: true)
        } else if range.mode != .staged, let head = range.head {
            records = try repository.files(under: Self.recordFolder, on: .commit(head), limit: Self.recordLimit)
                .filter { $0.path.hasSuffix(".json") && !$0.mode.isTree }
                .map { entry in
                    let bytes = try repository.fileContent(path: entry.path, atRevision: head) ?? []
                    return (entry.path, Self.parse(bytes, file: entry.path))
                }
        } else if repository.hasWorkTree {
            records = try Self.diskRecords(
                in: repository.rootPath + "/" + Self.recordFolder, named: { "\(Self.recordFolder)/\($0)" },
                mustExist: false)
        }
    }

    private static func diskRecords(in folder: String, named: (String) -> String, mustExist: Bool) throws
        -> [(file: String, record: Result<ApprovalRecord, IgnoredApproval>)]
    {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            if mustExist { throw EngineError.approvalsFolderUnreadable(path: folder) }
            return []
        }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            let bytes = FileManager.default.contents(atPath: folder + "/" + name).map(Array.init) ?? []
            return (named(name), parse(bytes, file: named(name)))
        }
    }

    private static func parse(_ bytes: [UInt8], file: String) -> Result<ApprovalRecord, IgnoredApproval> {
        do {
            let record = try JSONDecoder().decode(ApprovalRecord.self, from: Data(bytes))
            guard record.schema == ApprovalRecord.schemaID else {
                return .failure(
                    IgnoredApproval(
                        file: file, reason: .unreadable,
                        detail: "its schema is '\(record.schema)', not \(ApprovalRecord.schemaID)"))
            }
            return .success(record)
        } catch {
            return .failure(
                IgnoredApproval(
                    file: file, reason: .unreadable,
                    detail: "it is not a \(ApprovalRecord.schemaID) record; write it with cavra-gate approve"))
        }
    }
}
