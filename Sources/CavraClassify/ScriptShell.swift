/// The program a build tool hands a script to (a Dockerfile's `SHELL`, a Makefile's `SHELL` and
/// `.SHELLFLAGS`). A shell (`sh`, `bash`, `zsh`...) reads the script as the gate's shell parser does; any other
/// program (`pwsh`, `python3`) gets the script as one argument after its own words, so the script is judged as
/// that program's inline code.
enum ScriptShell {
    /// The command line that runs `script` with `program`, quoted for the shell parser; nil when `program` is a
    /// shell the gate's parser reads as its own, or names nothing, and the script is read as shell text.
    static func invocation(of program: [String], running script: String) -> String? {
        guard !readsAsShell(program) else { return nil }
        return (program + [script]).map(CommandNormalizer.quoted).joined(separator: " ")
    }

    /// Whether `program` (its words, as a `SHELL` gives them) is a shell, or nothing, so the script is shell text.
    static func readsAsShell(_ program: [String]) -> Bool {
        program.first.map { CommandNormalizer.isShell(CommandNormalizer.basename($0)) } ?? true
    }
}
