import CavraModel
import Foundation
import Yams

/// Strict, position-aware reading of a YAML document: every error names file:line:column.
struct YAMLReader {
    let source: String

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: source, line: node.mark?.line, column: node.mark?.column)
    }

    func error(_ message: String, at node: Node) -> PolicyError {
        PolicyError(message, at: location(node))
    }

    /// Parses text into a node tree, turning libyaml's errors (and duplicate keys) into positioned errors.
    func compose(_ text: String) throws -> Node {
        do {
            // The basic resolver skips Yams's regular-expression tag guessing on every scalar (milliseconds on
            // each run of the gate); `plainType` below tells numbers, booleans and null apart where it matters.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw PolicyError(
                    "the policy file is empty; it needs at least metadata and rules",
                    at: SourceLocation(file: source, line: 1, column: 1))
            }
            return node
        } catch let error as YamlError {
            throw Self.positioned(error, source: source)
        }
    }

    static func positioned(_ error: YamlError, source: String) -> PolicyError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return PolicyError(
                "invalid YAML: \(problem)", at: SourceLocation(file: source, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PolicyError(
                "the key '\(duplicates.joined(separator: "', '"))' appears more than once in one mapping",
                at: SourceLocation(file: source, line: context.mark.line, column: context.mark.column))
        default:
            return PolicyError("invalid YAML: \(error)", at: SourceLocation(file: source))
        }
    }

    /// The entries of a mapping, refusing keys outside `allowed` at the key's own position.
    func mapping(_ node: Node, allowed: [String]?, what: String) throws -> [String: (key: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw error("\(what) must be a mapping of keys to values", at: node)
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw error("\(what) has a key that is not a plain name", at: key)
            }
            if let allowed, !allowed.contains(scalar.string) {
                throw error(
                    "unknown key '\(scalar.string)' in \(what); allowed keys are \(allowed.joined(separator: ", "))",
                    at: key)
            }
            entries[scalar.string] = (key, try resolveAlias(value))
        }
        return entries
    }

    /// Text only: a plain scalar that YAML reads as a number, boolean or null is refused, so the pack means the
    /// same to this loader and to the published JSON Schema.
    func string(_ node: Node, what: String) throws -> String {
        guard case .scalar(let scalar) = try resolveAlias(node) else {
            throw error("\(what) must be a single value", at: node)
        }
        if let type = Self.plainType(of: scalar) {
            throw error("\(what) must be text, not the \(type) '\(scalar.string)'; quote it", at: node)
        }
        return scalar.string
    }

    /// What YAML 1.1 reads an unquoted scalar as when it is not text: "bool", "null", "int" or "float".
    static func plainType(of scalar: Node.Scalar) -> String? {
        guard scalar.style == .plain || scalar.style == .any else { return nil }
        let text = scalar.string
        // Most scalars are words: only these first characters can start a null, boolean or number.
        if let first = text.utf8.first, !Self.nonTextInitials.contains(first) { return nil }
        if ["", "~", "null", "Null", "NULL"].contains(text) { return "null" }
        let booleans = [
            "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false",
            "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ]
        if booleans.contains(text) { return "bool" }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let unsigned = digits.filter { $0 != "_" }
        if unsigned.lowercased().hasPrefix("0x") {
            return unsigned.count > 2 && unsigned.dropFirst(2).allSatisfy(\.isHexDigit) ? "int" : nil
        }
        if !unsigned.isEmpty, unsigned.allSatisfy({ $0.isASCII && $0.isNumber }) { return "int" }
        if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(String(digits)) { return "float" }
        let mantissa = unsigned.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, !(parts[0].isEmpty && parts[1].isEmpty),
            (parts[0] + parts[1]).allSatisfy({ $0.isASCII && $0.isNumber })
        {
            return "float"
        }
        return nil
    }

    private static let nonTextInitials = Set("~nNyYtTfFoO0123456789+-._".utf8)

    /// Text, or a number kept as written (`version: 1.2`).
    func textOrNumber(_ node: Node, what: String) throws -> String {
        if case .scalar(let scalar) = node, ["int", "float"].contains(Self.plainType(of: scalar)) {
            return scalar.string
        }
        return try nonEmptyString(node, what: what)
    }

    func nonEmptyString(_ node: Node, what: String) throws -> String {
        let value = try string(node, what: what)
        guard value.contains(where: { !$0.isWhitespace }) else {
            throw error("\(what) must not be empty", at: node)
        }
        return value
    }

    /// Only `true` and `false`: YAML 1.1's yes/no/on/off are refused so a typo cannot flip a switch.
    func bool(_ node: Node, what: String) throws -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
            throw error("\(what) must be true or false", at: node)
        }
        return scalar.string == "true"
    }

    func list(_ node: Node, what: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw error("\(what) must be a list", at: node) }
        return try sequence.map(resolveAlias)
    }

    func stringList(_ node: Node, what: String) throws -> [(value: String, node: Node)] {
        try list(node, what: what).map { (try nonEmptyString($0, what: "each entry of \(what)"), $0) }
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ node: Node, what: String) throws -> Value
    where Value.RawValue == String {
        let text = try string(node, what: what)
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("\(what) '\(text)' is not one of \(allowed)", at: node)
        }
        return value
    }

    private func resolveAlias(_ node: Node) throws -> Node {
        if case .alias = node {
            throw error("YAML aliases are not supported in policy packs; write the value out", at: node)
        }
        return node
    }
}
