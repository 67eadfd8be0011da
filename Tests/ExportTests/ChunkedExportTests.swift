import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

/// Both exports are rendered in fixed chunks from one pool of threads, and GraphML's constant
/// markup and pre-escaped ids go to libxml2 as raw bytes: none of that may change a byte.
@Suite struct ChunkedExportTests {
    typealias C = SmallCorpus

    /// Ids and texts that every escaping rule touches: markup characters, quotes, non-ASCII,
    /// tab and line break (written as references in attributes), a control character XML
    /// cannot hold (dropped), and U+2028 (escaped in JSON).
    static let awkwardIds = ["organization/a&b", "organization/<tag>", "organization/say \"hi\"", "organization/万国",
                             "organization/tab\there", "organization/line\nbreak", "organization/bell\u{07}x",
                             "organization/it's > 1", "organization/caf\u{E9}\u{2028}"]

    static let awkwardGraph: KnowledgeGraph = {
        var nodes: [KnowledgeGraph.Node] = [KnowledgeGraph.Node(id: "document/a&b <1>.txt", type: .document, label: "a&b <1>.txt",
                                                                mentionCount: 9, footnoteLinks: [.init(paragraphBlock: 1, footnoteBlock: 4, number: 1)],
                                                                blockCount: 5)]
        var edges: [KnowledgeGraph.Edge] = []
        for (i, id) in awkwardIds.enumerated() {
            let mention = KnowledgeGraph.Provenance(document: "a&b <1>.txt", block: i, start: 0, end: 3, blockKind: .paragraph,
                                                    surface: "x & \"y\" <z>\r\n", sentence: "s\u{2028}t")
            nodes.append(.init(id: id, type: .organization, label: "L \(id) \u{0B}", aliases: ["a & b", "<c>", ""], mentions: [mention],
                               wikidata: "Q\(i)&"))
            edges.append(.init(source: "document/a&b <1>.txt", target: id, relation: .mentions, weight: 1))
            if i > 0 {
                edges.append(.init(source: awkwardIds[i - 1], target: id, relation: .coOccurs, weight: 2.5, directed: false))
            }
            edges.append(.init(source: id, target: "agreement/missing & \"absent\" 条约", relation: .partyTo, weight: 1,
                               evidence: ["They signed \"it\" & more <here>.", "第二句"]))
        }
        nodes.append(.init(id: "figure/1.5e3-t", type: .figure, label: "1.5e3 t", mentions: [],
                           figure: FigureValue(value: 1500.25, maxValue: 2e20, unit: "t & kg"), qualifiers: ["近", "<约>"],
                           referenceYears: [2019, 2020], sentences: ["One \"sentence\" & <two>."]))
        return KnowledgeGraph(nodes: nodes.sorted { $0.id < $1.id }, edges: edges)
    }()

    // MARK: - JSON-LD

    @Test func testChunkedJSONLDEqualsEveryNodeRenderedInOneBuffer() throws {
        let graph = StreamingExportTests.largeGraph
        let renderer = JSONLDNodeRenderer(graph)
        // The reference: the same head and tail around every node rendered one after another.
        let plan = JSONLDWriter(threads: 1).plan(graph)
        var single = plan.head
        for (k, i) in renderer.order.enumerated() {
            single.append(contentsOf: (k == 0 ? "\n    " : ",\n    ").utf8)
            renderer.render(node: i, into: &single)
        }
        single.append(contentsOf: plan.tail)
        #expect(single.count > 4 * JSONLDWriter.bytesPerChunk / 2, "too few bytes to need several chunks")
        for threads in [1, 2, 3] {
            #expect(Array(try JSONLDWriter(threads: threads).render(graph)) == single, "threads: \(threads)")
        }
        // Small chunks cut nodes' provenance lists, down to one mention a chunk.
        for bytes in [64 << 10, 4096, 1] {
            let starts = renderer.chunkStarts(bytesPerChunk: bytes)
            #expect(starts.contains { $0.mention > 0 }, "bytes: \(bytes)")
            #expect(zip(starts, starts.dropFirst()).allSatisfy { a, b in (a.node, a.mention) < (b.node, b.mention) })
            for threads in [1, 3] {
                let data = try JSONLDWriter(threads: threads).plan(graph, bytesPerChunk: bytes).render(threads: threads)
                #expect(Array(data) == single, "bytes: \(bytes), threads: \(threads)")
            }
        }
    }

    @Test func testOneHugeNodeIsCutIntoChunksOfAboutTheChunkSize() throws {
        // One country named 20,000 times: about 3 MB of provenance in one node.
        let mentions = (0..<20_000).map {
            KnowledgeGraph.Provenance(document: "d\($0 / 100).txt", block: $0 % 100, start: 0, end: 2, blockKind: .paragraph, surface: "中国")
        }
        let graph = KnowledgeGraph(nodes: [.init(id: "country/china", type: .country, label: "China", mentions: ProvenanceList(mentions))],
                                   edges: [])
        let renderer = JSONLDNodeRenderer(graph)
        let starts = renderer.chunkStarts(bytesPerChunk: JSONLDWriter.bytesPerChunk)
        #expect(starts.count >= 3)
        var chunks: [[UInt8]] = []
        for k in starts.indices { chunks.append(renderer.render(from: starts[k], to: k + 1 < starts.count ? starts[k + 1] : renderer.end)) }
        #expect(chunks.allSatisfy { $0.count < 2 * JSONLDWriter.bytesPerChunk })
        var whole: [UInt8] = Array("\n    ".utf8)
        renderer.render(node: 0, into: &whole)
        #expect(Array(chunks.joined()) == whole)
        let data = try JSONLDWriter(threads: 2).render(graph)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let node = try #require((root["@graph"] as? [[String: Any]])?.first)
        #expect((node["mention"] as? [Any])?.count == 20_000)
    }

    @Test func testChunkedJSONLDOfAwkwardTextsParsesBackToTheSameNames() throws {
        let data = try JSONLDWriter(threads: 3).render(Self.awkwardGraph)
        #expect(data == (try JSONLDWriter(threads: 1).render(Self.awkwardGraph)))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(root["@graph"] as? [[String: Any]])
        #expect(Set(nodes.compactMap { $0["name"] as? String }) == Set(Self.awkwardGraph.nodes.map(\.label)))
        #expect(String(decoding: data, as: UTF8.self).contains("s\\u2028t"))
    }

    @Test func testEmptyGraphWritesTheSameShapeAsBefore() throws {
        let empty = KnowledgeGraph(nodes: [], edges: [])
        let text = String(decoding: try JSONLDWriter(threads: 2).render(empty), as: UTF8.self)
        #expect(text.hasSuffix(",\n  \"@graph\": []\n}\n"))
        let graphml = String(decoding: try GraphMLWriter(threads: 2).render(empty), as: UTF8.self)
        #expect(graphml.hasSuffix("edgedefault=\"directed\">\n</graph>\n</graphml>\n"))
    }

    // MARK: - GraphML

    /// What `xmlTextWriter` writes for `value` as an attribute, read back from `<n a="…"/>`.
    private func writerAttribute(_ value: String) throws -> String {
        let xml = try XMLStreamWriter()
        try xml.start("n")
        try xml.attribute("a", value)
        try xml.end()
        let text = String(decoding: try xml.takeBytes(), as: UTF8.self)
        #expect(text.hasPrefix("<n a=\"") && text.hasSuffix("\"/>"))
        return String(text.dropFirst(6).dropLast(3))
    }

    @Test func testNodeIdNeedingEscapingIsWrittenAsTheWritersAttributeWriterWritesIt() throws {
        let escaper = try XMLAttributeEscaper()
        for id in Self.awkwardIds + ["plain/id", ""] + Self.awkwardTexts {
            #expect(String(decoding: escaper.escaped(id), as: UTF8.self) == (try writerAttribute(id)), "\(id)")
        }
        // The writer's rules themselves, so the comparison above is not between two no-ops.
        #expect(String(decoding: escaper.escaped("organization/a&b"), as: UTF8.self) == "organization/a&amp;b")
        #expect(String(decoding: escaper.escaped("organization/万国"), as: UTF8.self) == "organization/&#x4E07;&#x56FD;")
        #expect(String(decoding: escaper.escaped("a\"<b"), as: UTF8.self) == "a&quot;&lt;b")

        let graphml = String(decoding: try GraphMLWriter(threads: 2).render(Self.awkwardGraph), as: UTF8.self)
        for id in Self.awkwardIds {
            let escaped = try writerAttribute(id)
            #expect(graphml.contains("<node id=\"\(escaped)\">"), "\(id)")
            #expect(graphml.contains(" target=\"\(escaped)\">"), "\(id)")
            #expect(graphml.contains(" source=\"\(escaped)\" "), "\(id)")
        }
        // An edge naming a node the graph lacks is escaped the same way.
        #expect(graphml.contains(" target=\"\(try writerAttribute("agreement/missing & \"absent\" 条约"))\">"))
    }

    /// Texts touching every rule of escaping element content: every ASCII byte on its own, CR
    /// and CRLF, the scalars XML cannot hold (C0 controls, U+FFFE, U+FFFF) next to their
    /// neighbours that it can (U+FFFD, U+FEFF, U+EFFF, U+F000 share the lead byte 0xEF),
    /// non-BMP scalars, an embedded NUL, and the empty text.
    static let awkwardTexts: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + [
        "", "a\r\nb", "\t\tx\n", "&<>\"'", "&amp;", "]]>", "a\u{0}b", "\u{FFFE}", "\u{FFFF}x", "\u{FFFD}", "\u{FEFF}",
        "\u{EFFF}", "\u{F000}", "\u{FFEF}", "y\u{FFFE}\u{FFFF}z", "😀 𠀀 \u{10FFFF}", "万国 & \"约\"", "\u{2028}\u{85}\u{7F}",
        "x\u{0B}\u{0C}\u{1F}y", "ends with \u{EF}\u{BF}", String(repeating: "长句 & <x> ", count: 5000),
    ]

    /// What the writer writes for `text` as element content: `<data key="k">…</data>`.
    private func writerData(_ text: String) throws -> [UInt8] {
        let xml = try XMLStreamWriter()
        try xml.data("k", text)
        return try xml.takeBytes()
    }

    private func stagedData(_ texts: [String]) throws -> [UInt8] {
        let xml = try XMLStreamWriter()
        try RawMarkup.assemble(into: xml) { $0.text("k", texts) }
        return try xml.takeBytes()
    }

    @Test func testStagedTextEscapingGivesTheWritersBytesForAwkwardText() throws {
        for text in Self.awkwardTexts {
            #expect(try stagedData([text]) == (try writerData(text)), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Lists are joined with " | " as one text would be.
        #expect(try stagedData(["a & b", "", "<c>\u{1}"]) == (try writerData("a & b |  | <c>\u{1}")))
        // Random mixtures of the awkward pieces, so the spans between escapes vary.
        var generator = SystemRandomNumberGenerator()
        let pieces = Self.awkwardTexts.filter { $0.utf8.count < 100 } + ["plain", "中文", "é"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(try stagedData([text]) == (try writerData(text)), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // The writer's rules themselves, so the comparison above is not between two no-ops.
        #expect(String(decoding: try stagedData(["a&<b>\"'\r\u{1}\u{FFFE}c"]), as: UTF8.self)
                == "<data key=\"k\">a&amp;&lt;b&gt;&quot;'&#13;c</data>")
    }

    /// The GraphML as it was written before raw markup: every element, attribute and value
    /// through the writer's own functions, one element at a time.
    private func elementByElement(_ graph: KnowledgeGraph, flavor: GraphMLWriter.Flavor) throws -> [UInt8] {
        let writer = GraphMLWriter(flavor: flavor, threads: 1)
        let plan = try writer.plan(graph)
        let edgeIds = GraphMLWriter.edgeIds(graph.edges, threads: 1)
        let xml = try XMLStreamWriter()
        for n in graph.nodes {
            try xml.start("node")
            try xml.attribute("id", n.id)
            try xml.data("label", n.label)
            try xml.data("name", n.label)
            try xml.data("type", n.type.rawValue)
            if !n.aliases.isEmpty { try xml.data("aliases", n.aliases.joined(separator: " | ")) }
            try xml.data("mentions", String(n.mentionCount))
            if let f = n.figure {
                try xml.data("value", ExportText.number(f.value))
                if let m = f.maxValue { try xml.data("max_value", ExportText.number(m)) }
                try xml.data("unit", f.unit)
            }
            if !n.qualifiers.isEmpty { try xml.data("qualifier", n.qualifiers.joined(separator: " | ")) }
            if n.type == .year, let y = n.year { try xml.data("year", String(y)) }
            if n.type == .figure {
                if n.referenceYears.count == 1 { try xml.data("year", String(n.referenceYears[0])) }
                if !n.referenceYears.isEmpty { try xml.data("years", n.referenceYears.map(String.init).joined(separator: " | ")) }
                if !n.sentences.isEmpty { try xml.data("sentence", n.sentences.joined(separator: " | ")) }
            }
            if let w = n.wikidata { try xml.data("wikidata", w) }
            try xml.data("iri", ExportText.iri(forNodeId: n.id))
            if let b = n.blockCount { try xml.data("blocks", String(b)) }
            if !n.footnoteLinks.isEmpty {
                try xml.data("footnote_links", n.footnoteLinks.map { "\($0.paragraphBlock)->\($0.footnoteBlock)" }.joined(separator: " | "))
            }
            if flavor == .yed {
                let look = GraphMLWriter.appearance(n.type)
                try xml.start("data"); try xml.attribute("key", "ng")
                try xml.start("y:ShapeNode")
                try xml.start("y:Geometry")
                let width = n.label.unicodeScalars.reduce(16) { $0 + ($1.value < 0x2E80 ? 7 : 13) }
                try xml.attribute("width", String(min(width, 400))); try xml.attribute("height", "30")
                try xml.attribute("x", "0"); try xml.attribute("y", "0")
                try xml.end()
                try xml.start("y:Fill"); try xml.attribute("color", look.color); try xml.attribute("transparent", "false"); try xml.end()
                try xml.start("y:NodeLabel"); try xml.text(n.label); try xml.end()
                try xml.start("y:Shape"); try xml.attribute("type", look.shape); try xml.end()
                try xml.end()
                try xml.end()
            }
            try xml.end()
            try xml.raw("\n")
        }
        for (i, e) in graph.edges.enumerated() {
            try xml.start("edge")
            try xml.attribute("id", edgeIds.id(i))
            try xml.attribute("source", e.source)
            try xml.attribute("target", e.target)
            try xml.data("relation", e.relation.rawValue)
            try xml.data("interaction", e.relation.rawValue)
            try xml.data("weight", ExportText.number(e.weight))
            try xml.data("symmetric", e.directed ? "false" : "true")
            if !e.evidence.isEmpty { try xml.data("evidence", e.evidence.joined(separator: " | ")) }
            try xml.end()
            try xml.raw("\n")
        }
        return plan.head + (try xml.takeBytes()) + plan.tail
    }

    @Test func testRawMarkupGivesTheBytesOfWritingEveryElementThroughTheWriter() throws {
        for graph in [Self.awkwardGraph, StreamingExportTests.largeGraph, C.graph()] {
            for flavor in GraphMLWriter.Flavor.allCases {
                let expected = try elementByElement(graph, flavor: flavor)
                for threads in [1, 3] {
                    let written = Array(try GraphMLWriter(flavor: flavor, threads: threads).render(graph))
                    #expect(written == expected, "flavor \(flavor), \(graph.nodes.count) nodes, threads \(threads)")
                }
            }
        }
    }

    // MARK: - One pool for both files

    private struct Failure: Error, Equatable { var chunk: Int }

    private func plan(_ name: String, chunks: Int, failing: Set<Int> = []) -> ExportPlan {
        ExportPlan(head: Array("[\(name)".utf8), chunkCount: chunks, renderChunk: { k in
            if failing.contains(k) { throw Failure(chunk: k) }
            // Uneven work, so chunks finish out of order on several threads.
            if k % 3 == 0 { usleep(2000) }
            return Array(" \(name)\(k)".utf8)
        }, tail: Array("]".utf8))
    }

    @Test func testSharedPoolWritesEveryExportsChunksInOrder() throws {
        let streams = [ExportStream(plan: plan("a", chunks: 40), sink: .memory()),
                       ExportStream(plan: plan("b", chunks: 7), sink: .memory()),
                       ExportStream(plan: plan("c", chunks: 0), sink: .memory())]
        try ExportScheduler.run(streams, threads: 3)
        #expect(String(decoding: streams[0].sink.bytes, as: UTF8.self) == "[a" + (0..<40).map { " a\($0)" }.joined() + "]")
        #expect(String(decoding: streams[1].sink.bytes, as: UTF8.self) == "[b" + (0..<7).map { " b\($0)" }.joined() + "]")
        #expect(String(decoding: streams[2].sink.bytes, as: UTF8.self) == "[c]")
    }

    @Test func testSharedPoolReportsTheFirstExportsEarliestFailedChunk() throws {
        for _ in 0..<5 {
            let streams = [ExportStream(plan: plan("a", chunks: 30), sink: .memory()),
                           ExportStream(plan: plan("b", chunks: 30, failing: [25, 9, 12]), sink: .memory()),
                           ExportStream(plan: plan("c", chunks: 30, failing: [2]), sink: .memory())]
            #expect(throws: Failure(chunk: 9)) { try ExportScheduler.run(streams, threads: 3) }
            // The export before the failing one is complete; the failing one stops before chunk 9.
            #expect(String(decoding: streams[0].sink.bytes, as: UTF8.self).hasSuffix(" a29]"))
            #expect(!String(decoding: streams[1].sink.bytes, as: UTF8.self).contains("b9"))
        }
    }
}
