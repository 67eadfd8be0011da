import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

@Suite struct WriterTests {
    typealias C = SmallCorpus

    @Test func testNumbersAreIntegralWithoutFractionAndShortestOtherwise() {
        #expect(ExportText.number(18.9e12) == "18900000000000")
        #expect(ExportText.number(2.8) == "2.8")
        #expect(ExportText.number(-3) == "-3")
        #expect(ExportText.number(0.1 + 0.2) == "0.30000000000000004")
    }

    @Test func testIRIsPercentEncodeEverythingButUnreservedAndSlash() {
        #expect(ExportText.iri(forNodeId: "country/日本") == "https://policygraph.dev/id/country/%E6%97%A5%E6%9C%AC")
        #expect(ExportText.iri(forNodeId: "document/my notes/a#1.txt") == "https://policygraph.dev/id/document/my%20notes/a%231.txt")
        #expect(ExportText.wikidataIRI("Q7825") == "http://www.wikidata.org/entity/Q7825")
        #expect(ExportText.wikidataIRI("7825") == nil)
    }

    @Test func testJSONTextSortsKeysAndEscapesStrings() {
        let v: JSONText = .object(["b": .int(1), "@id": .string("q\"\\\n\u{1}中"), "a": .array([.double(2.5), .bool(true)])])
        #expect(v.rendered() == "{\n  \"@id\": \"q\\\"\\\\\\n\\u0001中\",\n  \"a\": [\n    2.5,\n    true\n  ],\n  \"b\": 1\n}\n")
    }

    @Test func testJSONLDHasInlineContextAndCompactTypedNodesSortedByIRI() throws {
        let data = try JSONLDWriter().render(C.graph())
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(root.keys) == ["@context", "@graph"])
        let context = try #require(root["@context"] as? [String: Any])
        #expect(context["@base"] as? String == "https://policygraph.dev/id/")
        #expect(context["schema"] as? String == "https://schema.org/")
        #expect(context["pg"] as? String == "https://policygraph.dev/ns#")
        #expect(context["QuantitativeValue"] as? String == "schema:QuantitativeValue")
        #expect(context["Year"] as? String == "pg:Year")
        #expect((context["refersToYear"] as? [String: String]) == ["@id": "pg:refersToYear", "@type": "@id"])
        let nodes = try #require(root["@graph"] as? [[String: Any]])
        #expect(nodes.count == 13)
        let ids = nodes.compactMap { $0["@id"] as? String }
        #expect(ids == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let figure = try #require(nodes.first { ($0["alternateName"] as? [String]) == ["18.9 万亿美元"] })
        #expect(figure["@type"] as? String == "QuantitativeValue")
        #expect((figure["value"] as? NSNumber)?.int64Value == 18_900_000_000_000)
        #expect(figure["unitText"] as? String == "USD")
        #expect((figure["refersToYear"] as? [String])?.first == "year/2019")
        let year = try #require(nodes.first { $0["@id"] as? String == "year/2019" })
        #expect(year["@type"] as? String == "Year")
        #expect(year["value"] as? Int == 2019)
        let text = String(decoding: data, as: UTF8.self)
        // The integral value is written without a fraction, so JSON-LD types it xsd:integer.
        #expect(text.contains("\"value\":18900000000000,"))
        // One node a line: the context's lines, then one line per node.
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("    {\"@id\":") }.count == 13)
    }

    @Test func testProvenanceMentionsAreCompactObjectsWithRelativeDocumentLinks() throws {
        let text = String(decoding: try JSONLDWriter().render(C.graph()), as: UTF8.self)
        let wtoLine = try #require(text.split(separator: "\n").first { $0.contains("\"@id\":\"organization/world-trade-organization\"") })
        #expect(wtoLine.contains("{\"@type\":\"Mention\",\"document\":\"document/a.txt\",\"block\":1,\"kind\":\"paragraph\","))
        // Below the context, neither full IRIs nor prefixed names: the context supplies them.
        let nodeLines = text.split(separator: "\n").filter { $0.hasPrefix("    {\"@id\":") }
        #expect(nodeLines.count == 13)
        #expect(!nodeLines.contains { $0.contains("https://policygraph.dev/") || $0.contains("\"pg:") || $0.contains("\"schema:") })
    }

    @Test func testGraphMLDeclaresNamedKeysAndReadsBackWithLibxml() throws {
        let graph = C.graph()
        let data = try GraphMLWriter().render(graph)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        #expect(text.contains("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">"))
        #expect(text.contains("<key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"))
        #expect(text.contains("<graph id=\"policygraph\" edgedefault=\"directed\">"))
        #expect(!text.contains("key id=\"d0\""))
        #expect(!text.contains("y:ShapeNode"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pg-graphml-\(UUID().uuidString).graphml")
        defer { try? FileManager.default.removeItem(at: dir) }
        try data.write(to: dir)
        let stats = try GraphStatistics(graphMLAtPath: dir.path, top: 3)
        #expect(stats.nodesByType == ["document": 2, "organization": 1, "country": 3, "agreement": 1, "year": 3, "figure": 3])
        #expect(stats.edgesByRelation == ["mentions": 16, "co_occurs": 8, "refers_to_year": 4, "party_to": 3])
        #expect(stats.mostMentioned["organization"]?.first?.count == 4)
        #expect(stats.mostMentioned["country"]?.first?.label == "China")
        #expect(stats.documentsByEntities.map(\.label) == ["a.txt", "notes/b.txt"])
        #expect(stats.documentsByEntities.map(\.count) == [8, 8])
        #expect(stats.summary().contains("party_to"))
    }

    @Test func testYEdFlavourAddsShapeNodeWithLabelPerNode() throws {
        let graph = C.graph()
        let text = String(decoding: try GraphMLWriter(flavor: .yed).render(graph), as: UTF8.self)
        #expect(text.contains("xmlns:y=\"http://www.yworks.com/xml/graphml\""))
        #expect(text.contains("<key id=\"ng\" for=\"node\" yfiles.type=\"nodegraphics\"/>"))
        #expect(text.components(separatedBy: "<y:ShapeNode>").count - 1 == graph.nodes.count)
        #expect(text.contains("<y:NodeLabel>World Trade Organization</y:NodeLabel>"))
        #expect(text.contains("<y:Shape type=\"hexagon\"/>"))
    }

    @Test func testMarkupAndControlCharactersInLabelsStayWellFormed() throws {
        let node = KnowledgeGraph.Node(id: "organization/a&b", type: .organization, label: "A & B <Co> \"x\"\u{1}",
                                       aliases: ["A & B"])
        let graph = KnowledgeGraph(nodes: [node], edges: [])
        let data = try GraphMLWriter().render(graph)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pg-escape-\(UUID().uuidString).graphml")
        defer { try? FileManager.default.removeItem(at: file) }
        try data.write(to: file)
        let stats = try GraphStatistics(graphMLAtPath: file.path)
        #expect(stats.mostMentioned["organization"]?.first?.label == "A & B <Co> \"x\"")
        #expect(stats.mostMentioned["organization"]?.first?.id == "organization/a&b")
    }

    @Test func testNoncharactersAndEmbeddedNULAreDroppedButFullWidthPunctuationKept() throws {
        // "，" (U+FF0C) shares its first UTF-8 byte with U+FFFE/U+FFFF, which XML forbids.
        let node = KnowledgeGraph.Node(id: "organization/x", type: .organization, label: "A，B\u{FFFE}C\u{FFFF}D\u{0}E",
                                       aliases: ["A，B"])
        let data = try GraphMLWriter().render(KnowledgeGraph(nodes: [node], edges: []))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pg-nonchar-\(UUID().uuidString).graphml")
        defer { try? FileManager.default.removeItem(at: file) }
        try data.write(to: file)
        let stats = try GraphStatistics(graphMLAtPath: file.path)
        #expect(stats.mostMentioned["organization"]?.first?.label == "A，BCDE")
        #expect(String(decoding: data, as: UTF8.self).contains("<data key=\"aliases\">A，B</data>"))
    }
}
