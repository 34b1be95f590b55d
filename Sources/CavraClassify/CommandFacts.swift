import CavraModel

extension ShellParser.Result {
    /// One fact per starting line, each holding every pipeline that starts there, so a chain such as
    /// `pytest && terraform apply` is judged as one line whose decision is its worst command. `judge` says which
    /// pipelines to keep and why; a line with a pipeline on an added line needs no other reason.
    func facts(
        text: (Int) -> String, path: String?, commit: String?,
        judging judge: (ShellParser.Pipeline) -> LinesToJudge.Judgement?
    ) -> [CommandFact] {
        var byLine: [Int: (pipelines: [[SimpleCommand]], judgement: LinesToJudge.Judgement)] = [:]
        for pipeline in pipelines {
            guard let judgement = judge(pipeline) else { continue }
            var entry = byLine[pipeline.firstLine] ?? ([], judgement)
            entry.pipelines.append(pipeline.commands)
            if judgement == .added { entry.judgement = .added }
            byLine[pipeline.firstLine] = entry
        }
        return byLine.keys.sorted().map { line in
            var fact = CommandFact(
                text: text(line), path: path, line: line, pipelines: byLine[line]!.pipelines, commit: commit)
            fact.judgedBecause = byLine[line]!.judgement.why
            return fact
        }
    }
}

extension ShellParser.Result {
    /// One parse fact per line (among those `keep` accepts) where commands nest too deep to read.
    func tooDeepFacts(path: String, commit: String?, keeping keep: (Int) -> Bool) -> [Fact] {
        Set(tooDeepLines).filter(keep).sorted().map { line in
            .parse(
                ParseFact(path: path, line: line, column: nil, message: ShellParser.tooDeepMessage, commit: commit))
        }
    }
}

extension CommandFact {
    /// A command line given directly (`cavra-gate evaluate --command`), judged as one fact.
    public static func parsing(_ commandLine: String) -> CommandFact {
        CommandFact(commandLine: commandLine, parsed: ShellParser.parse(commandLine))
    }

    fileprivate init(commandLine: String, parsed: ShellParser.Result) {
        self.init(text: commandLine, pipelines: parsed.pipelines.map(\.commands))
    }
}

extension Fact {
    /// What a command line given directly asks a machine to run: one command fact, and a parse fact when it
    /// nests commands too deep to read.
    public static func parsing(commandLine: String) -> [Fact] {
        let parsed = ShellParser.parse(commandLine)
        return [.command(CommandFact(commandLine: commandLine, parsed: parsed))]
            + parsed.tooDeepFacts(path: "command line", commit: nil) { _ in true }
    }
}
