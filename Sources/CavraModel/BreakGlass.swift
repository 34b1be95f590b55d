/// A break-glass pass (docs/approvals.md): who forced the gate open, why, under which ticket, until when, and which
/// findings it lifted. Findings stay in the result; only the verdict changes.
public struct BreakGlass: Codable, Sendable, Hashable {
    public var actor: String
    public var reason: String
    public var ticket: String
    /// RFC 3339 UTC: the policy's `max_duration` after the run.
    public var expires: String
    /// Fingerprints of the findings the pass lifted: deny findings of `break_glass: true` rules, and every finding
    /// awaiting approval. A deny finding not listed still denies.
    public var lifted: [String]

    public init(actor: String, reason: String, ticket: String, expires: String, lifted: [String]) {
        self.actor = actor
        self.reason = reason
        self.ticket = ticket
        self.expires = expires
        self.lifted = lifted
    }
}
