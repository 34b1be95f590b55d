/// Replaces characters by the escapes a platform's log decoder turns back into them, in one pass.
struct EscapeTable {
    let replacements: [Unicode.Scalar: String]

    func callAsFunction(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            if let replacement = replacements[scalar] {
                escaped += replacement
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// This table plus more replacements (a property value escapes what its data escapes, and more).
    func adding(_ more: [Unicode.Scalar: String]) -> EscapeTable {
        EscapeTable(replacements: replacements.merging(more) { _, new in new })
    }
}
