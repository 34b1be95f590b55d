import CYaml

/// A CI definition's YAML as the platforms read it, composed from libyaml's events.
///
/// A general YAML loader would refuse or mangle what CI platforms accept: GitLab takes repeated `<<` merge keys
/// and any repeated key (the last wins), a `spec:` header document before the configuration, and an empty file.
/// So duplicate keys are kept in order, every document is kept, and an alias is the anchored node itself, never
/// a copy: nested aliases cost their own size, not their expansion.
final class PipelineNode {
    enum Content {
        case scalar(String, ScalarStyle)
        case sequence([PipelineNode])
        /// In document order, repeated keys included.
        case mapping([(key: PipelineNode, value: PipelineNode)])
    }

    enum ScalarStyle {
        case plain, singleQuoted, doubleQuoted, literal, folded

        /// A block scalar's content starts on the line after its indicator, one file line per text line.
        var isBlock: Bool { self == .literal || self == .folded }
    }

    let content: Content
    let tag: String?
    let anchor: String?
    /// 1-based, where the node starts and where it ends.
    let line: Int
    let endLine: Int

    init(_ content: Content, tag: String?, anchor: String?, line: Int, endLine: Int) {
        self.content = content
        self.tag = tag
        self.anchor = anchor
        self.line = line
        self.endLine = endLine
    }

    var string: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    var pairs: [(key: PipelineNode, value: PipelineNode)]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value of a key, the last one when it repeats, as the platforms read it.
    subscript(key: String) -> PipelineNode? {
        pairs?.last { $0.key.string == key }?.value
    }
}

/// Why a CI definition could not be read, with libyaml's position.
struct PipelineSyntaxError: Error {
    var line: Int?
    var column: Int?
    var problem: String
}

enum PipelineDocument {
    /// Every document of the text, in order; none for an empty file.
    static func roots(of text: String) throws(PipelineSyntaxError) -> [PipelineNode] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw PipelineSyntaxError(problem: "the YAML reader could not start")
        }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer throws(PipelineSyntaxError) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var composer = Composer()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.error(of: parser) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return composer.documents }
                try composer.take(event)
            }
        }
    }

    private static func error(of parser: yaml_parser_t) -> PipelineSyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let context = parser.context.map { String(cString: $0) + ": " } ?? ""
        return PipelineSyntaxError(
            line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
            problem: context + problem)
    }
}

/// Builds nodes from events with a stack of open collections.
private struct Composer {
    private struct Open {
        var isMapping: Bool
        var tag: String?
        var anchor: String?
        var line: Int
        var items: [PipelineNode] = []
    }

    var documents: [PipelineNode] = []
    private var stack: [Open] = []
    private var anchors: [String: PipelineNode] = [:]

    mutating func take(_ event: yaml_event_t) throws(PipelineSyntaxError) {
        let line = Int(event.start_mark.line) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            // Anchors do not reach across documents.
            anchors = [:]
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let node = PipelineNode(
                .scalar(text, Self.style(scalar.style)), tag: Self.text(scalar.tag), anchor: Self.text(scalar.anchor),
                line: line, endLine: Int(event.end_mark.line) + 1)
            add(node)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            stack.append(Open(isMapping: false, tag: Self.text(start.tag), anchor: Self.text(start.anchor), line: line))
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            stack.append(Open(isMapping: true, tag: Self.text(start.tag), anchor: Self.text(start.anchor), line: line))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let open = stack.popLast() else { return }
            let content: PipelineNode.Content
            if open.isMapping {
                let items = open.items
                content = .mapping(stride(from: 0, to: items.count - 1, by: 2).map { (items[$0], items[$0 + 1]) })
            } else {
                content = .sequence(open.items)
            }
            add(
                PipelineNode(
                    content, tag: open.tag, anchor: open.anchor, line: open.line,
                    endLine: Int(event.end_mark.line) + 1))
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.data.alias.anchor) ?? ""
            guard let node = anchors[name] else {
                throw PipelineSyntaxError(
                    line: line, column: Int(event.start_mark.column) + 1,
                    problem: "the alias *\(name) names no anchor before it")
            }
            add(node)
        default:
            break
        }
    }

    private mutating func add(_ node: PipelineNode) {
        if let anchor = node.anchor { anchors[anchor] = node }
        if stack.isEmpty {
            documents.append(node)
        } else {
            stack[stack.count - 1].items.append(node)
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> PipelineNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
