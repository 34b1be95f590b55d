import CavraPublish
import Foundation
import Testing

@Suite struct PublishCoordinatesTests {
    private let head = String(repeating: "a", count: 40)
    private let merge = String(repeating: "b", count: 40)

    @Test func gitHubReadsThePullRequestsHeadAndNumberFromTheEvent() throws {
        let event = #"{"pull_request": {"number": 17, "head": {"sha": "\#(head)"}}}"#
        let coordinates = try PublishCoordinates.resolve(
            .init(), judgedHead: nil,
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_API_URL": "https://ghe.example/api/v3/",
                "GITHUB_REPOSITORY": "octo/app", "GITHUB_SHA": merge, "GITHUB_EVENT_PATH": "/event.json",
                "GITHUB_SERVER_URL": "https://ghe.example", "GITHUB_RUN_ID": "99",
            ], readFile: { $0 == "/event.json" ? Data(event.utf8) : nil })
        #expect(
            coordinates
                == PublishCoordinates(
                    platform: .github, apiURL: "https://ghe.example/api/v3", repository: "octo/app", sha: head,
                    pullRequest: 17, targetURL: "https://ghe.example/octo/app/actions/runs/99"))
    }

    @Test func flagsOverrideTheEnvironmentAndWorkOutsideCI() throws {
        let coordinates = try PublishCoordinates.resolve(
            .init(
                platform: .github, apiURL: "https://ghe.example/api/v3", repository: "o/r", sha: head, pullRequest: 3),
            judgedHead: merge, environment: [:])
        #expect(coordinates.apiURL == "https://ghe.example/api/v3")
        #expect(coordinates.sha == head)
        #expect(coordinates.pullRequest == 3)
        #expect(coordinates.targetURL == nil)
    }

    @Test func gitLabAndAzureReadTheirVariables() throws {
        let gitlab = try PublishCoordinates.resolve(
            .init(), judgedHead: nil,
            environment: [
                "GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.example/api/v4", "CI_PROJECT_ID": "42",
                "CI_COMMIT_SHA": head, "CI_MERGE_REQUEST_IID": "8", "CI_JOB_URL": "https://gitlab.example/j/1",
            ])
        #expect(
            gitlab
                == PublishCoordinates(
                    platform: .gitlab, apiURL: "https://gitlab.example/api/v4", repository: "42", sha: head,
                    pullRequest: 8, targetURL: "https://gitlab.example/j/1"))
        let azure = try PublishCoordinates.resolve(
            .init(), judgedHead: head,
            environment: [
                "TF_BUILD": "True", "SYSTEM_COLLECTIONURI": "https://dev.azure.com/org/",
                "SYSTEM_TEAMPROJECT": "My Proj",
                "BUILD_REPOSITORY_ID": "repo-guid", "SYSTEM_PULLREQUEST_PULLREQUESTID": "12", "BUILD_BUILDID": "5",
            ])
        #expect(
            azure
                == PublishCoordinates(
                    platform: .azure, apiURL: "https://dev.azure.com/org/My%20Proj", repository: "repo-guid", sha: head,
                    pullRequest: 12, targetURL: "https://dev.azure.com/org/My%20Proj/_build/results?buildId=5"))
    }

    @Test func missingCoordinatesAreNamed() {
        let platform = #expect(throws: PublishError.self) {
            try PublishCoordinates.resolve(.init(), judgedHead: nil, environment: [:])
        }
        #expect(platform?.message.contains("--platform") == true)
        let repository = #expect(throws: PublishError.self) {
            try PublishCoordinates.resolve(.init(platform: .github, sha: head), judgedHead: nil, environment: [:])
        }
        #expect(repository?.message.contains("GITHUB_REPOSITORY") == true)
        let sha = #expect(throws: PublishError.self) {
            try PublishCoordinates.resolve(
                .init(platform: .gitlab, apiURL: "https://g/api/v4", repository: "1", sha: "main"), judgedHead: nil,
                environment: [:])
        }
        #expect(sha?.message.contains("not a full commit id") == true)
    }
}
