import ArgumentParser
import CavraEngine

/// Where `check` reads approver keys and approval records instead of the repository's own files.
struct ApprovalOptions: ParsableArguments {
    @Option(
        name: .customLong("approvers"),
        help: "Approver keys per group (YAML, groups: {NAME: [PEM, ...]}) instead of .cavra/approvers.yaml at the base."
    )
    var approversFile: String?

    @Option(
        name: .customLong("approvals"),
        help: "A folder of approval records (*.json) instead of .cavra/approvals/ at the head.")
    var recordsFolder: String?

    var choice: ApprovalChoice {
        ApprovalChoice(approversFile: approversFile, recordsFolder: recordsFolder)
    }
}
