import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

@Suite struct ProvenanceListTests {
    typealias P = KnowledgeGraph.Provenance

    /// Mentions with repeated and distinct surfaces (more than the short list holds before it
    /// takes an index), figure sentences, qualifiers, and two spellings of one character that
    /// `String` calls equal but whose bytes differ.
    private var provenances: [P] {
        var list: [P] = []
        for k in 0..<40 {
            list.append(P(document: k % 3 == 0 ? "a.txt" : "docs/b.txt", block: k / 4, start: k * 7, end: k * 7 + 3,
                          blockKind: k % 5 == 0 ? .footnote : .paragraph, surface: "名称\(k % 23)",
                          sentence: k % 2 == 0 ? "第 \(k % 6) 句。" : "", qualifier: k % 7 == 0 ? "近" : nil))
        }
        list.append(P(document: "a.txt", block: 99, start: 0, end: 1, blockKind: .heading, surface: "\u{E9}"))
        list.append(P(document: "a.txt", block: 99, start: 2, end: 4, blockKind: .heading, surface: "e\u{301}"))
        return list
    }

    @Test func testEveryProvenanceReadsBackAsItWentIn() {
        let list = ProvenanceList(provenances)
        #expect(list.count == provenances.count)
        for (k, p) in provenances.enumerated() {
            let back = list[k]
            #expect(back == p)
            // Byte for byte too: equal strings may still be different spellings.
            #expect(Array(back.surface.utf8) == Array(p.surface.utf8))
            #expect(Array(back.sentence.utf8) == Array(p.sentence.utf8))
        }
        #expect(list == ProvenanceList(provenances))
        #expect(list != ProvenanceList(provenances.dropLast()))
    }

    @Test func testDistinctStringsAreListedOnceInOrderOfFirstMention() {
        let list = ProvenanceList(provenances)
        #expect(list.distinctSurfaces == (0..<23).map { "名称\($0)" } + ["\u{E9}", "e\u{301}"])
        #expect(list.distinctSentences == [0, 2, 4].map { "第 \($0) 句。" })
        #expect(list.distinctQualifiers == ["近"])
        #expect(Array(list.reordered([1, 0]).map(\.start)) == [7, 0])
    }

    @Test func testGraphProvenanceIsWhatTheFragmentsSay() throws {
        let g = SmallCorpus.graph()
        let wto = try #require(g.node(id: "organization/world-trade-organization"))
        #expect(wto.mentions.map(\.document) == ["a.txt", "a.txt", "a.txt", "notes/b.txt"])
        #expect(wto.mentions.map(\.surface) == ["世界贸易组织", "WTO", "世界贸易组织", "WTO"])
        let near = try #require(g.nodes.first { $0.type == .figure && $0.mentions.contains { $0.qualifier == "近" } })
        #expect(near.mentions.map(\.qualifier) == [nil, "近"])
        #expect(near.mentions.allSatisfy { !$0.sentence.isEmpty })
    }
}
