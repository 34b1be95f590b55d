import CavraModel

/// `CAVRA_GATE_SKIP=1` asks a hook not to judge. Policy v1 has no setting that allows skipping, so every such
/// request is refused: the gate runs as usual and says why, so a skip never passes silently.
public enum HookSkip {
    public static let variable = "CAVRA_GATE_SKIP"

    /// The sentence to print when a skip was asked for; nil when it was not.
    public static func refusal(environment: [String: String], policy: GateResult.PolicyInfo?) -> String? {
        guard let value = environment[variable], !value.isEmpty, value != "0" else { return nil }
        let name = policy.map { "policy \($0.id)" } ?? "the policy"
        return "\(variable)=\(value) was refused: \(name) does not allow skipping the gate (policy v1 has no "
            + "setting that does), so the change was judged as usual."
    }
}
