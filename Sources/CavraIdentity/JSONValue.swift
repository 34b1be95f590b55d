import Foundation

/// A JSON value as a token or claims document holds it, keeping integers, fractions and booleans apart so that
/// `exp: true` or `iat: "1"` are refused rather than coerced.
public indirect enum JSONValue: Sendable, Hashable, Decodable {
    case string(String)
    case integer(Int)
    case fraction(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .fraction(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The members of a JSON object, or nil when `bytes` is not one.
    static func object(_ bytes: some Collection<UInt8>) -> [String: JSONValue]? {
        guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            return nil
        }
        return members
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A number of seconds, for the time claims, which RFC 7519 allows to carry a fraction.
    var seconds: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .fraction(let value): value
        default: nil
        }
    }

    /// The value as the result's `claims` map shows it: scalars as text, a list of strings joined with ",";
    /// nil for objects and mixed lists, which are left out.
    var claimText: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .fraction(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .array(let values):
            values.allSatisfy({ $0.string != nil }) ? values.compactMap(\.string).joined(separator: ",") : nil
        case .null, .object: nil
        }
    }
}
