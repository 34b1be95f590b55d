/// The kinds of changed file whose added lines can make a machine run something.
public enum FileKind: String, Sendable, CaseIterable {
    case githubWorkflow, githubAction, gitlabCI, azurePipelines, shellScript, makefile, dockerfile, packageJSON
    case preCommitConfig, jenkinsfile

    /// The kind a path names, or nil when only a shebang line could tell (see `fromShebang`).
    public init?(path: String) {
        guard let shape = PathShape(path) else { return nil }
        let name = shape.name
        let lower = name.lowercased()
        let isYAML = lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
        if isYAML, shape.depth == 3, shape.first == ".github", shape.second == "workflows" {
            self = .githubWorkflow
        } else if lower == "action.yml" || lower == "action.yaml" {
            self = .githubAction
        } else if lower == ".gitlab-ci.yml" || lower == ".gitlab-ci.yaml" || lower.hasSuffix(".gitlab-ci.yml")
            || (isYAML && shape.first == ".gitlab")
        {
            self = .gitlabCI
        } else if isYAML
            && (lower.hasPrefix("azure-pipelines") || shape.first == ".azure-pipelines"
                || shape.first == ".azuredevops")
        {
            self = .azurePipelines
        } else if [".sh", ".bash", ".zsh", ".ksh"].contains(where: lower.hasSuffix) {
            self = .shellScript
        } else if Self.isDockerfile(String(name)) {
            self = .dockerfile
        } else if Self.isMakefile(lower) {
            self = .makefile
        } else if name == "package.json" {
            self = .packageJSON
        } else if name == ".pre-commit-config.yaml" {
            self = .preCommitConfig
        } else if name == "Jenkinsfile" || lower.hasSuffix(".jenkinsfile") {
            self = .jenkinsfile
        } else {
            return nil
        }
    }

    /// The names make reads by default and the names an `include` line commonly gives: `GNUmakefile`,
    /// `Makefile.common`, `rules.mk`, `build.mak`. A Makefile may include a file of any name; the gate reads a
    /// changed file as a Makefile by its name alone, so these are the names it knows.
    static func isMakefile(_ lower: String) -> Bool {
        ["makefile", "gnumakefile"].contains(lower) || lower.hasPrefix("makefile.") || lower.hasSuffix(".mk")
            || lower.hasSuffix(".mak")
    }

    /// The names `docker build -f` and `podman build` files get: `Dockerfile`, `Dockerfile.prod`, `Dockerfile-dev`,
    /// `prod.Dockerfile`, `api-Dockerfile` and the same with `Containerfile`, in any ASCII letter case. A name
    /// that goes on past `Dockerfile.` or `Dockerfile-` and ends in `sh` or `ml` is a script or CI YAML
    /// (`dockerfile-lint.sh`, `.github/workflows/dockerfile.yml`), read as such. The `commands.shell-tracing`
    /// exclude of the baseline lists exactly these names as globs.
    static func isDockerfile(_ name: String) -> Bool {
        let lower = String(decoding: name.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        return ["dockerfile", "containerfile"].contains { base in
            lower == base || lower.hasSuffix("." + base) || lower.hasSuffix("-" + base)
                || ((lower.hasPrefix(base + ".") || lower.hasPrefix(base + "-"))
                    && !lower.hasSuffix("sh") && !lower.hasSuffix("ml"))
        }
    }

    /// The kind a `#!` line names (`#!/bin/sh`, `#!/usr/bin/env bash`).
    public static func fromShebang(_ content: [UInt8]) -> FileKind? {
        guard content.starts(with: Array("#!".utf8)) else { return nil }
        let firstLine = content.prefix { $0 != UInt8(ascii: "\n") }
        let words = String(decoding: firstLine.dropFirst(2), as: UTF8.self).split(whereSeparator: {
            $0 == " " || $0 == "\t"
        })
        guard let interpreter = words.first.map({ String($0.split(separator: "/").last ?? $0) }) else { return nil }
        let program =
            interpreter == "env" ? words.dropFirst().first { !$0.hasPrefix("-") }.map(String.init) : interpreter
        return ["sh", "bash", "zsh", "dash", "ksh", "ash"].contains(program ?? "") ? .shellScript : nil
    }
}
