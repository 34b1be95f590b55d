import CavraGit
import Foundation
import TestSupport
import Testing

@Suite("History questions a push asks, checked against git")
struct PushHistoryTests {
    /// main with a merged side branch, a topic branch off it, and origin's tracking refs for main only.
    static func repository() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        for index in 0..<3 {
            try repo.write("main/\(index).txt", "\(index)\n")
            try repo.commitAll("main \(index)")
        }
        try repo.git(["checkout", "-q", "-b", "side", "HEAD~1"])
        try repo.write("side.txt", "s\n")
        try repo.commitAll("side")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"])
        try repo.git(["update-ref", "refs/remotes/origin/main", "main~1"])
        try repo.git(["checkout", "-q", "-b", "topic"])
        for index in 0..<2 {
            try repo.write("topic/\(index).txt", "\(index)\n")
            try repo.commitAll("topic \(index)")
        }
        return repo
    }

    @Test("commits not reachable from the excluded ones are rev-list's, parents first")
    func newCommits() throws {
        let repo = try Self.repository()
        let git = try GitRepository(discoveringFrom: repo.path)
        for excluded in [["origin/main"], ["main", "side"], []] {
            let ids = try excluded.map(repo.revParse)
            let listed = try git.commits(reachableFrom: try repo.head(), excluding: ids)
            let expected = try repo.git(["rev-list", "--reverse", "--topo-order", "HEAD"] + ids.map { "^" + $0 })
                .split(separator: "\n").map(String.init)
            #expect(Set(listed) == Set(expected), "excluding \(excluded)")
            for (position, id) in listed.enumerated() {
                let parents = try repo.git(["rev-list", "--parents", "-n", "1", id]).split(separator: " ").dropFirst()
                for parent in parents {
                    if let index = listed.firstIndex(of: String(parent.trimmingCharacters(in: .whitespacesAndNewlines)))
                    {
                        #expect(index < position)
                    }
                }
            }
        }
    }

    @Test("isAncestor agrees with git merge-base --is-ancestor")
    func ancestry() throws {
        let repo = try Self.repository()
        let git = try GitRepository(discoveringFrom: repo.path)
        let names = ["main", "side", "topic", "origin/main", "main~2"]
        for one in names {
            for two in names {
                let oracle = try Shell.run(["git", "merge-base", "--is-ancestor", one, two], in: repo.url).status == 0
                #expect(try git.isAncestor(repo.revParse(one), of: repo.revParse(two)) == oracle, "\(one) \(two)")
            }
        }
    }

    @Test("remote-tracking refs are found by remote name, by the remote's URL, and all of them for an unknown URL")
    func remoteRefs() throws {
        let repo = try Self.repository()
        try repo.git(["remote", "add", "origin", "https://example.invalid/repo.git"])
        try repo.git(["update-ref", "refs/remotes/other/x", "side"])
        let git = try GitRepository(discoveringFrom: repo.path)
        let byName = git.remoteTrackingRefs(remote: "origin", url: nil)
        #expect(byName.remote == "origin")
        #expect(byName.tips.map(\.name) == ["refs/remotes/origin/main"])
        let byURL = git.remoteTrackingRefs(remote: "https://example.invalid/repo.git", url: nil)
        #expect(byURL.remote == "origin")
        let unknown = git.remoteTrackingRefs(remote: "https://elsewhere.invalid/r.git", url: nil)
        #expect(unknown.remote == nil)
        #expect(unknown.tips.map(\.name) == ["refs/remotes/origin/main", "refs/remotes/other/x"])
    }

    @Test("hooksDirectory follows core.hooksPath, relative to the work tree, and defaults to .git/hooks")
    func hooksDirectory() throws {
        let repo = try ScratchRepository()
        let root = URL(fileURLWithPath: repo.path).resolvingSymlinksInPath().path
        #expect(try GitRepository(discoveringFrom: repo.path).hooksDirectory == root + "/.git/hooks")
        try repo.git(["config", "core.hooksPath", "tools/hooks/"])
        #expect(try GitRepository(discoveringFrom: repo.path).hooksDirectory == root + "/tools/hooks")
        try repo.git(["config", "core.hooksPath", "/opt/hooks"])
        #expect(try GitRepository(discoveringFrom: repo.path).hooksDirectory == "/opt/hooks")
    }
}
