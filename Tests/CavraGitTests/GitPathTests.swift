import CavraModel
import Testing

@Suite("paths as bytes, spelled as git spells them")
struct GitPathTests {
    static let spellings: [([UInt8], String)] = [
        (Array("src/main.c".utf8), "src/main.c"),
        (Array("café/ü.txt".utf8), "café/ü.txt"),
        (Array("caf".utf8) + [0xE9] + Array("/.env".utf8), #""caf\351/.env""#),
        (Array("a\nb\tc".utf8), #""a\nb\tc""#),
        (Array("say \"hi\"".utf8), #""say \"hi\"""#),
        (Array("back\\slash".utf8), #""back\\slash""#),
        ([0x01, 0x7F, 0x07], #""\001\177\a""#),
        (
            [0xC0, 0xAF, 0xE2, 0x82, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80],
            #""\300\257\342\202\355\240\200\364\220\200\200""#
        ),
        ([0xE2, 0x82, 0xAC, 0xFF], #""€\377""#),
    ]

    @Test("quoted only where git quotes, with invalid bytes escaped in octal", arguments: spellings)
    func spelling(bytes: [UInt8], expected: String) throws {
        let path = GitPath(bytes: bytes)
        #expect(path.description == expected)
        #expect(GitPath(quoted: path.description) == path)
    }

    @Test("malformed quoted spellings are refused", arguments: [#""abc"#, #""a\q""#, #""\39""#, #""a"b""#])
    func malformed(spelling: String) {
        #expect(GitPath(quoted: spelling) == nil)
    }

    @Test("order and equality are git's, on bytes: composed and decomposed é differ")
    func bytesNotCharacters() {
        #expect(GitPath("é") != GitPath("e\u{301}"))
        #expect(GitPath("a/b") < GitPath("a0"))
        #expect(GitPath("Z") < GitPath("a"))
    }
}
