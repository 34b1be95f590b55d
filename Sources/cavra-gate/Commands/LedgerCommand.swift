import ArgumentParser
import CavraEngine
import CavraLedger
import CavraModel
import CavraTrust
import Foundation

extension CavraGate {
    struct LedgerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger",
            abstract: "Read, export, verify or prune the hash-chained ledger of runs (docs/ledger.md).",
            subcommands: [List.self, Show.self, Export.self, Verify.self, Prune.self])
    }
}

/// Which ledger a `ledger` command reads: `--ledger`, else `CAVRA_LEDGER`, else the repository's `cavra.ledger`.
struct LedgerChoice: ParsableArguments {
    @Option(name: .long, help: "The ledger file; else CAVRA_LEDGER, else git config cavra.ledger of --repo.")
    var ledger: String?

    @Option(name: .long, help: "The repository whose cavra.ledger setting names the ledger.")
    var repo: String = "."

    func open() throws -> SQLiteLedger {
        let environment = ProcessInfo.processInfo.environment
        guard
            let path = ledger ?? LedgerLocation.configured(repositoryPath: repo, environment: environment)
        else {
            throw ValidationError(
                "no ledger is configured; give --ledger FILE, set CAVRA_LEDGER or run git config cavra.ledger true")
        }
        return try SQLiteLedger(path: path, creating: false)
    }
}

extension CavraGate.LedgerCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per row.")
        @OptionGroup var choice: LedgerChoice

        func run() throws {
            printLines(LedgerReport.list(try choice.open().rows()))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Every column of one row.")
        @Argument(help: "The row's id.") var id: Int64
        @OptionGroup var choice: LedgerChoice

        func run() throws {
            guard let row = try choice.open().row(id: id) else { throw LedgerError.noSuchRow(id) }
            printLines(LedgerReport.show(row))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Every row, as JSON lines or CSV, on standard output.")
        @Option(help: "jsonl or csv.") var format: ExportFormat = .jsonl
        @OptionGroup var choice: LedgerChoice

        enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
            case jsonl, csv
        }

        func run() throws {
            let rows = try choice.open().rows()
            let text = format == .jsonl ? LedgerReport.jsonLines(rows) : LedgerReport.csv(rows)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Check the hash chain; exit 2 naming the first row whose chain breaks.")
        @OptionGroup var choice: LedgerChoice

        func run() throws {
            let ledger = try choice.open()
            let rows = try ledger.verify()
            guard let first = rows.first, let last = rows.last else {
                print("\(ledger.path): intact, no rows")
                return
            }
            print("\(ledger.path): intact, \(rows.count) rows (\(first.id) to \(last.id)), last hash \(last.hash)")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Delete the rows before a date, leaving a checkpoint row so the rest still verifies.")
        @Option(help: "A date (YYYY-MM-DD, UTC midnight) or an RFC 3339 time.") var before: String
        @OptionGroup var choice: LedgerChoice

        func run() throws {
            guard let date = ApprovalRecord.date(before) ?? ApprovalRecord.date(before + "T00:00:00Z") else {
                throw ValidationError("--before \(before) is neither a date (YYYY-MM-DD) nor an RFC 3339 time")
            }
            let ledger = try choice.open()
            // A chain that is already broken is not pruned: the checkpoint would vouch for rows nobody checked.
            _ = try ledger.verify()
            guard let checkpoint = try ledger.prune(before: date, at: Date()) else {
                print("no row is older than \(ApprovalRecord.timestamp(date)); nothing was pruned")
                return
            }
            print(
                "pruned \(checkpoint.integer("pruned_rows") ?? 0) rows; checkpoint row \(checkpoint.id) continues "
                    + "from \(checkpoint.text("continues_from") ?? "")")
        }
    }
}

/// Values in a ledger could have been edited to hold terminal controls; each line is shown safely.
private func printLines(_ lines: [String]) {
    for line in lines { print(DisplayText.line(line)) }
}
