import Foundation
import Testing
@testable import PolicyGraph

@Suite struct LexiconTests {
    @Test func parsesTabSeparatedEntries() throws {
        let lex = try Lexicon(parsing: "# comment\norganization\tWorld Trade Organization\tWTO|世界贸易组织\tQ7825\n")
        #expect(lex.entries.count == 1)
        #expect(lex.entries[0].aliases == ["WTO", "世界贸易组织"])
        #expect(lex.entries[0].key == "lexicon:organization:world-trade-organization")
    }

    /// A lexicon saved with Windows line ends reads as the same lexicon: every line its own
    /// entry, no carriage return left in the last column.
    @Test func windowsLineEndsReadAsLines() throws {
        let unix = "# names\norganization\tWorld Trade Organization\tWTO|世界贸易组织\tQ7825\nagreement\tParis Agreement\t巴黎协定\n"
        let windows = try Lexicon(parsing: unix.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(windows.entries.count == 2)
        #expect(windows.entries.map(\.wikidata) == [Optional("Q7825"), nil])
        #expect(windows.entries.map(\.aliases) == [["WTO", "世界贸易组织"], ["巴黎协定"]])
        #expect(windows.entries.map(\.key) == (try Lexicon(parsing: unix)).entries.map(\.key))
        // Notepad's UTF-8 starts with a byte order mark; the first line's type must still read.
        let marked = try Lexicon(parsing: "\u{FEFF}organization\tWorld Trade Organization\tWTO\r\n")
        #expect(marked.entries.map(\.type) == [.organization])
    }

    @Test func badTypeNamesTheLine() {
        #expect(throws: Lexicon.LoadError.self) { try Lexicon(parsing: "\nplanet\tMars\t\n", file: "x.tsv") }
    }

    /// Resource lines are trimmed without Foundation; the result must be Foundation's for
    /// every blank it knows (space separators, tab, the newlines) and none it does not
    /// (zero-width space, ideographic full stop).
    @Test func blankTrimmingAgreesWithFoundation() {
        let blanks: [Unicode.Scalar] = ["\t", " ", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2007}", "\u{200A}", "\u{202F}",
                                        "\u{205F}", "\u{3000}", "\n", "\u{B}", "\u{C}", "\r", "\u{85}", "\u{2028}", "\u{2029}"]
        let others: [Unicode.Scalar] = ["a", "世", "\u{200B}", "\u{3002}", "#", "\u{301}", "\u{FEFF}", "|"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let scalars = (0..<Int.random(in: 0...8, using: &rng)).map { _ in
                Bool.random(using: &rng) ? blanks.randomElement(using: &rng)! : others.randomElement(using: &rng)!
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let line = Substring(text)
            #expect(line.trimmingBlanks() == line.trimmingCharacters(in: .whitespaces), "\(scalars)")
            #expect(line.trimmingBlanks(andNewlines: true) == line.trimmingCharacters(in: .whitespacesAndNewlines), "\(scalars)")
        }
    }
}
