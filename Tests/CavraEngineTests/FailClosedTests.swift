import CavraEngine
import CavraModel
import Foundation
import TestSupport
import Testing

@Suite("A gate that cannot decide fails closed")
struct FailClosedTests {
    @Test("not a git repository")
    func notARepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-nogit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let result = Gate().judge(GateRequest(repositoryPath: folder.path, subject: .changes(.staged)))

        #expect(result.status == .error)
        #expect(result.exitCode == 2)
        let message = try #require(result.errors.first?.message)
        #expect(message.contains("not inside a git repository"))
    }

    @Test("an unknown revision names the revision")
    func unknownRevision() throws {
        let repo = try ScratchRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll()

        let result = Gate().judge(
            GateRequest(
                repositoryPath: repo.path,
                subject: .changes(.range(base: "no-such-branch", head: "HEAD", judging: .net))))

        #expect(result.exitCode == 2)
        #expect(result.errors.first?.message.contains("no-such-branch") == true)
    }

    @Test("a broken repository policy at the base is an error, not a pass")
    func brokenBasePolicy() throws {
        let repo = try ScratchRepository()
        try repo.write(".cavra/policy.yaml", "schema: cavra.policy.v1\nrules: [\n")
        let base = try repo.commitAll("broken policy")
        try repo.write("a.txt", "a\n")
        let head = try repo.commitAll()

        let result = Gate().judge(
            GateRequest(repositoryPath: repo.path, subject: .changes(.range(base: base, head: head, judging: .net))))

        #expect(result.exitCode == 2)
        let error = try #require(result.errors.first)
        #expect(error.file?.hasSuffix(".cavra/policy.yaml") == true)
        #expect(error.line != nil)
    }
}
