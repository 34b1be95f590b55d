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
            ("build/Dockerfile-dev", .dockerfile),
            ("prod.Dockerfile", .dockerfile),
            ("images/api-CONTAINERFILE", .dockerfile),
            ("Containerfile.ci", .dockerfile),
            ("Dockerfile.", .dockerfile),
            ("Dockerfile.mk", .dockerfile),
            // A script or CI YAML whose name starts like a Dockerfile's is read as what it is.
            ("ci/dockerfile-lint.sh", .shellScript),
            ("tools/Dockerfile.bash", .shellScript),
            ("Dockerfile-fish", nil),
            (".github/workflows/dockerfile.yml", .githubWorkflow),
            ("Dockerfile.yaml", nil),
            // Letter case is folded for ASCII letters only, as the baseline's case-insensitive globs fold it.
            ("Doc\u{212A}erfile", nil),
            ("Makefile.common", .makefile),
            ("ci/deploy.mak", .makefile),
            ("build/rules.MK", .makefile),
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
