import Foundation
import TestSupport
import Testing

@Suite("what cavra-gate prints cannot forge CI log commands or show secrets, end to end")
struct OutputSafetyTests {
    static let folder = "evil\n::error::x\n##vso[task.setvariable variable=pwned]yes\r::add-mask::y\u{1B}[31m"

    /// A feature branch adding an environment file under a folder whose name forges log commands, and a workflow
    /// step that applies Terraform without review and with a password on its command line.
    static func repository() throws -> (ScratchRepository, base: String) {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write("deploy/\(folder)/.env", "A=1\n")
        try repo.write(
            ".github/workflows/deploy.yml",
            """
            on: push
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: terraform apply -auto-approve -var db_password=hunter2

            """)
        try repo.commitAll("feature")
        return (repo, base)
    }

    @Test(arguments: [
        ("text", [String]()), ("github", ["::error ", "::warning ", "::notice "]),
        ("azure", ["##vso[task.logissue ", "##vso[task.complete "]),
    ])
    func printsNoForgedCommandAndNoSecret(format: String, intended: [String]) throws {
        let (repo, base) = try Self.repository()
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature", "--format", format], in: repo.url)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        for output in [run.stdout, run.stderr] {
            #expect(!output.contains("hunter2"))
            for scalar in output.unicodeScalars where scalar != "\n" {
                #expect(scalar.value >= 0x20 && scalar.value != 0x7F, "U+\(String(scalar.value, radix: 16))")
            }
            for line in output.split(separator: "\n") {
                let isIntended = intended.contains { line.hasPrefix($0) }
                #expect(isIntended || !line.drop(while: \.isWhitespace).hasPrefix("::"), "\(line)")
                #expect(
                    line.lowercased().components(separatedBy: "##vso[").count - 1
                        == (isIntended && format == "azure" ? 1 : 0), "\(line)")
                #expect(!line.contains("##["), "\(line)")
            }
        }
        // The path is still there for people to read, escaped (and in annotations, escaped for the runner too).
        #expect(run.stdout.contains(#"deploy/evil\n"#))
        if format == "text" {
            #expect(run.stdout.contains(#""deploy/evil\n::error::x\n\043#vso[task.setvariable variable=pwned]yes\r"#))
        }
        #expect(run.stdout.contains("db_password=***"))
    }
}
