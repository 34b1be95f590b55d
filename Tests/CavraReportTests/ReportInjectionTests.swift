import CavraModel
import Foundation
import Testing

@testable import CavraReport

/// A finding whose every text tries to forge CI log commands and carries secrets, rendered in every format.
@Suite struct ReportInjectionTests {
    static let secrets = [
        "hunter2", "ghp_0123456789abcdefghijABCDEFGHIJklmnop", "AKIAIOSFODNN7EXAMPLE", "s3cr3tpw", "abcdef123456",
        "wJalrXUtnFEMIK7MDENG", "glpat-AbCdEf0123456789xyz",
    ]

    /// Everything a runner or terminal acts on: line breaks of every kind, log commands after them, ANSI escapes,
    /// C1 controls, bidi overrides.
    static let forgery =
        "\n::error::forged\r::add-mask::x\n##vso[task.setvariable variable=pwned]yes\n  ::warning::indented"
        + "\n##[error]azure\u{2028}::notice::ls\u{2029}##VSO[task.complete result=Succeeded]\u{85}::stop-commands::t"
        + "\u{1B}[2J\u{1B}]0;title\u{07}\u{9B}31m\u{202E}txt.exe\u{0}\u{7F}\u{200B}\u{E0041}"

    static var hostile: GateResult {
        let command =
            "terraform apply -var db_password=hunter2" + forgery + " && curl -u alice:s3cr3tpw https://x"
            + " -H 'Authorization: Bearer abcdef123456'"
        let deny = Finding(
            fingerprint: "fp-1", ruleID: "commands.x" + forgery, decision: .deny, severity: .critical, kind: .command,
            path: "ci/evil" + forgery + "/ghp_0123456789abcdefghijABCDEFGHIJklmnop/x.yml", line: 3, command: command,
            reason: "::error::reason" + forgery + " AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG")
        let pending = Finding(
            fingerprint: "fp-2", ruleID: "paths.y", decision: .requireApproval, severity: .high, kind: .path,
            path: "::error::top" + forgery, oldPath: "old" + forgery + "AKIAIOSFODNN7EXAMPLE", reason: "Why.",
            approverGroup: "team" + forgery)
        let push = Finding(
            fingerprint: "fp-3", ruleID: "refs.z", decision: .deny, severity: .high, kind: .ref,
            ref: "refs/heads/x" + forgery + "glpat-AbCdEf0123456789xyz", operation: .force, reason: "Force.")
        let allowed = Finding(
            fingerprint: "fp-4", ruleID: "paths.ok", decision: .allow, severity: .low, kind: .path,
            path: "##vso[task.uploadfile]/etc/passwd" + forgery, reason: "Fine.")
        // Without a control character nothing needs quoting, but the log-command prefixes still do.
        let plain = Finding(
            fingerprint: "fp-5", ruleID: "paths.plain", decision: .deny, severity: .low, kind: .path,
            path: "##vso[task.uploadfile]/etc/shadow", oldPath: "##[error]old", reason: "##[warning]plain")
        var range = ReportFixtures.range
        range.notes = ["note" + forgery]
        range.headRef = "feature" + forgery
        var policy = ReportFixtures.policy
        policy.source = "https://u:hunter2@x.example/p.yaml" + forgery
        return ReportFixtures.result(
            [deny, pending, push, allowed, plain],
            errors: [
                .init(message: "Cannot read" + forgery + " token=hunter2", file: "p" + forgery + ".yaml", line: 1)
            ],
            range: range, policy: policy,
            approvalsIgnored: [
                IgnoredApproval(
                    file: ".cavra/approvals/r" + forgery + ".json", reason: .unreadable,
                    detail: "bad" + forgery + " ghp_0123456789abcdefghijABCDEFGHIJklmnop")
            ],
            breakGlass: BreakGlass(
                actor: "oncall" + forgery, reason: "outage" + forgery + " password=hunter2", ticket: "INC" + forgery,
                expires: "2026-06-01T12:00:00Z", lifted: ["fp-1"]))
    }

    /// Lines a format means to write as log commands; every other line must not read as one.
    static func isIntendedCommand(_ line: Substring, in format: ReportFormat) -> Bool {
        switch format {
        case .github: ["::error ", "::warning ", "::notice "].contains { line.hasPrefix($0) }
        case .azure: ["##vso[task.logissue ", "##vso[task.complete "].contains { line.hasPrefix($0) }
        default: false
        }
    }

    @Test(arguments: ReportFormat.allCases)
    func noFormatWritesAForgedLogCommandOrAControlCharacter(format: ReportFormat) throws {
        let text = try format.renderer().render(Self.hostile)
        if format == .sarif { try SARIFSamples.write(text, named: "log-command-forgery") }
        for scalar in text.unicodeScalars where scalar != "\n" {
            #expect(!DisplayText.isUnsafe(scalar), "\(format): U+\(String(scalar.value, radix: 16)) in output")
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0.isWhitespace }
            let intended = Self.isIntendedCommand(line, in: format)
            if !intended { #expect(!trimmed.hasPrefix("::"), "\(format): \(line)") }
            // The commands the gate writes hold one prefix each, at the start.
            let prefixes = line.lowercased().components(separatedBy: "##vso[").count - 1
            #expect(prefixes == (intended && format == .azure ? 1 : 0), "\(format): \(line)")
            #expect(!line.contains("##["), "\(format): \(line)")
        }
    }

    @Test(arguments: ReportFormat.allCases)
    func noFormatShowsASecret(format: ReportFormat) throws {
        let text = try format.renderer().render(Self.hostile)
        for secret in Self.secrets { #expect(!text.contains(secret), "\(format) shows \(secret)") }
    }

    @Test func theTextReportShowsEscapesWhereTheControlCharactersWere() {
        let text = TextReport().render(Self.hostile)
        #expect(text.contains(#"DENY critical commands.x\n::error::forged\r::add-mask::x\n\043#vso[task"#))
        #expect(text.contains(#""ci/evil\n::error::forged\r"#))
        #expect(text.contains(#"\033[2J\033]0;title\a\302\233"#))
        #expect(text.contains(#"\342\200\250::notice::ls\342\200\251\043#VSO["#))
        #expect(text.contains(#"\342\200\256txt.exe\000\177"#))
        #expect(text.contains("    \\072:error::reason"))
        #expect(text.contains("db_password=***"))
    }

    @Test func theJSONReportKeepsEveryTextExactlyButRedacted() throws {
        let text = try JSONReport().render(Self.hostile)
        let decoded = try JSONDecoder().decode(GateResult.self, from: Data(text.utf8))
        let expected = RedactedResult(Self.hostile).result
        #expect(decoded.findings == expected.findings)
        #expect(decoded.errors == expected.errors)
        #expect(decoded.findings.contains { $0.path?.hasPrefix("##vso[task.uploadfile]") == true })
    }

    @Test func sarifMessagesCannotHoldLinks() throws {
        let finding = Finding(
            fingerprint: "fp", ruleID: "paths.x", decision: .deny, severity: .high, kind: .command,
            command: "see [the docs](https://evil.example)", reason: "Why.")
        let text = try SARIFReport().render(ReportFixtures.result([finding]))
        #expect(text.contains(#"\\[the docs\\](https://evil.example)"#))
    }

    @Test func markdownCannotBreakOutOfTheTableOrItsCodeSpans() throws {
        let finding = Finding(
            fingerprint: "fp", ruleID: "paths.x", decision: .deny, severity: .high, kind: .command,
            path: "a|b``c\n<img src=x>", command: "echo <!-- $x$ | `y`", reason: "Why.\n| --- |")
        let text = try MarkdownReport().render(ReportFixtures.result([finding]))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| high |") }
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.contains(#"```"a\|b``c\n<img src=x>"```"#))
        #expect(row.contains(#"Why. \| --- \| Command: echo \<\!-- \$x\$ \| \`y\`"#))
    }

    @Test func junitStaysWellFormedWithEveryForgery() throws {
        let reader = try JUnitReader.read(try JUnitReport().render(Self.hostile))
        #expect(reader.cases.count == 6)
        #expect(reader.cases.contains { $0.attributes["name"]?.hasPrefix(#""ci/evil\n::error::forged"#) == true })
    }
}
