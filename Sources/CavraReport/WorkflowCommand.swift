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

    static func escapeData(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": escaped += "%25"
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
            case ":": escaped += "%3A"
            case ",": escaped += "%2C"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
