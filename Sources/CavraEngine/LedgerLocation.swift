import CavraGit

/// Where a run is recorded when no `--ledger` is given: `CAVRA_LEDGER`, else the repository's `cavra.ledger`
/// setting, a path (relative to the work tree root) or `true` for `cavra/ledger.sqlite` in the git directory that
/// every work tree of the repository shares (docs/ledger.md).
public enum LedgerLocation {
    public static let variable = "CAVRA_LEDGER"
    public static let configKey = "cavra.ledger"

    /// `CAVRA_LEDGER` alone; `check` reads no git setting, so a CI job records only where it was told to.
    public static func fromEnvironment(_ environment: [String: String]) -> String? {
        environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `CAVRA_LEDGER`, else the repository's setting; nil when neither names a ledger, or outside a repository.
    public static func configured(repositoryPath: String, environment: [String: String]) -> String? {
        if let path = fromEnvironment(environment) { return path }
        guard let repository = try? GitRepository(discoveringFrom: repositoryPath),
            let value = repository.configPath(configKey)
        else { return nil }
        switch value.lowercased() {
        case "true", "yes", "on", "1": return repository.commonDirectoryPath + "/cavra/ledger.sqlite"
        case "false", "no", "off", "0", "": return nil
        default: return value.hasPrefix("/") ? value : repository.rootPath + "/" + value
        }
    }
}
