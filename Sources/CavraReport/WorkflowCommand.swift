/// GitHub Actions workflow commands (`::error file=…::message`), escaped as the Actions runner decodes them, so
/// no finding text can end a command early or start a new one.
struct WorkflowCommand {
    var name: String
    var properties: [(key: String, value: String)]
    var message: String

    var line: String {
        let rendered = properties.map { "\($0.key)=\(Self.escapeProperty($0.value))" }.joined(separator: ",")
        let separator = rendered.isEmpty ? "" : " "
        return "::\(name)\(separator)\(rendered)::\(Self.escapeData(message))"
    }

    static let escapeData = EscapeTable(replacements: ["%": "%25", "\r": "%0D", "\n": "%0A"])
    static let escapeProperty = escapeData.adding([":": "%3A", ",": "%2C"])
}
