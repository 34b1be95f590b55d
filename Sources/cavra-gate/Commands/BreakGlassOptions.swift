import ArgumentParser
import CavraEngine

/// `check --break-glass --reason TEXT --ticket REF [--actor NAME]` (docs/approvals.md, "Break-glass").
struct BreakGlassOptions: ParsableArguments {
    @Flag(
        name: .customLong("break-glass"),
        help: """
            Force a pass in an emergency, where the base policy allows break-glass: findings awaiting approval and \
            denials of break_glass rules are lifted, and every report says so.
            """)
    var enabled = false

    @Option(help: "With --break-glass: why the gate is forced open.")
    var reason: String?

    @Option(help: "With --break-glass: the incident or change ticket that authorises it.")
    var ticket: String?

    @Option(help: "With --break-glass: who forces it; the CI platform's user, else git's user.email.")
    var actor: String?

    func validate() throws {
        guard enabled else {
            if reason != nil || ticket != nil || actor != nil {
                throw ValidationError("--reason, --ticket and --actor go with --break-glass; add it, or leave them out")
            }
            return
        }
        if reason == nil {
            throw ValidationError("--break-glass needs --reason TEXT saying why the gate is forced open")
        }
        if ticket == nil {
            throw ValidationError("--break-glass needs --ticket REF naming the ticket that authorises it")
        }
    }

    func request(environment: [String: String], repositoryPath: String) throws -> BreakGlassRequest? {
        guard enabled, let reason, let ticket else { return nil }
        guard
            let actor = actor
                ?? BreakGlassRequest.defaultActor(environment: environment, repositoryPath: repositoryPath)
        else {
            throw ValidationError(
                "--break-glass cannot tell who forces the gate open: no CI user and no git user.email; pass --actor NAME"
            )
        }
        return BreakGlassRequest(actor: actor, reason: reason, ticket: ticket)
    }
}
