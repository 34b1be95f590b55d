import ArgumentParser
import CavraEngine
import CavraIdentity
import CavraLedger
import CavraModel
import CavraReport
import Foundation

/// `check --ledger FILE` (or `CAVRA_LEDGER`): the ledger a run is recorded in (docs/ledger.md).
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "Record the run in this ledger (SQLite; created when absent). Also CAVRA_LEDGER.")
    var ledger: String?

    /// The ledger, opened (and created) before judging, so a file that cannot be a ledger stops the run before
    /// anything else is written; nil when none is configured.
    func open(environment: [String: String]) throws(LedgerError) -> SQLiteLedger? {
        guard let path = ledger ?? LedgerLocation.fromEnvironment(environment) else { return nil }
        return try SQLiteLedger(path: path, creating: true)
    }
}

extension LedgerStore {
    /// Records a run as its reports show it: masked, so a secret a change held never reaches the ledger.
    func record(_ result: GateResult) throws(LedgerError) {
        _ = try append(LedgerEntry(result: RedactedResult(result).result), at: Date())
    }
}

/// The runner check remembers HMAC nonces in the ledger.
struct LedgerNonces: RunnerNonces {
    let ledger: any LedgerStore

    func recordNonce(_ nonce: String, keyID: String) throws -> String? {
        try ledger.recordNonce(nonce, keyID: keyID, at: Date())
    }
}
