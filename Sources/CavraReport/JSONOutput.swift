import CavraModel
import Foundation

/// Deterministic JSON: sorted keys, no escaped slashes, one final newline. JSON reports are printed to CI logs
/// too (`cat result.json`), so characters a log or terminal acts on are written as `\u` escapes, which every JSON
/// reader decodes back: the data stays exact and the log stays safe.
public enum JSONOutput {
    /// - Parameter pretty: indent for people; large machine-read reports (SARIF) stay compact.
    public static func encode(_ value: some Encodable, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return logSafe(String(decoding: try encoder.encode(value), as: UTF8.self)) + "\n"
    }

    /// The encoder escapes C0 controls already, so what is left to escape (DEL, C1 controls, line separators,
    /// bidi controls, `#` starting a log command) can only stand inside strings.
    static func logSafe(_ json: String) -> String {
        guard json.utf8.contains(where: { $0 >= 0x7F }) else {
            return DisplayText.neutralisingLogCommandPrefixes(json, hashAs: "\\u0023")
        }
        var escaped = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F, DisplayText.isUnsafe(scalar) {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    escaped.append(
                        contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
                }
            } else {
                escaped.append(scalar)
            }
        }
        return DisplayText.neutralisingLogCommandPrefixes(String(escaped), hashAs: "\\u0023")
    }
}
