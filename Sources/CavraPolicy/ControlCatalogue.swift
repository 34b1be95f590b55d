/// A compliance framework rules can map to (`controls: ["SOC2:CC8.1"]`).
public struct ControlFramework: Sendable, Hashable {
    /// The prefix of its control ids.
    public let id: String
    public let title: String
    /// How CAVRA-format packs name it in `compliance.maps_to`, each followed by the clause.
    public let labels: [String]
}

/// The one list of frameworks the pack loader, the CAVRA translator and the published schema agree on; its data
/// is policies/controls.yaml, compiled in by scripts/generate-bundled-policies.
public enum ControlCatalogue {
    public static let frameworkIDs = frameworks.map(\.id)

    public static func framework(_ id: String) -> ControlFramework? {
        frameworks.first { $0.id == id }
    }

    /// Whether `control` is `FRAMEWORK:ID` with a known framework and an id without spaces.
    static func isControlID(_ control: String) -> Bool {
        let parts = control.split(separator: ":", maxSplits: 1)
        return parts.count == 2 && frameworkIDs.contains(String(parts[0])) && !parts[1].contains(" ")
    }

    /// The control a CAVRA `maps_to` label names (`"SOC 2 CC8.1"` → `SOC2:CC8.1`), or nil.
    static func control(forLabel label: String) -> String? {
        for framework in frameworks {
            for prefix in framework.labels where label.hasPrefix(prefix) {
                let control = "\(framework.id):\(label.dropFirst(prefix.count))"
                if isControlID(control) { return control }
            }
        }
        return nil
    }
}
