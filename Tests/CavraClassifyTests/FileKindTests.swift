import CavraClassify
import Testing

@Suite("File kinds by path")
struct FileKindTests {
    @Test(
        "the name, the first folders and the depth decide the kind; empty segments do not count",
        arguments: [
            (".github/workflows/ci.yml", .githubWorkflow),
            ("/.github//workflows/ci.YAML", .githubWorkflow),
            (".github/workflows/sub/ci.yml", nil),
            ("app/.github/workflows/ci.yml", nil),
            ("app/.github/actions/setup/action.yml", .githubAction),
            (".gitlab/ci/build.yaml", .gitlabCI),
            ("ci/deploy.gitlab-ci.yml", .gitlabCI),
            (".azuredevops/build.yml", .azurePipelines),
            ("ci/AZURE-PIPELINES-release.YML", .azurePipelines),
            ("scripts/BUILD.SH", .shellScript),
            ("GNUmakefile", .makefile),
            ("src/Makefile/", .makefile),
            ("café/Dockerfile", .dockerfile),
            ("docs/Ma\u{212A}efile", .makefile),
            ("svc/Dockerfile.prod", .dockerfile),
            ("web/package.json", .packageJSON),
            ("web/Package.json", nil),
            ("ci/Jenkinsfile", .jenkinsfile),
            ("", nil),
            ("//", nil),
        ] as [(String, FileKind?)])
    func kind(path: String, expected: FileKind?) {
        #expect(FileKind(path: path) == expected, "\(path)")
    }
}
