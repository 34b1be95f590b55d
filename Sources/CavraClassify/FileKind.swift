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
        } else if ["makefile", "gnumakefile"].contains(lower) || lower.hasSuffix(".mk") {
            self = .makefile
        } else if lower == "dockerfile" || lower == "containerfile" || lower.hasSuffix(".dockerfile")
            || lower.hasPrefix("dockerfile.")
        {
            self = .dockerfile
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
