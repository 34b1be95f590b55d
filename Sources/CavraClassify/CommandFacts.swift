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
    /// One parse fact per problem whose lines `keep` accepts: what a shell would run there was not judged.
    func problemFacts(path: String, commit: String?, keeping keep: (ClosedRange<Int>) -> Bool) -> [Fact] {
        var seen: Set<ShellParser.Problem> = []
        return problems.filter { keep($0.lines) && seen.insert($0).inserted }.map { problem in
            .parse(
                ParseFact(
                    path: path, line: problem.lines.lowerBound, column: nil, message: problem.message, commit: commit))
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
    /// What a command line given directly asks a machine to run: one command fact, and a parse fact for each
    /// part of it that cannot be read.
    public static func parsing(commandLine: String) -> [Fact] {
        let parsed = ShellParser.parse(commandLine)
        return [.command(CommandFact(commandLine: commandLine, parsed: parsed))]
            + parsed.problemFacts(path: "command line", commit: nil) { _ in true }
    }
}
