import CavraModel
import Foundation

/// Takes away what runs another command (`sudo`, `env`, `VAR=x`, `nohup`, `time`, `xargs`, `exec`, ...), so a
/// rule about `terraform` sees `terraform` however it was launched, and finds the scripts that `bash -c`,
/// `sh -c` and `eval` run.
enum CommandNormalizer {
    struct Normalized {
        var words: [String]
        var innerScripts: [String]
    }

    /// A wrapper's options, and which of them take a value in the next word.
    private struct Wrapper {
        var optionsWithValue: Set<String>
        /// Arguments the wrapper consumes before the command (`timeout 30s cmd`).
        var leadingOperands = 0
    }

    private static let wrappers: [String: Wrapper] = [
        "sudo": Wrapper(optionsWithValue: [
            "-u", "-g", "-h", "-p", "-C", "-U", "-r", "-t", "-T", "-D", "--user", "--group",
        ]),
        "doas": Wrapper(optionsWithValue: ["-u", "-C"]),
        "env": Wrapper(optionsWithValue: ["-u", "--unset", "-C", "--chdir"]),
        "nohup": Wrapper(optionsWithValue: []),
        "exec": Wrapper(optionsWithValue: ["-a"]),
        "time": Wrapper(optionsWithValue: ["-f", "-o"]),
        "nice": Wrapper(optionsWithValue: ["-n", "--adjustment"]),
        "ionice": Wrapper(optionsWithValue: ["-c", "-n", "-p"]),
        "timeout": Wrapper(optionsWithValue: ["-s", "--signal", "-k", "--kill-after"], leadingOperands: 1),
        "stdbuf": Wrapper(optionsWithValue: ["-i", "-o", "-e"]),
        "xargs": Wrapper(optionsWithValue: [
            "-I", "-n", "-P", "-L", "-d", "-E", "-s", "-a", "--max-args", "--max-procs",
        ]),
        "setsid": Wrapper(optionsWithValue: []),
        "chronic": Wrapper(optionsWithValue: []),
        "unbuffer": Wrapper(optionsWithValue: []),
        "builtin": Wrapper(optionsWithValue: []),
        "command": Wrapper(optionsWithValue: []),
        "chroot": Wrapper(optionsWithValue: ["--userspec", "--groups"], leadingOperands: 1),
        // `watch` hands its operands, joined, to `sh -c`; see `normalize`.
        "watch": Wrapper(optionsWithValue: ["-n", "--interval", "-q", "--equexit"]),
    ]

    /// `find` actions that run a command, which ends at `;` or `+`.
    private static let findActions: Set<String> = ["-exec", "-execdir", "-ok", "-okdir"]

    private static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "busybox", "fish"]
    private static let powerShells: Set<String> = ["pwsh", "powershell", "pwsh.exe", "powershell.exe"]

    static func isShell(_ program: String) -> Bool { shells.contains(program) }
    static func isPowerShell(_ program: String) -> Bool { powerShells.contains(program.lowercased()) }

    /// Programs that run a file they are given as code, so `bash <(curl ...)` and `source <(curl ...)` run a
    /// download.
    static func runsCode(_ command: SimpleCommand) -> Bool {
        isShell(command.program) || isPowerShell(command.program) || command.program == "source"
            || command.program == "." || InlineCode.isInterpreter(command.program)
    }

    /// What a command prints when it can be known from the text: what `echo` and `printf` print, the program
    /// `which` finds, the input `cat` passes on, what `base64 -d` decodes. `isInput` says the text is the pipeline's own here-document, which
    /// starts on `firstLine`.
    struct Output {
        var text: String
        var isInput = false
        var firstLine: Int?
    }

    static func output(of words: [String], input: Output?) -> Output? {
        guard let first = words.first else { return nil }
        switch basename(first) {
        case "echo", "printf":
            return printedText(of: words).map { Output(text: $0) }
        case "which", "command", "type", "whence":
            // `$(which terraform)` and `$(command -v terraform)` print where the program is: that program.
            return words.dropFirst().last { !$0.hasPrefix("-") }.map { Output(text: $0) }
        case "cat" where words.dropFirst().allSatisfy({ $0 == "-" }):
            return input
        case "base64" where words.contains(where: { ["-d", "-D", "--decode"].contains($0) }):
            guard let input,
                let data = Data(base64Encoded: input.text, options: .ignoreUnknownCharacters),
                let decoded = String(data: data, encoding: .utf8)
            else { return nil }
            return Output(text: decoded)
        default:
            return nil
        }
    }

    static func normalize(_ input: [String]) -> Normalized {
        var words = input[...]
        var innerScripts: [String] = []
        var changed = true
        while changed, let first = words.first {
            changed = false
            if isAssignment(first) {
                words = words.dropFirst()
                changed = true
                continue
            }
            let program = basename(first)
            // `command -v x` and `env` alone only look things up; they run nothing else.
            if program == "command", words.dropFirst().contains(where: { $0 == "-v" || $0 == "-V" }) { break }
            if program == "env", let split = splitStringOption(words) {
                innerScripts.append(split)
            }
            guard let wrapper = wrappers[program], words.count > 1 else { break }
            var rest = words.dropFirst()
            while let word = rest.first, word.hasPrefix("-"), word != "-" {
                rest = rest.dropFirst()
                if word == "--" { break }
                if wrapper.optionsWithValue.contains(word) { rest = rest.dropFirst() }
            }
            if program == "env" { while let word = rest.first, isAssignment(word) { rest = rest.dropFirst() } }
            rest = rest.dropFirst(wrapper.leadingOperands)
            guard !rest.isEmpty else { break }
            if program == "watch" {
                innerScripts.append(rest.joined(separator: " "))
                break
            }
            words = rest
            changed = true
        }
        let result = Array(words)
        if let script = innerScript(of: result) { innerScripts.append(script) }
        innerScripts += findCommands(of: result)
        return Normalized(words: result, innerScripts: innerScripts)
    }

    /// The commands `find -exec ... ;` runs, each quoted word by word so that reading it again gives the same
    /// words.
    private static func findCommands(of words: [String]) -> [String] {
        guard let first = words.first, basename(first) == "find" else { return [] }
        var commands: [String] = []
        var rest = words.dropFirst()[...]
        while let start = rest.firstIndex(where: findActions.contains) {
            let command = rest[(start + 1)...].prefix { $0 != ";" && $0 != "+" }
            if !command.isEmpty { commands.append(command.map(quoted).joined(separator: " ")) }
            rest = rest[(start + 1 + command.count)...]
        }
        return commands
    }

    /// A word in single quotes, which a shell reads back as exactly that word.
    static func quoted(_ word: String) -> String {
        "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// Whether a command starts a shell that reads its script from its input: `bash`, `sh -s`, or a shell on
    /// another machine or in a container (`ssh host bash`, `kubectl exec -i pod -- sh`). A shell given `-c`
    /// reads its script from that string instead.
    static func runsShellOnInput(_ words: [String]) -> Bool {
        guard let first = words.first, innerScript(of: words) == nil else { return false }
        let program = basename(first)
        if shells.contains(program) { return true }
        // `source /dev/stdin` and `. /dev/stdin` run their input in the current shell.
        if program == "source" || program == "." { return words.dropFirst().contains("/dev/stdin") }
        return remoteLaunchers.contains(program) && words.dropFirst().contains { shells.contains(basename($0)) }
    }

    /// Programs that run a command on another machine or in a container, handing it their input.
    private static let remoteLaunchers: Set<String> = [
        "ssh", "docker", "podman", "nerdctl", "kubectl", "oc", "nsenter", "lxc", "incus",
    ]

    /// Roughly what `echo` or `printf` prints, for when a pipeline feeds it to a shell (`echo '...' | sh`):
    /// operands joined, and `\n` read as a line break whether or not the command would expand it, so a script
    /// split over escaped lines is still read line by line.
    static func printedText(of words: [String]) -> String? {
        guard let first = words.first, ["echo", "printf"].contains(basename(first)) else { return nil }
        let operands = words.dropFirst().drop { $0.hasPrefix("-") && $0.count > 1 }
        guard !operands.isEmpty else { return nil }
        return operands.joined(separator: " ").split(separator: "\\n", omittingEmptySubsequences: false)
            .joined(separator: "\n")
    }

    /// The string a shell runs with `-c` (also in bundles like `-ec`), or what `eval` joins together.
    private static func innerScript(of words: [String]) -> String? {
        guard let first = words.first else { return nil }
        let program = basename(first)
        if program == "eval" { return words.count > 1 ? words.dropFirst().joined(separator: " ") : nil }
        if isPowerShell(program) { return powerShellCommand(of: words) }
        guard shells.contains(program) || program == "su" else { return nil }
        var index = 1
        if program == "busybox" { index = 2 }
        while index < words.count {
            let word = words[index]
            if word.hasPrefix("-"), !word.hasPrefix("--"), word.dropFirst().contains("c") {
                return index + 1 < words.count ? words[index + 1] : nil
            }
            if word == "--command" { return index + 1 < words.count ? words[index + 1] : nil }
            if !word.hasPrefix("-") { return nil }
            index += 1
        }
        return nil
    }

    /// What `pwsh -Command ...` or `powershell -EncodedCommand ...` runs. Parameters may be shortened to any
    /// prefix (`-c`, `-com`); the rest of the line is the command, and Windows PowerShell takes a bare first
    /// argument as one too.
    private static func powerShellCommand(of words: [String]) -> String? {
        var index = 1
        while index < words.count {
            let word = words[index].lowercased()
            guard word.hasPrefix("-") else {
                return basename(words[0]).lowercased().hasPrefix("powershell")
                    ? words[index...].joined(separator: " ") : nil
            }
            let name = word.drop { $0 == "-" }
            if !name.isEmpty, "command".hasPrefix(name) { return words[(index + 1)...].joined(separator: " ") }
            if !name.isEmpty, "encodedcommand".hasPrefix(name) || name == "ec" {
                guard index + 1 < words.count, let data = Data(base64Encoded: words[index + 1]) else { return nil }
                return String(data: data, encoding: .utf16LittleEndian)
            }
            if !name.isEmpty, "file".hasPrefix(name) { return nil }
            if Self.powerShellValued.contains(where: { $0.hasPrefix(name) && name.count >= 2 }) { index += 1 }
            index += 1
        }
        return nil
    }

    private static let powerShellValued = [
        "executionpolicy", "windowstyle", "workingdirectory", "configurationname", "settingsfile", "outputformat",
        "inputformat", "version",
    ]

    /// `env -S "cmd args"` splits its string into a command.
    private static func splitStringOption(_ words: ArraySlice<String>) -> String? {
        guard let index = words.firstIndex(where: { $0 == "-S" || $0 == "--split-string" }),
            index + 1 < words.endIndex
        else { return nil }
        return words[index + 1]
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        let name = word[..<equals]
        return name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    static func basename(_ word: String) -> String {
        word.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? word
    }
}
