import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

/// The compact JSON-LD shape (context-driven short names, each relation once) and the short
/// GraphML edge ids.
@Suite struct CompactExportTests {
    typealias C = SmallCorpus

    private func jsonld(_ graph: KnowledgeGraph) throws -> (context: [String: Any], nodes: [[String: Any]]) {
        let root = try #require(try JSONSerialization.jsonObject(with: JSONLDWriter().render(graph)) as? [String: Any])
        return (try #require(root["@context"] as? [String: Any]), try #require(root["@graph"] as? [[String: Any]]))
    }

    /// Every key below `@graph`, at any depth.
    private func keys(in value: Any, into found: inout Set<String>) {
        if let object = value as? [String: Any] {
            for (k, v) in object {
                found.insert(k)
                keys(in: v, into: &found)
            }
        } else if let array = value as? [Any] {
            for v in array { keys(in: v, into: &found) }
        }
    }

    @Test func testEveryKeyAndTypeTheNodesUseHasATermInTheContext() throws {
        let (context, nodes) = try jsonld(C.graph())
        var used: Set<String> = []
        keys(in: nodes, into: &used)
        // A JSON-LD processor drops keys it cannot expand without a word: none may lack a term.
        let missing = used.filter { !$0.hasPrefix("@") && context[$0] == nil }
        #expect(missing.isEmpty, "keys without a term: \(missing.sorted())")
        var types: Set<String> = []
        func collectTypes(_ v: Any) {
            if let o = v as? [String: Any] {
                if let t = o["@type"] as? String { types.insert(t) }
                o.values.forEach(collectTypes)
            } else if let a = v as? [Any] { a.forEach(collectTypes) }
        }
        collectTypes(nodes)
        #expect(types.isSuperset(of: ["Organization", "Country", "Legislation", "Year", "QuantitativeValue",
                                      "DigitalDocument", "Mention", "Edge", "FootnoteLink"]))
        #expect(types.filter { context[$0] == nil }.isEmpty)
        for type in KnowledgeGraph.NodeType.allCases {
            #expect(context[JSONLDWriter.typeTerm(type)] as? String == JSONLDWriter.typeName(type))
        }
    }

    @Test func testNodeIdsAreRelativeToTheBaseAndExpandToTheAbsoluteIRIs() throws {
        let graph = C.graph()
        let (context, nodes) = try jsonld(graph)
        let base = try #require(context["@base"] as? String)
        let written = Set(nodes.compactMap { $0["@id"] as? String })
        #expect(written.allSatisfy { !$0.hasPrefix("https:") })
        #expect(Set(written.map { base + $0 }) == Set(graph.nodes.map { ExportText.iri(forNodeId: $0.id) }))
        #expect(written.contains("country/%E6%97%A5%E6%9C%AC"))
    }

    @Test func testIdsWithDotOrEmptySegmentsAreWrittenAsAbsoluteIRIs() {
        func reference(_ id: String) -> String {
            String(decoding: JSONLDNodeRenderer.quotedReference(encodedId: ExportText.percentEncodedBytes(id)), as: UTF8.self)
        }
        #expect(reference("document/a/b.txt") == "\"document/a/b.txt\"")
        #expect(reference("organization/") == "\"organization/\"")
        #expect(reference("document/.hidden/x.txt") == "\"document/.hidden/x.txt\"")
        // Resolving a relative reference removes `.`/`..` segments, and rdflib collapses `//`.
        #expect(reference("document/./a.txt") == "\"https://policygraph.dev/id/document/./a.txt\"")
        #expect(reference("document/../a.txt") == "\"https://policygraph.dev/id/document/../a.txt\"")
        #expect(reference("document/a//b.txt") == "\"https://policygraph.dev/id/document/a//b.txt\"")
    }

    @Test func testCoOccurrenceIsWrittenOnceOnTheSmallerIdAndNoEdgeStatementRepeatsMentionsOrCoOccurs() throws {
        let graph = C.graph()
        let (_, nodes) = try jsonld(graph)
        var coOccurrences: [(String, String)] = []
        var statementRelations: [String] = []
        var mentionLinks = 0
        for node in nodes {
            let id = try #require(node["@id"] as? String)
            for target in node["coOccursWith"] as? [String] ?? [] { coOccurrences.append((id, target)) }
            mentionLinks += (node["mentions"] as? [String])?.count ?? 0
            for statement in node["edge"] as? [[String: Any]] ?? [] {
                statementRelations.append(try #require(statement["relation"] as? String))
            }
        }
        // Written on each edge's source (the smaller id, as in GraphML), never on both ends.
        let expected = graph.edges(.coOccurs).map { (ExportText.percentEncoded($0.source), ExportText.percentEncoded($0.target)) }
        #expect(coOccurrences.count == 8)
        #expect(coOccurrences.map { "\($0.0) \($0.1)" }.sorted() == expected.map { "\($0.0) \($0.1)" }.sorted())
        #expect(mentionLinks == 16)
        #expect(statementRelations.sorted() == ["party_to", "party_to", "party_to",
                                                 "refers_to_year", "refers_to_year", "refers_to_year", "refers_to_year"])
    }

    @Test func testPartyToStatementKeepsWeightAndEvidence() throws {
        let (_, nodes) = try jsonld(C.graph())
        let china = try #require(nodes.first { $0["@id"] as? String == "country/china" })
        #expect(china["partyTo"] as? [String] == ["agreement/regional-comprehensive-economic-partnership"])
        let statement = try #require((china["edge"] as? [[String: Any]])?.first)
        #expect(statement["@type"] as? String == "Edge")
        #expect(statement["target"] as? String == "agreement/regional-comprehensive-economic-partnership")
        #expect((statement["weight"] as? NSNumber)?.doubleValue ?? 0 >= 1)
        #expect(!((statement["evidence"] as? [String]) ?? []).isEmpty)
    }

    @Test func testANodesLinksAreWrittenByRelationAndTargetAndSkipEndsNoNodeHas() throws {
        let node = { (id: String, type: KnowledgeGraph.NodeType) in KnowledgeGraph.Node(id: id, type: type, label: id) }
        let nodes = [node("country/b", .country), node("agreement/z", .agreement), node("agreement/a", .agreement),
                     node("year/2020", .year), node("year/2019", .year), node("country/c", .country),
                     node("document/d.txt", .document)]
        // Given in no particular order; one target of each kind is no node.
        let edges: [KnowledgeGraph.Edge] = [
            .init(source: "country/b", target: "year/2020", relation: .refersToYear, weight: 1, evidence: ["2020 s."]),
            .init(source: "country/b", target: "agreement/z", relation: .partyTo, weight: 2, evidence: ["z s."]),
            .init(source: "country/b", target: "country/c", relation: .coOccurs, weight: 1, directed: false),
            .init(source: "country/b", target: "agreement/none", relation: .partyTo, weight: 1),
            .init(source: "country/b", target: "year/2019", relation: .refersToYear, weight: 3),
            .init(source: "country/b", target: "agreement/a", relation: .partyTo, weight: 1, evidence: ["a s."]),
            .init(source: "country/b", target: "country/none", relation: .coOccurs, weight: 1, directed: false),
            .init(source: "country/b", target: "agreement/a", relation: .coOccurs, weight: 4, directed: false),
            .init(source: "document/d.txt", target: "country/c", relation: .mentions, weight: 1),
            .init(source: "document/d.txt", target: "country/b", relation: .mentions, weight: 2),
            .init(source: "document/d.txt", target: "document/none", relation: .mentions, weight: 2),
        ]
        let (_, written) = try jsonld(KnowledgeGraph(nodes: nodes, edges: edges))
        let b = try #require(written.first { $0["@id"] as? String == "country/b" })
        #expect(b["partyTo"] as? [String] == ["agreement/a", "agreement/z"])
        #expect(b["refersToYear"] as? [String] == ["year/2019", "year/2020"])
        #expect(b["coOccursWith"] as? [String] == ["agreement/a", "country/c"])
        #expect(b["mentions"] == nil)
        let statements = try #require(b["edge"] as? [[String: Any]])
        #expect(statements.map { "\($0["relation"]!) \($0["target"]!)" }
                == ["party_to agreement/a", "party_to agreement/z", "refers_to_year year/2019", "refers_to_year year/2020"])
        #expect(statements[1]["evidence"] as? [String] == ["z s."])
        let d = try #require(written.first { $0["@id"] as? String == "document/d.txt" })
        #expect(d["mentions"] as? [String] == ["country/b", "country/c"])
        #expect(d["edge"] == nil && d["coOccursWith"] == nil)
        let c = try #require(written.first { $0["@id"] as? String == "country/c" })
        #expect(c["coOccursWith"] == nil && c["mentions"] == nil && c["edge"] == nil)
    }

    @Test func testEmptyGraphGivesValidJSONLDWithEmptyGraphArray() throws {
        let data = try JSONLDWriter().render(KnowledgeGraph(nodes: [], edges: []))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((root["@graph"] as? [Any])?.isEmpty == true)
        #expect(root["@context"] is [String: Any])
    }

    // MARK: - GraphML edge ids

    @Test func testGraphMLEdgeIdIsFNV1a64OfSourceRelationTarget() {
        // Reference values computed independently (FNV-1a 64, offset 0xcbf29ce484222325,
        // prime 0x100000001b3) over the UTF-8 bytes.
        #expect(GraphMLEdgeIds.id(hash: GraphMLEdgeIds.hash(source: "document/a.txt", relation: "mentions",
                                                           target: "country/china")) == "e72362d65991028ab")
        #expect(GraphMLEdgeIds.id(hash: 0xcbf2_9ce4_8422_2325) == "ecbf29ce484222325")
        #expect(GraphMLEdgeIds.id(hash: 1) == "e0000000000000001")
    }

    @Test func testGraphMLEdgeIdsHashingEachSourceOnceEqualHashingEveryEdgeWhole() {
        // The chunked graph has edges to a node it lacks, whose end is kept by id.
        for graph in [StreamingExportTests.largeGraph, ChunkedExportTests.awkwardGraph] {
            let whole = graph.edges.map { GraphMLEdgeIds.hash(source: $0.source, relation: $0.relation.rawValue, target: $0.target) }
            #expect(!whole.isEmpty)
            #expect(Array(GraphMLWriter.edgeIds(graph.edges, threads: 3).hashes) == whole)
            #expect(Array(GraphMLWriter.edgeIds(graph.edges, threads: 1).hashes) == whole)
        }
    }

    @Test func testRepeatedEdgeHashIsFoundWhereverItIs() {
        #expect(!GraphMLWriter.hasRepeat([]))
        #expect(!GraphMLWriter.hasRepeat([1, 2, 3, 0]))
        #expect(GraphMLWriter.hasRepeat([5, 9, 5]))
        #expect(GraphMLWriter.hasRepeat([0, 7, 0]))
        // Equal low bits, different hashes: they share a slot but are not a repeat.
        let spread = (0..<1500).map { UInt64($0) << 40 | 3 }
        #expect(!GraphMLWriter.hasRepeat(spread))
        #expect(GraphMLWriter.hasRepeat(spread + [spread[1234]]))
    }

    @Test func testALongListIsCheckedPartByPartAndStillFindsARepeat() {
        // Checked a sixteenth of the hash space at a time, as a list of a million or more is.
        let many = (1...50_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }  // distinct: an odd multiplier is a bijection
        #expect(Set(many.map { $0 >> 60 }).count == 16, "the list should fill every part")
        func repeats(_ list: [UInt64]) -> Bool { GraphMLWriter.hasRepeat(list, partitionedFrom: 0) }
        #expect(!repeats(many))
        #expect(repeats(many + [many[40_000]]))
        #expect(repeats([many[3]] + many))
        #expect(repeats(many + [0, 0]))
        #expect(!repeats(many + [0]))
    }

    @Test func testGraphMLEdgeIdsAreShortUniqueAndTheSameInEveryBuild() throws {
        func edgeIds(_ graph: KnowledgeGraph) throws -> [String] {
            let text = String(decoding: try GraphMLWriter().render(graph), as: UTF8.self)
            return text.components(separatedBy: "<edge id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        let ids = try edgeIds(C.graph([C.documentA, C.documentB]))
        #expect(ids.count == 31)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 17 && $0.first == "e" && $0.dropFirst().allSatisfy(\.isHexDigit) })
        #expect(try edgeIds(C.graph([C.documentB, C.documentA])) == ids)
    }

    @Test func testCollidingEdgeIdsGetADeterministicSuffix() {
        var ids = GraphMLEdgeIds()
        let first = ids.next(source: "country/china", relation: "party_to", target: "agreement/x")
        let second = ids.next(source: "country/china", relation: "party_to", target: "agreement/x")
        let third = ids.next(source: "country/china", relation: "party_to", target: "agreement/x")
        #expect(second == first + "-2")
        #expect(third == first + "-3")
    }
}
