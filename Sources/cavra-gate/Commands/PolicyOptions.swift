import ArgumentParser

/// Where policy packs come from.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: "A bundled pack id or a path to a pack; repeat to judge by several packs.")
    var policy: [String] = []

    @Option(name: .customLong("policy-dir"), help: "A folder of packs (<dir>/<id>/policy.yaml); also CAVRA_POLICY_DIR.")
    var policyDir: [String] = []

    func directories(environment: [String: String]) -> [String] {
        Self.directories(policyDir, environment: environment)
    }

    /// `--policy-dir` folders, then those of `CAVRA_POLICY_DIR`.
    static func directories(_ given: [String], environment: [String: String]) -> [String] {
        given + (environment["CAVRA_POLICY_DIR"] ?? "").split(separator: ":").map(String.init)
    }
}
