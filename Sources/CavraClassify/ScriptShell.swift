/// The program a build tool hands a script to (a Dockerfile's `SHELL`, a Makefile's `SHELL` and
/// `.SHELLFLAGS`). A POSIX shell reads the script as the gate's shell parser does; any other program (`pwsh`,
/// `python3`) gets the script as one argument after its own words, so the script is judged as that program's
/// inline code.
enum ScriptShell {
    private static let posixShells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]

    /// The command line that runs `script` with `program`, quoted for the shell parser; nil when `program` is a
    /// POSIX shell, or names nothing, and the script is read as shell text.
    static func invocation(of program: [String], running script: String) -> String? {
        guard let first = program.first, let name = first.split(separator: "/").last,
            !posixShells.contains(String(name))
        else { return nil }
        return (program + [script]).map(CommandNormalizer.quoted).joined(separator: " ")
    }
}
