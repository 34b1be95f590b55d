import Foundation
import TestSupport
import Testing

/// Makefiles, Dockerfiles and package.json read as make, BuildKit and npm read them, through `check --commit` on a
/// real repository: a command the tool would run is judged at its line, and a look-alike it would not run passes.
@Suite("File readers as the tools read them, end to end")
struct FileReaderTests {
    static let terraform = "commands.terraform-auto-approve"
    static let remote = "commands.remote-script-execution"
    static let install = "curl -fsSL https://get.example.com/install.sh"

    static func expect(_ files: [String: String], denied rule: String, at line: Int) throws {
        let result = try ShellSpellingTests.check(try ShellSpellingTests.commit(files))
        #expect(result.status == 1, "\(files): \(result.output)")
        #expect(result.rules[rule] == [line], "\(files): \(result.rules)")
    }

    static func expectPasses(_ files: [String: String]) throws {
        let result = try ShellSpellingTests.check(try ShellSpellingTests.commit(files))
        #expect(result.status == 0, "\(files): \(result.output)")
        #expect(result.rules.isEmpty, "\(files): \(result.rules)")
    }

    @Test(
        "a command a Makefile runs through make's variables, prefixes and rule forms is denied at its line",
        arguments: [
            ("DEPLOY = terraform apply -auto-approve\n\ndeploy:\n\t$(DEPLOY)\n", terraform, 4),
            ("DEPLOY := terraform apply -auto-approve\ndeploy:\n\t@${DEPLOY}\n", terraform, 3),
            (
                "TF ?= terraform\nARGS = apply\nARGS += -auto-approve\noverride RUN = $(TF) $(ARGS)\nall:\n\t-$(RUN)\n",
                terraform, 6
            ),
            ("TF ::= terraform\nall:\n\t+$(TF) apply -auto-approve\n", terraform, 3),
            ("deploy: TF = terraform\ndeploy:\n\t$(TF) apply -auto-approve\n", terraform, 3),
            (".RECIPEPREFIX = >\ndeploy:\n> terraform apply -auto-approve\n", terraform, 3),
            ("deploy: ; \(install) | sh\n", remote, 1),
            ("define RELEASE\necho releasing\n\(install) | bash\nendef\n\nrelease:\n\t$(RELEASE)\n", remote, 7),
            ("tf = terraform $(1) -auto-approve\ndeploy:\n\t$(call tf,apply)\n", terraform, 3),
            ("define RULE\n$(1):\n\tterraform apply -auto-approve\nendef\n$(eval $(call RULE,deploy))\n", terraform, 5),
            ("all:\n\tterraform apply \\\n\t  -auto-approve\n", terraform, 2),
            ("all:\r\n\t\(install) | sh\r\n", remote, 2),
            ("X := $(shell \(install) | sh)\n", remote, 1),
        ] as [(String, String, Int)])
    func makefileCommands(makefile: String, rule: String, line: Int) throws {
        try Self.expect(["Makefile": makefile], denied: rule, at: line)
    }

    @Test(
        "files a Makefile includes are read as Makefiles by their names",
        arguments: ["build/rules.mk", "ci/deploy.mak", "Makefile.common", "sub/makefile", "GNUmakefile"])
    func includedMakefiles(path: String) throws {
        try Self.expect([path: "deploy:\n\tterraform apply -auto-approve\n"], denied: Self.terraform, at: 2)
    }

    @Test(
        "Makefile look-alikes that run nothing denied pass",
        arguments: [
            "PLAN = terraform plan\nall:\n\t$(PLAN) -out=tfplan\n",
            "define HELP\nterraform apply -auto-approve\nendef\nexport HELP\nhelp:\n\t@echo \"$$HELP\"\n",
            "CC ?= gcc\n%.o: %.c\n\t$(CC) -c $< -o $@ $(@D)\n",
            ".RECIPEPREFIX = >\nall:\n> echo \"terraform apply -auto-approve\"\n",
            "X = terraform apply -auto-approve\nX = terraform plan\nall:\n\t$(X)\n",
        ])
    func makefileLookAlikes(makefile: String) throws {
        try Self.expectPasses(["Makefile": makefile])
    }

    @Test(
        "Makefile variables that expand without bound are a parse finding at the recipe using them",
        arguments: [
            "X = $(X) more\nall:\n\techo $(X)\n",
            (["A = x"] + (1...9).map { "V\($0) = " + String(repeating: "$(\($0 == 1 ? "A" : "V\($0 - 1)"))", count: 8) }
                + ["all:", "\techo $(V9)"]).joined(separator: "\n") + "\n",
        ])
    func boundedExpansion(makefile: String) throws {
        let result = try ShellSpellingTests.check(try ShellSpellingTests.commit(["Makefile": makefile]))
        let recipeLine = makefile.split(separator: "\n").count
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules["cavra.parse-error"] == [recipeLine], "\(result.rules)")
    }

    @Test("changing only a Makefile variable judges the recipe that uses it")
    func changedVariable() throws {
        let repo = try ScratchRepository()
        try repo.write("Makefile", "DEPLOY = terraform plan\n\ndeploy:\n\t$(DEPLOY)\n")
        try repo.commitAll("base")
        try repo.write("Makefile", "DEPLOY = terraform apply -auto-approve\n\ndeploy:\n\t$(DEPLOY)\n")
        try repo.commitAll("change")
        let result = try ShellSpellingTests.check(repo)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules[Self.terraform] == [4], "\(result.rules)")
        #expect(result.output.contains("altered the value of $(DEPLOY)"), "\(result.output)")
    }

    @Test(
        "a command a Dockerfile runs is denied at its line however BuildKit is asked to read it",
        arguments: [
            (
                "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN terraform apply `\n    -auto-approve\n",
                terraform, 3
            ),
            ("FROM alpine\nRUN terraform apply \\   \n\n    # the flag\n    -auto-approve\n", terraform, 2),
            ("FROM alpine\r\nRUN apk add curl \\\r\n && \(install) | sh\r\n", remote, 3),
            ("FROM alpine\nSHELL [\"pwsh\", \"-c\"]\nRUN iwr https://get.example.com/i.ps1 | iex\n", remote, 3),
            ("FROM alpine\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN \(install) | bash\n", remote, 3),
            ("FROM alpine\nRUN <<EOF\necho hi\nterraform apply -auto-approve\nEOF\n", terraform, 4),
            ("FROM alpine\nRUN bash <<EOF\n\(install) | sh\nEOF\n", remote, 3),
            ("FROM alpine\nRUN [\"sh\", \"-c\", \"terraform apply -auto-approve\"]\n", terraform, 2),
            ("FROM alpine\nONBUILD RUN \(install) | sh\n", remote, 2),
        ] as [(String, String, Int)])
    func dockerfileCommands(dockerfile: String, rule: String, line: Int) throws {
        try Self.expect(["Dockerfile": dockerfile], denied: rule, at: line)
    }

    @Test(
        "every name a Dockerfile or Containerfile goes by is read as one",
        arguments: [
            "Dockerfile.prod", "prod.Dockerfile", "build/Dockerfile-dev", "Containerfile.ci", "images/api-DOCKERFILE",
            "containerfile",
        ])
    func dockerfileNames(path: String) throws {
        try Self.expect([path: "FROM alpine\nRUN \(Self.install) | sh\n"], denied: Self.remote, at: 2)
    }

    @Test(
        "Dockerfile look-alikes that run nothing denied pass",
        arguments: [
            "FROM python:3\nRUN python3 <<EOF\nprint('terraform apply -auto-approve')\nEOF\n",
            "FROM alpine\nRUN cat <<EOF > /usr/local/bin/setup\n\(install) | sh\nEOF\n",
            "FROM alpine\nRUN echo \"curl https://get.example.com | sh\" > /README\n",
            "FROM alpine\n# RUN terraform apply -auto-approve\nRUN true\n",
            "FROM alpine\nRUN apk add \\\n\n# a comment\n    curl\n",
        ])
    func dockerfileLookAlikes(dockerfile: String) throws {
        try Self.expectPasses(["Dockerfile": dockerfile])
    }

    @Test(
        "package.json scripts are the ones npm keeps, at the line of the key npm keeps",
        arguments: [
            (
                "{\n  \"scripts\": {\n    \"test\": \"jest\",\n    \"test\": \"terraform apply -auto-approve\"\n  }\n}\n",
                terraform, 4
            ),
            (
                "{\n  \"config\": {\"postinstall\": \"\(install) | sh\"},\n  \"scripts\": {\n"
                    + "    \"\\u0070ostinstall\": \"\(install) | sh\"\n  }\n}\n", remote, 4
            ),
            (
                "{\"scripts\": {\"build\": \"tsc\"},\n \"scripts\": {\"prepare\": \"terraform apply -auto-approve\"}}\n",
                terraform, 2
            ),
            (
                "{\n  \"scripts\": {\n    \"preinstall\":\n      \"\\u0074erraform apply -auto-approve\"\n  }\n}\n",
                terraform, 3
            ),
        ] as [(String, String, Int)])
    func packageScripts(json: String, rule: String, line: Int) throws {
        try Self.expect(["package.json": json], denied: rule, at: line)
    }

    @Test(
        "package.json look-alikes that npm would not run pass",
        arguments: [
            "{\n  \"scripts\": {\n    \"test\": \"terraform apply -auto-approve\",\n    \"test\": \"jest\"\n  }\n}\n",
            "{\n  \"description\": \"terraform apply -auto-approve\",\n  \"scripts\": {\"build\": \"tsc\"}\n}\n",
            "\u{FEFF}{\"name\": \"x\", \"scripts\": {\"build\": \"tsc\", \"note\": [\"curl x | sh\"]}}\n",
        ])
    func packageLookAlikes(json: String) throws {
        try Self.expectPasses(["package.json": json])
    }

    @Test("an empty package.json is a parse finding, as npm refuses to install from it")
    func emptyPackageJSON() throws {
        let result = try ShellSpellingTests.check(try ShellSpellingTests.commit(["package.json": ""]))
        #expect(result.status == 1, "\(result.output)")
        #expect(result.rules["cavra.parse-error"] == [1], "\(result.rules)")
    }
}
