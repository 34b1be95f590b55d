import ArgumentParser
import CavraEngine

@main
struct CavraGate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cavra-gate")
}
