import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

@Suite struct GraphBuilderTests {
    typealias C = SmallCorpus

    private func counts<T: Hashable>(_ items: [T]) -> [T: Int] { items.reduce(into: [:]) { $0[$1, default: 0] += 1 } }

    @Test func testSmallCorpusGivesExpectedNodesAndEdgesPerType() {
        let g = C.graph()
        #expect(counts(g.nodes.map(\.type)) == [.document: 2, .organization: 1, .country: 3, .agreement: 1, .year: 3, .figure: 3])
        #expect(counts(g.edges.map(\.relation)) == [.mentions: 16, .coOccurs: 8, .refersToYear: 4, .partyTo: 3])
    }

    @Test func testMentionsEdgeWeightCountsMentionsInTheDocument() {
        let g = C.graph()
        let e = g.edges.first { $0.source == "document/a.txt" && $0.target == "organization/world-trade-organization" }
        #expect(e?.relation == .mentions)
        #expect(e?.weight == 3)
        #expect(g.node(id: "document/a.txt")?.mentionCount == 11)
    }

    @Test func testCoOccurrenceIsSymmetricCountsBlocksAndLeavesOutYearsAndFigures() {
        let g = C.graph()
        let co = g.edges(.coOccurs)
        #expect(co.allSatisfy { !$0.directed && $0.source < $0.target })
        let types = Dictionary(uniqueKeysWithValues: g.nodes.map { ($0.id, $0.type) })
        #expect(co.allSatisfy { types[$0.source] != .year && types[$0.source] != .figure && types[$0.target] != .year && types[$0.target] != .figure })
        let chinaRCEP = co.first { Set([$0.source, $0.target]) == ["country/china", "agreement/regional-comprehensive-economic-partnership"] }
        #expect(chinaRCEP?.weight == 2)
    }

    @Test func testFigureNodeReadsBackAsAFact() throws {
        let g = C.graph()
        let f = try #require(g.nodes.first { $0.type == .figure && $0.aliases == ["18.9 万亿美元"] })
        #expect(f.figure?.value == 18.9e12)
        #expect(f.figure?.unit == "USD")
        #expect(f.referenceYears == [2019])
        #expect(f.sentences == ["2019 年，全球商品贸易出口额为 18.9 万亿美元。"])
        #expect(g.edges(.refersToYear).contains { $0.source == f.id && $0.target == "year/2019" })
    }

    @Test func testSameFigureSurfaceWithTwoYearsKeepsBoth() throws {
        let g = C.graph()
        let f = try #require(g.nodes.first { $0.type == .figure && $0.aliases == ["40%"] })
        #expect(f.referenceYears == [2018, 2019])
        #expect(f.sentences.count == 2)
        #expect(f.qualifiers == ["近"])
        #expect(Set(g.edges(.refersToYear).filter { $0.source == f.id }.map(\.target)) == ["year/2018", "year/2019"])
    }

    @Test func testEntityKeepsEveryMentionWithProvenance() throws {
        let g = C.graph()
        let wto = try #require(g.node(id: "organization/world-trade-organization"))
        #expect(wto.label == "World Trade Organization")
        #expect(wto.aliases == ["WTO", "世界贸易组织"])
        #expect(wto.wikidata == "Q7825")
        #expect(wto.mentions.count == 4)
        let footnote = try #require(wto.mentions.first { $0.blockKind == .footnote })
        #expect(footnote.document == "a.txt" && footnote.block == 3 && footnote.start == 2 && footnote.end == 8)
    }

    @Test func testPartyToEdgesCarryTheirSentences() throws {
        let g = C.graph()
        let rcep = "agreement/regional-comprehensive-economic-partnership"
        let party = g.edges(.partyTo)
        #expect(Set(party.map(\.source)) == ["country/china", "country/日本", "country/韩国"])
        #expect(party.allSatisfy { $0.target == rcep && $0.directed })
        let china = try #require(party.first { $0.source == "country/china" })
        #expect(china.weight == 2)
        #expect(china.evidence == ["The WTO said China joined the RCEP.", "中国、日本和韩国于 2020 年正式签署了 RCEP。"])
        // Each edge its own sentences (the edges' lists are kept in one table, by position).
        for japanOrKorea in ["country/日本", "country/韩国"] {
            #expect(party.first { $0.source == japanOrKorea }?.evidence == ["中国、日本和韩国于 2020 年正式签署了 RCEP。"])
        }
    }

    /// The graph builder trusts the key numbers resolving recorded for a document only while
    /// they still name its mentions' keys: a fragment changed since (a key edited, a document
    /// never resolved) has its mentions found by their keys, in memory as in a spilled build.
    @Test(arguments: [false, true]) func testMentionsChangedSinceResolvingAreFoundByTheirKeys(spilled: Bool) throws {
        let resolution = Resolver(lexicon: C.lexicon).resolve(C.fragments)
        var changed = C.documentA
        let china = try #require(changed.mentions.firstIndex { $0.key == C.china })
        changed.mentions[china].key = "country:日本"
        var unseen = C.documentB
        unseen.path = "c.txt"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = GraphBuilder(recordFolder: spilled ? dir : nil).build([changed, C.documentB, unseen], resolution: resolution)
        func mentions(_ document: String, _ entity: String) -> Double? {
            g.edges.first { $0.relation == .mentions && $0.source == document && $0.target == entity }?.weight
        }
        #expect(mentions("document/a.txt", "country/日本") == 2)
        #expect(mentions("document/a.txt", "country/china") == nil)
        #expect(mentions("document/notes/b.txt", "country/china") == 1)
        #expect(mentions("document/c.txt", "country/china") == 1)
        #expect(mentions("document/c.txt", "organization/world-trade-organization") == 1)
    }

    @Test func testParagraphIsLinkedToItsFootnote() {
        let g = C.graph()
        #expect(g.node(id: "document/a.txt")?.footnoteLinks == [.init(paragraphBlock: 1, footnoteBlock: 3, number: 1)])
    }

    @Test func testFragmentOrderDoesNotChangeTheGraph() {
        let forward = C.graph([C.documentA, C.documentB])
        let backward = C.graph([C.documentB, C.documentA])
        #expect(forward == backward)
    }

    @Test func testEntityIdsAreEqualAcrossBuildsOfDifferentFolders() {
        let alone = C.graph([C.documentB])
        let both = C.graph([C.documentA, C.documentB])
        let idsAlone = Set(alone.nodes.filter { $0.type != .document }.map(\.id))
        #expect(idsAlone.count == 8)
        #expect(idsAlone.isSubset(of: Set(both.nodes.map(\.id))))
    }

    @Test func testCollidingEntityIdsAreMadeUniqueIndependentlyOfOrder() {
        let a = ResolvedEntity(id: "organization/a-b", type: .organization, name: "A.B", aliases: ["A.B"], keys: ["organization:a.b"])
        let b = ResolvedEntity(id: "organization/a-b", type: .organization, name: "A B", aliases: ["A B"], keys: ["organization:a b"])
        #expect(GraphBuilder.uniqueIds([a, b]) == ["organization/a-b~2", "organization/a-b"])
        #expect(GraphBuilder.uniqueIds([b, a]) == ["organization/a-b", "organization/a-b~2"])
    }
}
