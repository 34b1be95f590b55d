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

    static func escapeData(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": escaped += "%AZP25"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    static func escapeProperty(_ text: String) -> String {
        var escaped = ""
        for character in escapeData(text).unicodeScalars {
            switch character {
            case ";": escaped += "%3B"
            case "]": escaped += "%5D"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
