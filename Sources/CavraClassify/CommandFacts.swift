import CavraModel

extension ShellParser.Result {
    /// One fact per starting line, each holding every pipeline that starts there, so a chain such as
    /// `pytest && terraform apply` is judged as one line whose decision is its worst command.
    func facts(text: (Int) -> String, path: String?, commit: String?, keeping keep: (ShellParser.Pipeline) -> Bool)
        -> [CommandFact]
    {
        var byLine: [Int: [[SimpleCommand]]] = [:]
        for pipeline in pipelines where keep(pipeline) {
            byLine[pipeline.firstLine, default: []].append(pipeline.commands)
        }
        return byLine.keys.sorted().map { line in
            CommandFact(text: text(line), path: path, line: line, pipelines: byLine[line]!, commit: commit)
        }
    }
}

extension CommandFact {
    /// A command line given directly (`cavra-gate evaluate --command`), judged as one fact.
    public static func parsing(_ commandLine: String) -> CommandFact {
        let parsed = ShellParser.parse(commandLine)
        return CommandFact(text: commandLine, pipelines: parsed.pipelines.map(\.commands))
    }
}
