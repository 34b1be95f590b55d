import ArgumentParser
import CavraModel
import CavraPolicy
import Foundation

extension CavraGate.PolicyCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Compare two packs rule by rule and rate the risk of the change.",
            discussion: "Removing or weakening a deny is critical; widening an allow or an exception is high.")
        @Argument(help: "The pack before the change (id or path).")
        var old: String
        @Argument(help: "The pack after the change (id or path).")
        var new: String
        @OptionGroup var policy: PolicyOptions

        func run() throws {
            let packs = loader(policy)
            let diff = PolicyDiff(from: try packs.load(old), to: try packs.load(new))
            for entry in diff.entries {
                print(
                    "\(entry.change.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(entry.risk.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.ruleID): \(entry.details.joined(separator: "; "))"
                )
            }
            let counts = [PolicyDiff.Change.added, .removed, .changed].map { change in
                "\(diff.entries.filter { $0.change == change }.count) \(change.rawValue)"
            }
            print("\(counts.joined(separator: ", ")); risk \(diff.risk.rawValue)")
        }
    }
}
