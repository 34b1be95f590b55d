import Testing

@testable import CavraReport

@Suite struct RedactorTests {
    @Test(arguments: [
        ("git clone https://bob:hunter2@git.example/x.git", "hunter2"),
        ("curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc' https://api.example", "eyJhbGciOiJIUzI1NiJ9"),
        ("echo ghp_0123456789abcdefghijABCDEFGHIJklmnop | gh auth login --with-token", "ghp_0123456789"),
        ("git push https://oauth2:glpat-AbCdEf0123456789xyz@gitlab.example/x.git", "glpat-AbCdEf"),
        ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("mysql -u root password=s3cr3t! db", "s3cr3t!"),
        ("deploy --token abc123def456 --env prod", "abc123def456"),
        ("psql postgres://admin:pa55word@db.internal:5432/app", "pa55word"),
    ])
    func masksCredentials(command: String, secret: String) {
        let redacted = Redactor().redact(command)
        #expect(!redacted.contains(secret))
        #expect(redacted.contains(Redactor.mask))
    }

    @Test(arguments: [
        "terraform apply -auto-approve",
        "curl -fsSL https://get.example/install.sh | sh",
        "git push origin HEAD:refs/heads/main",
    ])
    func leavesOrdinaryCommandsAlone(command: String) {
        #expect(Redactor().redact(command) == command)
    }

    @Test func keepsTheUserAndHostOfCredentialURLs() {
        #expect(
            Redactor().redact("git clone https://bob:hunter2@git.example/x.git")
                == "git clone https://bob:***@git.example/x.git")
    }
}
