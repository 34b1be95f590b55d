/// The literal values a script gives its variables (`TF=terraform`, `export CMD="terraform apply"`), so that a
/// command spelled through them (`$TF apply -auto-approve`) is judged as the command a shell would run. Only values
/// written out in the text are known; a variable set anywhere else stays as written.
struct ShellVariables {
    private var values: [String: String] = [:]

    private static let declarations: Set<String> = ["export", "readonly", "local", "declare", "typeset"]

    /// Records the assignments of a command that only assigns (`X=1`, `export X=1 Y=2`); other commands set
    /// nothing that later commands see.
    mutating func record(_ words: [String]) {
        var rest = words[...]
        if let first = rest.first, Self.declarations.contains(first) {
            rest = rest.dropFirst().drop { $0.hasPrefix("-") }
        }
        guard !rest.isEmpty, rest.allSatisfy(CommandNormalizer.isAssignment) else { return }
        for assignment in rest {
            let equals = assignment.firstIndex(of: "=")!
            values[String(assignment[..<equals])] = expanding(assignment[assignment.index(after: equals)...])
        }
    }

    /// The words with known variables replaced; a word that is one variable alone splits on blanks as an unquoted
    /// expansion does.
    func expanded(_ words: [String]) -> [String] {
        guard !values.isEmpty else { return words }
        return words.flatMap { word -> [String] in
            if let name = Self.soleReference(word), let value = values[name] {
                return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            }
            return [expanding(word[...])]
        }
    }

    /// `$NAME` or `${NAME}` and nothing else.
    private static func soleReference(_ word: String) -> String? {
        guard word.hasPrefix("$") else { return nil }
        var name = word.dropFirst()
        if name.hasPrefix("{") && name.hasSuffix("}") { name = name.dropFirst().dropLast() }
        return isName(name) ? String(name) : nil
    }

    private func expanding(_ text: Substring) -> String {
        var output = ""
        var rest = text
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            let braced = rest.hasPrefix("{")
            let nameStart = braced ? rest.index(after: rest.startIndex) : rest.startIndex
            let name = rest[nameStart...].prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            let end = name.endIndex
            let closed = !braced || (end < rest.endIndex && rest[end] == "}")
            if Self.isName(name), closed, let value = values[String(name)] {
                output += value
                rest = rest[(braced ? rest.index(after: end) : end)...]
            } else {
                output += "$"
            }
        }
        return output + rest
    }

    private static func isName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
