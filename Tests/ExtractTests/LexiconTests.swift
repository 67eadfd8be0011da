import Testing
@testable import PolicyGraph

@Suite struct LexiconTests {
    @Test func parsesTabSeparatedEntries() throws {
        let lex = try Lexicon(parsing: "# comment\norganization\tWorld Trade Organization\tWTO|世界贸易组织\tQ7825\n")
        #expect(lex.entries.count == 1)
        #expect(lex.entries[0].aliases == ["WTO", "世界贸易组织"])
        #expect(lex.entries[0].key == "lexicon:organization:world-trade-organization")
    }

    @Test func badTypeNamesTheLine() {
        #expect(throws: Lexicon.LoadError.self) { try Lexicon(parsing: "\nplanet\tMars\t\n", file: "x.tsv") }
    }
}
