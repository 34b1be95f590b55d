/// Azure Pipelines logging commands (`##vso[area.action key=value;…]message`), escaped as the agent decodes them,
/// so no finding text can end a command early or start a new one.
struct LoggingCommand {
    var name: String
    var properties: [(key: String, value: String)]
    var message: String

    var line: String {
        let rendered = properties.map { "\($0.key)=\(Self.escapeProperty($0.value));" }.joined()
        return "##vso[\(name)\(rendered.isEmpty ? "" : " ")\(rendered)]\(Self.escapeData(message))"
    }

    static let escapeData = EscapeTable(replacements: ["%": "%AZP25", "\r": "%0D", "\n": "%0A"])
    static let escapeProperty = escapeData.adding([";": "%3B", "]": "%5D"])
}
