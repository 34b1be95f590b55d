import Foundation

// Decoding gives any JSON a canonical spelling, so a signed document can be built from Codable values and its bytes
// still depend only on what it says. Numbers other than integers are refused, as canonical JSON has none.
extension CanonicalJSON: Decodable {
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var values: [CanonicalJSON] = []
            while !array.isAtEnd { values.append(try array.decode(CanonicalJSON.self)) }
            self = .array(values)
            return
        }
        if let object = try? decoder.container(keyedBy: MemberKey.self) {
            var members: [String: CanonicalJSON] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(CanonicalJSON.self, forKey: key) }
            self = .object(members)
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let bool = try? value.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? value.decode(Int.self) {
            self = .integer(integer)
        } else {
            self = .string(try value.decode(String.self))
        }
    }

    /// The canonical form of what `value` encodes to.
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(CanonicalJSON.self, from: JSONEncoder().encode(value))
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
