/// One control of a framework's catalogue, with the framework's own title for it.
public struct Control: Sendable, Hashable {
    /// The id within its framework (`CC8.1`); rules name it as `SOC2:CC8.1`.
    public let id: String
    public let title: String
}

/// A compliance framework rules can map to (`controls: ["SOC2:CC8.1"]`).
public struct ControlFramework: Sendable, Hashable {
    /// The prefix of its control ids.
    public let id: String
    public let title: String
    /// How CAVRA-format packs name it in `compliance.maps_to`, each followed by the clause.
    public let labels: [String]
    /// Its top-level ids and every finer id a bundled pack names: what coverage is counted against.
    public let controls: [Control]

    public func control(_ id: String) -> Control? {
        controls.first { $0.id == id }
    }
}

/// The one list of frameworks the pack loader, the CAVRA translator, compliance reports and the published schema
/// agree on; its data is policies/controls.yaml, compiled in by scripts/generate-bundled-policies.
public enum ControlCatalogue {
    public static let frameworkIDs = frameworks.map(\.id)

    /// What the published schema allows: a prefix outside the catalogue is an organisation's own framework, so
    /// only the shape is checked there; the loader also checks the ids of catalogue frameworks.
    public static let controlIDPattern = "^[A-Z][A-Z0-9-]*:[^ ]+$"

    public static func framework(_ id: String) -> ControlFramework? {
        frameworks.first { $0.id == id }
    }

    /// Why `control` cannot be named by a rule, or nil when it can: it must be `FRAMEWORK:ID`, and an id of a
    /// catalogue framework must be in that framework's catalogue.
    static func problem(with control: String) -> String? {
        guard control.wholeMatch(of: /[A-Z][A-Z0-9-]*:[^ ]+/) != nil else {
            return
                "control '\(control)' must be FRAMEWORK:ID: an upper-case framework (\(frameworkIDs.joined(separator: ", ")) or an organisation's own), a colon and an id without spaces"
        }
        let (prefix, id) = split(control)
        guard let framework = framework(prefix), framework.control(id) == nil else { return nil }
        let closest = closestIDs(to: id, in: framework).map { "\(prefix):\($0)" }
        return
            "control '\(control)' is not in the \(framework.id) catalogue; the closest are \(closest.joined(separator: ", "))"
    }

    /// The catalogue entry `control` names, or nil for an organisation's own framework.
    public static func entry(_ control: String) -> (framework: ControlFramework, control: Control)? {
        let (prefix, id) = split(control)
        guard let framework = framework(prefix), let entry = framework.control(id) else { return nil }
        return (framework, entry)
    }

    /// The control a CAVRA `maps_to` label names (`"SOC 2 CC8.1"` → `SOC2:CC8.1`), or nil.
    static func control(forLabel label: String) -> String? {
        for framework in frameworks {
            for prefix in framework.labels where label.hasPrefix(prefix) {
                let id = String(label.dropFirst(prefix.count))
                if framework.control(id) != nil { return "\(framework.id):\(id)" }
            }
        }
        return nil
    }

    /// The framework prefix and the id within it.
    public static func split(_ control: String) -> (prefix: String, id: String) {
        let parts = control.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts[0], parts.count == 2 ? parts[1] : "")
    }

    /// The three ids sharing the longest start with `id`, then fewest edits away, so a typo's message shows the
    /// id meant: `CC8.2` is nearer `CC8.1` than `CC1.2`.
    private static func closestIDs(to id: String, in framework: ControlFramework) -> [String] {
        let ranked = framework.controls.map { control in
            (
                id: control.id, shared: -zip(id, control.id).prefix { $0 == $1 }.count,
                distance: editDistance(Array(id), Array(control.id))
            )
        }
        return ranked.sorted { ($0.shared, $0.distance, $0.id) < ($1.shared, $1.distance, $1.id) }.prefix(3).map(\.id)
    }

    private static func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
        var previous = Array(0...rhs.count)
        for (i, left) in lhs.enumerated() {
            var current = [i + 1]
            for (j, right) in rhs.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[rhs.count]
    }
}
