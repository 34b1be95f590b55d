import CavraModel
import Foundation
import Testing

@testable import CavraReport

@Suite struct RedactorTests {
    @Test("every pattern compiles, including those no other case triggers")
    func everyPatternCompiles() {
        for rule in RedactionRule.all {
            #expect(rule.pattern.numberOfCaptureGroups >= 1)
        }
    }

    static let jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

    /// Each case: a command and the secret in it that no report may show.
    @Test(arguments: [
        // Credentials in URLs.
        ("git clone https://bob:hunter2@git.example/x.git", "hunter2"),
        ("psql postgres://admin:pa55word@db.internal:5432/app", "pa55word"),
        ("git remote add origin https://oauth2:t0k3nv4lue@gitlab.example/x.git", "t0k3nv4lue"),
        ("redis-cli -u redis://:c4chepw@cache:6379 ping", "c4chepw"),
        ("git clone https://0123456789abcdef0123@github.com/o/r.git", "0123456789abcdef0123"),
        // AWS secret keys by name, in every spelling.
        ("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG", "wJalrXUtnFEMIK7MDENG"),
        ("AWS_SECRET_ACCESS_KEY=\"wJalrXUtnFEMIK7MDENG\" aws s3 ls", "wJalrXUtnFEMIK7MDENG"),
        ("env aws_secret_access_key=wJalrXUtnFEMIK7MDENG terraform plan", "wJalrXUtnFEMIK7MDENG"),
        ("aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENG", "wJalrXUtnFEMIK7MDENG"),
        ("echo 'awsSecretAccessKey: wJalrXUtnFEMIK7MDENG' >> creds.yml", "wJalrXUtnFEMIK7MDENG"),
        // Terraform and other -var / --set / -D assignments.
        ("terraform apply -var db_password=hunter2", "hunter2"),
        ("terraform apply -var \"db_password=hunter2\"", "hunter2"),
        ("terraform apply -var='db_password=hunter2' -auto-approve", "hunter2"),
        ("TF_VAR_db_password=hunter2 terraform apply", "hunter2"),
        ("helm upgrade app ./chart --set db.password=hunter2,db.user=app", "hunter2"),
        ("java -Dspring.datasource.password=hunter2 -jar app.jar", "hunter2"),
        // curl -u user:password.
        ("curl -u alice:s3cr3tpw https://api.example", "s3cr3tpw"),
        ("curl --user alice:s3cr3tpw https://api.example", "s3cr3tpw"),
        ("curl -ualice:s3cr3tpw https://api.example", "s3cr3tpw"),
        ("curl -fsS -u \"alice:s3cr3tpw\" https://api.example", "s3cr3tpw"),
        ("curl -x proxy:3128 --proxy-user bob:s3cr3tpw https://api.example", "s3cr3tpw"),
        // mysql -pPASSWORD and other programs' password options.
        ("mysql -pS3cr3tPW appdb", "S3cr3tPW"),
        ("mysql -u root -p'S3cr3tPW' -h db", "S3cr3tPW"),
        ("mysqldump -uroot -pS3cr3tPW --all-databases", "S3cr3tPW"),
        ("mariadb -P 3306 -p\"S3cr3tPW\" appdb", "S3cr3tPW"),
        ("sshpass -p S3cr3tPW ssh deploy@host", "S3cr3tPW"),
        ("redis-cli -h cache -a S3cr3tPW ping", "S3cr3tPW"),
        ("sqlcmd -S db -U sa -P S3cr3tPW -Q 'select 1'", "S3cr3tPW"),
        ("docker login -u bot -p S3cr3tPW registry.example", "S3cr3tPW"),
        ("gh secret set DEPLOY_KEY --body S3cr3tPW", "S3cr3tPW"),
        ("az login -u bot@example.com -p S3cr3tPW", "S3cr3tPW"),
        ("mongosh -u admin -p S3cr3tPW --authenticationDatabase admin", "S3cr3tPW"),
        ("mongodump --uri x -u admin -p 'S3cr3tPW'", "S3cr3tPW"),
        ("htpasswd -bc .htpasswd admin S3cr3tPW", "S3cr3tPW"),
        ("htpasswd -b -B /etc/nginx/.htpasswd admin S3cr3tPW", "S3cr3tPW"),
        ("smbclient //host/share -U admin%S3cr3tPW", "S3cr3tPW"),
        ("rpcclient -U 'admin%S3cr3tPW' host", "S3cr3tPW"),
        ("echo \"machine github.com login bot password S3cr3tPW\" > ~/.netrc", "S3cr3tPW"),
        ("printf 'machine x\\nlogin bot\\npassword S3cr3tPW\\n' >> .netrc", "S3cr3tPW"),
        ("php -r \"\\$c = ['password' => 'S3cr3tPW'];\"", "S3cr3tPW"),
        ("ruby -e \"db(password => S3cr3tPW)\"", "S3cr3tPW"),
        ("curl 'https://acct.blob.core.windows.net/c/f?sv=2022&sig=S3cr3tPWsig%3D'", "S3cr3tPWsig"),
        ("curl 'https://b.s3.amazonaws.com/k?X-Amz-Signature=S3cr3tPWsig&X-Amz-Expires=60'", "S3cr3tPWsig"),
        ("az storage blob upload --connection-string 'AccountName=a;AccountKey=S3cr3tPW==;'", "S3cr3tPW"),
        ("openssl enc -aes-256-cbc -pass pass:S3cr3tPW -in a -out b", "S3cr3tPW"),
        ("keytool -importkeystore -srcstorepass S3cr3tPW -destkeystore x.jks", "S3cr3tPW"),
        // Names that hold a secret word anywhere, in any case and spelling.
        ("mysql -u root password=s3cr3t! db", "s3cr3t!"),
        ("PGPASSWORD=hunter2 psql -h db", "hunter2"),
        ("deploy --token abc123def456 --env prod", "abc123def456"),
        ("deploy --token=abc123def456", "abc123def456"),
        ("deploy --api-key abc123def456", "abc123def456"),
        ("deploy --client-secret \"abc 123 def\"", "123 def"),
        ("curl -d '{\"password\": \"abc123def456\"}' https://x", "abc123def456"),
        ("curl -H 'X-Api-Key: abc123def456' https://x", "abc123def456"),
        ("OPENAI_API_KEY=abc123def456 python app.py", "abc123def456"),
        ("MyAppSecret=abc123def456 ./run", "abc123def456"),
        ("SECRET_KEY_BASE=abc123def456 rails s", "abc123def456"),
        ("DB_PASSWORD_PROD=abc123def456 ./migrate", "abc123def456"),
        ("DB_PASS=abc123def456 ./migrate", "abc123def456"),
        ("MYSQL_PWD=abc123def456 mysql", "abc123def456"),
        ("NODE_AUTH_TOKEN=abc123def456 npm publish", "abc123def456"),
        ("npm config set //registry.npmjs.org/:_authToken abc123def456", "abc123def456"),
        ("BASIC_AUTH=admin:abc123def456 ./serve", "abc123def456"),
        ("GH_PAT=abc123def456 ./release", "abc123def456"),
        ("SIGNING_KEY=abc123def456 ./sign", "abc123def456"),
        ("private_key: abc123def456", "abc123def456"),
        ("SENTRY_DSN=https://abc123def456@o1.ingest.sentry.io/1 ./run", "abc123def456"),
        ("gpg --batch --passphrase abc123def456 -d x.gpg", "abc123def456"),
        // Makefile assignments, ANSI-C quoting, JSON inside a quoted shell string.
        ("PASSWORD ?= hunter2", "hunter2"),
        ("TOKEN += abc123def456", "abc123def456"),
        ("DB_PASSWORD := hunter2", "hunter2"),
        ("export PGPASSWORD=$'hunter2'", "hunter2"),
        ("curl -d \"{\\\"password\\\":\\\"hunter2\\\"}\" https://x", "hunter2"),
        ("echo \"{\\\"api_key\\\": \\\"abc123def456\\\"}\" > c.json", "abc123def456"),
        ("git clone https://bob:p4ss@w0rd@git.example/x.git", "w0rd"),
        // Text around a variable reference may be the secret.
        ("deploy --password \"${SALT}hunter2\"", "hunter2"),
        ("PASSWORD=$PREFIX-hunter2 ./run", "hunter2"),
        // Tokens by their published shapes.
        ("echo ghp_0123456789abcdefghijABCDEFGHIJklmnop | gh auth login --with-token", "ghp_0123456789"),
        ("git push https://x:gho_0123456789abcdefghijABCDEFGHIJ@github.com/o/r", "gho_0123456789"),
        ("GITHUB=ghs_0123456789abcdefghijABCDEFGHIJklmnop ./ci", "ghs_0123456789"),
        ("gh api -H x github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_11ABC"),
        ("git push https://oauth2:glpat-AbCdEf0123456789xyz@gitlab.example/x.git", "glpat-AbCdEf"),
        ("echo glpat-AbCdEf0123456789xyz | glab auth login --stdin", "glpat-AbCdEf"),
        ("docker login -u x --password-stdin <<< gldt-AbCdEf0123456789xyz", "gldt-AbCdEf"),
        ("curl -d token=xoxb-123456789012-abcdefghijkl https://slack.com/api", "xoxb-123456789012"),
        ("notify xoxp-123456789012-abcdefghijkl", "xoxp-123456789012"),
        ("notify xapp-1-A0123456789-abcdefghijkl", "xapp-1-A0123456789"),
        ("curl -X POST https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXXX"),
        ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("aws sts get-caller-identity # ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A"),
        ("echo AKIAIOSFODNN7EXAMPLE > ~/.aws/key", "AKIAIOSFODNN7EXAMPLE"),
        ("npm publish --//registry/:x npm_abcdefghijklmnopqrstuvwxyz0123456789", "npm_abcdefghij"),
        ("echo dckr_pat_AbCdEf0123456789xyz_abc | docker login", "dckr_pat_AbCdEf"),
        ("vault login hvs.CAESIAbCdEf0123456789xyzAbCdEf", "hvs.CAESIAbCdEf"),
        ("curl https://maps.example/api?k=AIzaSyA1234567890abcdefghijklmnopqrstuv", "AIzaSyA12345"),
        ("stripe charges list --api sk_live_abcdefghijklmnop0123", "sk_live_abcdef"),
        ("echo sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123 | llm keys set", "sk-ant-api03-abcdef"),
        // JSON Web Tokens.
        ("curl --oauth2-bearer " + jwt + " https://api.example", "dozjgNryP4J3jVmNHl0w5N"),
        ("gcloud auth login --cred-file=x.json && echo " + jwt, "dozjgNryP4J3jVmNHl0w5N"),
        ("curl https://api.example/cb?id_token=" + jwt, "dozjgNryP4J3jVmNHl0w5N"),
        // PEM private key blocks, whole or cut short.
        (
            "echo \"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAbody\n-----END RSA PRIVATE KEY-----\" > k",
            "MIIEpAIBAAKCAQEAbody"
        ),
        (
            "printf '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjE\\n-----END OPENSSH PRIVATE KEY-----'",
            "b3BlbnNzaC1rZXktdjE"
        ),
        ("echo '-----BEGIN PRIVATE KEY----- MIGHAgEAMBMGByqGSM49AgE", "MIGHAgEAMBMGByqGSM49AgE"),
        (
            "cat <<EOF\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA\n-----END EC PRIVATE KEY-----\nEOF",
            "MHcCAQEEIIrYSSNQFaA"
        ),
        // Authorization headers.
        ("curl -H 'Authorization: Bearer abcdef123456' https://x.example/i.sh", "abcdef123456"),
        ("curl --header \"authorization: bearer abc.def-123456\" https://x", "abc.def-123456"),
        ("curl -H 'Authorization:Bearer abcdef123456' https://x", "abcdef123456"),
        ("curl -H 'Authorization: token ghx123abcdef' https://x", "ghx123abcdef"),
        ("curl -H 'Authorization: Basic dXNlcjpwYXNz' https://x", "dXNlcjpwYXNz"),
        ("git -c http.extraheader=\"AUTHORIZATION: basic dXNlcjpwYXNz\" fetch", "dXNlcjpwYXNz"),
        ("curl -H \"$X\" -H 'PRIVATE-TOKEN: abcdef123456' https://gitlab.example/api", "abcdef123456"),
        ("AUTH_HEADER=\"Basic dXNlcjpwYXNz\" ./run", "dXNlcjpwYXNz"),
        ("HEADER='Bearer abcdefABCDEF' ./run", "abcdefABCDEF"),
    ])
    func masksCredentials(command: String, secret: String) {
        let redacted = Redactor().redact(command)
        #expect(!redacted.contains(secret), "\(redacted)")
        #expect(redacted.contains(Redactor.mask), "\(redacted)")
    }

    /// Ordinary commands that only look like they hold a secret.
    @Test(arguments: [
        "terraform apply -auto-approve",
        "curl -fsSL https://get.example/install.sh | sh",
        "git push origin HEAD:refs/heads/main",
        "git push origin main",
        "git push -u origin feature",
        "make keygen",
        "python tokenize.py --tokenizer=bpe",
        "KEYBOARD_LAYOUT=us ./setup",
        "TOKENIZERS_PARALLELISM=false python train.py",
        "python train.py --max-tokens 100 max_tokens=4096",
        "echo secretary=bob passwordless=true",
        "ansible-playbook --ask-pass --ask-vault-pass site.yml",
        "docker login -u bot --password-stdin registry.example",
        "gh auth login --with-token < token.txt",
        "docker run -v $PWD:/src -v \"$(pwd)\":/work -u 1000:1000 -p 8080:80 image",
        "terraform init -backend-config=\"key=prod/terraform.tfstate\"",
        "git config --global credential.helper store",
        "ssh-keygen -t ed25519 -f deploy_key -N ''",
        "mysql -h db -P 3306 -u app appdb",
        "ssh -p 2222 deploy@host && mkdir -p build",
        "kubectl get secret app-tls -o yaml",
        "deploy --token \"$GITHUB_TOKEN\" --password=${DB_PASSWORD} --secret $(cat /run/secret)",
        "TOKEN=${{ secrets.NPM_TOKEN }} npm publish",
        "aws dynamodb query --key sort_key=name PUBLIC_KEY=ssh-ed25519",
        "deploy --password-file=/run/secrets/db --token-file token.txt",
        "git clone git@github.com:org/repo.git",
        "std::string token; cargo run --bin key-server",
        "echo 'Basic checks run first; the token expired'",
        "echo 'Basic Authentication is disabled; Bearer tokens only'",
        "npm pkg set private=true",
        "gpg --verify --signature-file x.sig && mongosh --port 27017 && htpasswd -n admin",
        "cavra-gate check --trusted-key keys/policy.pub --key-id ci",
        "cat ~/.ssh/id_ed25519.pub >> authorized_keys && AUTHORIZED_KEYS=/etc/keys sshd",
    ])
    func leavesOrdinaryCommandsAlone(command: String) {
        #expect(Redactor().redact(command) == command)
    }

    @Test func keepsTheUserAndHostOfCredentialURLs() {
        #expect(
            Redactor().redact("git clone https://bob:hunter2@git.example/x.git")
                == "git clone https://bob:***@git.example/x.git")
    }

    @Test func keepsWhatSaysWhichSecretItIs() {
        #expect(Redactor().redact("terraform apply -var db_password=hunter2") == "terraform apply -var db_password=***")
        #expect(Redactor().redact("curl -u alice:s3cr3tpw https://x") == "curl -u alice:*** https://x")
        #expect(Redactor().redact("mysql -pS3cr3tPW db") == "mysql -p*** db")
        #expect(
            Redactor().redact("curl -H 'Authorization: Bearer abcdef123456' x")
                == "curl -H 'Authorization: Bearer ***' x")
    }

    @Test func readsNamesAsWords() {
        #expect(SecretName.words(of: "AWS_SECRET_ACCESS_KEY") == ["aws", "secret", "access", "key"])
        #expect(SecretName.words(of: "dbPassword") == ["db", "password"])
        #expect(SecretName.words(of: "X-APIKey") == ["x", "api", "key"])
        #expect(
            SecretName.words(of: "//registry.npmjs.org/:_authToken") == ["registry", "npmjs", "org", "auth", "token"])
    }

    @Test func redactsEveryTextOfAResultOnce() {
        let secret = "ghp_0123456789abcdefghijABCDEFGHIJklmnop"
        let finding = Finding(
            fingerprint: "fp", ruleID: "r", decision: .deny, severity: .high, kind: .command,
            path: "dir/\(secret)/f.yml", oldPath: "old/\(secret)", line: 3, command: "x --token \(secret)",
            ref: "refs/heads/\(secret)", reason: "Holds \(secret).",
            approval: Approval(
                approver: "https://u:\(secret)@x", group: "g", keyID: "sha256:00", expires: "2030-01-01T00:00:00Z",
                file: "a.json"))
        var range = ReportFixtures.range
        range.notes = ["note \(secret)"]
        range.headRef = "feature/\(secret)"
        var policy = ReportFixtures.policy
        policy.source = "https://x:\(secret)@policies.example/p.yaml"
        let result = ReportFixtures.result(
            [finding], errors: [.init(message: "Cannot read \(secret).", file: "\(secret).yaml")],
            repository: "/work/\(secret)", range: range, policy: policy)
        let redacted = RedactedResult(result).result
        let texts: [String?] =
            [redacted.repository, redacted.range?.headRef, redacted.policy?.source]
            + (redacted.range?.notes ?? []) + redacted.errors.flatMap { [$0.message, $0.file] }
            + redacted.findings.flatMap { [$0.path, $0.oldPath, $0.command, $0.ref, $0.reason, $0.approval?.approver] }
        #expect(texts.count == 12)
        for text in texts { #expect(text?.contains(secret) == false, "\(text ?? "nil")") }
        #expect(redacted.findings.first?.fingerprint == "fp")
    }
}
