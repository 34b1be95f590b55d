import CavraModel
import Testing

@Suite struct DisplayTextTests {
    @Test(arguments: [
        // Line breaks of every kind, and what they would let start a line.
        ("a\n::error::x", #"a\n::error::x"#),
        ("a\r::add-mask::x", #"a\r::add-mask::x"#),
        ("a\r\n::warning::x", #"a\r\n::warning::x"#),
        ("a\u{2028}b\u{2029}c\u{85}d", #"a\342\200\250b\342\200\251c\302\205d"#),
        ("a\u{0B}b\u{0C}c", #"a\vb\fc"#),
        // Other C0 and C1 controls, DEL.
        ("nul\u{0}bell\u{07}back\u{08}tab\t", #"nul\000bell\aback\btab\t"#),
        ("del\u{7F}csi\u{9B}31m", #"del\177csi\302\23331m"#),
        // ANSI escape sequences: colours, clearing the screen, window titles, hyperlinks.
        ("\u{1B}[31mred\u{1B}[0m", #"\033[31mred\033[0m"#),
        ("\u{1B}[2J\u{1B}[H", #"\033[2J\033[H"#),
        ("\u{1B}]0;title\u{07}", #"\033]0;title\a"#),
        ("\u{1B}]8;;https://x\u{1B}\\link", #"\033]8;;https://x\033\link"#),
        // Bidirectional controls that reorder what a reader sees.
        ("invoice\u{202E}fdp.exe", #"invoice\342\200\256fdp.exe"#),
        ("a\u{2066}b\u{2069}\u{200F}", #"a\342\201\246b\342\201\251\342\200\217"#),
        // Invisible characters that make two paths look the same.
        ("deploy/.e\u{200B}nv", #"deploy/.e\342\200\213nv"#),
        ("\u{FEFF}a\u{2060}b", #"\357\273\277a\342\201\240b"#),
        ("tag\u{E0041}", #"tag\363\240\201\201"#),
        // Azure and legacy runner command prefixes, anywhere and in any case.
        ("x ##vso[task.setvariable variable=a]b", #"x \043#vso[task.setvariable variable=a]b"#),
        ("##VSO[task.complete result=Succeeded]", #"\043#VSO[task.complete result=Succeeded]"#),
        ("###vso[x]", #"#\043#vso[x]"#),
        ("##[error]x and ##[group]y", #"\043#[error]x and \043#[group]y"#),
    ])
    func escapesWhatALogOrTerminalActsOn(text: String, expected: String) {
        #expect(DisplayText.escape(text) == expected)
    }

    @Test(arguments: [
        "std::string a::b", "# comment ## heading", "C# issue #12 #[derive(Debug)]",
        "café 日本 עברית عربي 🚀 👩\u{200D}💻 می\u{200C}خواهم",
        #"sed 's/\./x/' C:\path\n"#, "100% %0A %25", "<img src=x> | `code`",
    ])
    func leavesOrdinaryTextAlone(text: String) {
        #expect(DisplayText.escape(text) == text)
        #expect(DisplayText.path(text) == text)
    }

    @Test(arguments: [
        ("::error::x", #"\072:error::x"#),
        ("    ::warning::x", #"    \072:warning::x"#),
        ("\u{A0}\u{3000}::notice::x", "\u{A0}\u{3000}\\072:notice::x"),
        ("\t::error::x", #"\t::error::x"#),
        ("a ::error::x", "a ::error::x"),
    ])
    func keepsALineFromStartingAWorkflowCommand(text: String, expected: String) {
        #expect(DisplayText.line(text) == expected)
    }

    @Test func quotesUnsafePathsAsGitDoes() {
        #expect(DisplayText.path("a\nb\"c\\d") == #""a\nb\"c\\d""#)
        #expect(DisplayText.path("plain/path \"quoted\"\\x") == "plain/path \"quoted\"\\x")
        #expect(DisplayText.path("##vso[x]") == #"\043#vso[x]"#)
    }

    @Test func quotesPathsThatAreNotUTF8AsGitDoes() {
        #expect(DisplayText.path(bytes: Array("caf".utf8) + [0xE9] + Array(".txt".utf8)) == #""caf\351.txt""#)
        #expect(DisplayText.path(bytes: [0xFF, 0xFE, 0x0A] + Array("::error::x".utf8)) == #""\377\376\n::error::x""#)
        #expect(DisplayText.path(bytes: [0xE2, 0x82] + Array("\"é".utf8)) == #""\342\202\"é""#)
        #expect(DisplayText.path(bytes: [0xC3] + Array("##vso[x]".utf8)) == #""\303\043#vso[x]""#)
        #expect(DisplayText.path(bytes: Array("café/ok".utf8)) == "café/ok")
        #expect(DisplayText.path(bytes: Array("a\nb".utf8)) == #""a\nb""#)
    }

    @Test func escapingTwiceChangesNothingMore() {
        let once = DisplayText.escape("a\n##vso[x]\u{1B}[1m")
        #expect(DisplayText.escape(once) == once)
        let path = DisplayText.path("a\nb")
        #expect(DisplayText.path(path) == path)
    }
}
