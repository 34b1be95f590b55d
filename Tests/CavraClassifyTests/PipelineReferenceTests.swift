import CavraClassify
import Testing

@Suite("References between pipeline files")
struct PipelineReferenceReadingTests {
    static func paths(_ kind: FileKind, _ path: String, _ text: String) -> [String] {
        PipelineReferences.references(kind: kind, path: path, content: Array(text.utf8)).map(\.path)
    }

    @Test("Azure templates resolve against the referring file's folder, and never climb out of the repository")
    func azurePaths() {
        let text = """
            steps:
              - template: steps/a.yml
              - template: ../shared/b.yml
              - template: /root.yml@self
              - template: ../../../outside.yml
              - template: other.yml@tools
              - template: ${{ parameters.file }}

            """
        #expect(
            Set(Self.paths(.azurePipelines, "eng/pipelines/ci.yml", text)) == [
                "eng/pipelines/steps/a.yml", "eng/shared/b.yml", "root.yml",
            ])
    }

    @Test("GitLab includes name repository files; URLs, projects and components do not")
    func gitlabPaths() {
        let text = """
            include:
              - local: /ci/a.yml
              - ci/b.yml
              - remote: https://example.com/c.yml
              - https://example.com/d.yml
              - project: group/tools
                file: e.yml
              - component: gitlab.com/x/y@1
              - local: ci/$ENV.yml

            """
        #expect(Self.paths(.gitlabCI, ".gitlab-ci.yml", text) == ["ci/a.yml", "ci/b.yml"])
    }

    @Test("a local action names its folder's action.yml and action.yaml; a YAML file is a reusable workflow")
    func githubPaths() {
        let text = """
            jobs:
              a:
                uses: ./.github/workflows/build.yml
              b:
                steps:
                  - uses: ./tools/setup
                  - uses: actions/checkout@v4

            """
        #expect(
            Set(Self.paths(.githubWorkflow, ".github/workflows/ci.yml", text)) == [
                ".github/workflows/build.yml", "tools/setup/action.yml", "tools/setup/action.yaml",
            ])
    }
}
