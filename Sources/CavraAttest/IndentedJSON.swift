import Foundation

/// JSON for people and files: indented, keys sorted, slashes (in every URL the documents hold) left alone, one
/// final newline. Signed bytes are canonical JSON instead (`Statement.payload()`).
enum IndentedJSON {
    static func text(_ value: some Encodable) throws(AttestationError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw AttestationError("\(type(of: value)) could not be encoded as JSON: \(error)")
        }
    }
}
