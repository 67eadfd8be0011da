import CLibXML2

// libxml2 lives apart from Foundation: importing both in one file clashes over ICU headers.

extension GraphMLWriter {
    static let graphMLNamespace = "http://graphml.graphdrawing.org/xmlns"
    static let yFilesNamespace = "http://www.yworks.com/xml/graphml"

    /// One declared attribute: id = attr.name, so every reader shows the same name.
    struct Key {
        var name: String
        var domain: String
        var type: String
    }

    static let nodeKeys: [Key] = [
        Key(name: "label", domain: "node", type: "string"),
        Key(name: "name", domain: "node", type: "string"),
        Key(name: "type", domain: "node", type: "string"),
        Key(name: "aliases", domain: "node", type: "string"),
        Key(name: "mentions", domain: "node", type: "int"),
        Key(name: "value", domain: "node", type: "double"),
        Key(name: "max_value", domain: "node", type: "double"),
        Key(name: "unit", domain: "node", type: "string"),
        Key(name: "qualifier", domain: "node", type: "string"),
        Key(name: "year", domain: "node", type: "int"),
        Key(name: "years", domain: "node", type: "string"),
        Key(name: "sentence", domain: "node", type: "string"),
        Key(name: "wikidata", domain: "node", type: "string"),
        Key(name: "iri", domain: "node", type: "string"),
        Key(name: "blocks", domain: "node", type: "int"),
        Key(name: "footnote_links", domain: "node", type: "string"),
    ]
    static let edgeKeys: [Key] = [
        Key(name: "relation", domain: "edge", type: "string"),
        Key(name: "interaction", domain: "edge", type: "string"),
        Key(name: "weight", domain: "edge", type: "double"),
        Key(name: "symmetric", domain: "edge", type: "boolean"),
        Key(name: "evidence", domain: "edge", type: "string"),
    ]

    /// yEd shape and fill per node type.
    static func appearance(_ type: KnowledgeGraph.NodeType) -> (shape: String, color: String) {
        switch type {
        case .document: return ("rectangle", "#D9D9D9")
        case .organization: return ("ellipse", "#4E79A7")
        case .agreement: return ("hexagon", "#F28E2B")
        case .country: return ("roundrectangle", "#59A14F")
        case .year: return ("diamond", "#EDC948")
        case .figure: return ("parallelogram", "#B07AA1")
        case .publication: return ("trapezoid", "#9C755F")
        case .event: return ("octagon", "#E15759")
        }
    }

    /// Streams the whole document into `sink`. Nodes and edges are written one element a line
    /// (so `grep`/`wc -l` work on the file), in fixed-size chunks that separate libxml2 writers
    /// render on the worker threads and that go to the sink in order: the bytes do not depend
    /// on the number of threads, and memory holds only one wave of chunks.
    func encode(_ graph: KnowledgeGraph, to sink: inout OutputSink) throws {
        let xml = try XMLStreamWriter()
        try xml.startDocument()
        try xml.start("graphml")
        try xml.attribute("xmlns", Self.graphMLNamespace)
        if flavor == .yed { try xml.attribute("xmlns:y", Self.yFilesNamespace) }
        for key in Self.nodeKeys + Self.edgeKeys {
            try xml.raw("\n")
            try xml.start("key")
            try xml.attribute("id", key.name)
            try xml.attribute("for", key.domain)
            try xml.attribute("attr.name", key.name)
            try xml.attribute("attr.type", key.type)
            try xml.end()
        }
        if flavor == .yed {
            try xml.raw("\n")
            try xml.start("key")
            try xml.attribute("id", "ng")
            try xml.attribute("for", "node")
            try xml.attribute("yfiles.type", "nodegraphics")
            try xml.end()
        }
        try xml.raw("\n")
        try xml.start("graph")
        try xml.attribute("id", "policygraph")
        try xml.attribute("edgedefault", "directed")
        try xml.raw("\n")  // closes the start tag: the chunks follow it
        try xml.drain(into: &sink)

        let edgeIds = Self.edgeIds(graph.edges, threads: threads)
        let nodeCount = graph.nodes.count, total = nodeCount + graph.edges.count
        let chunks = stride(from: 0, to: total, by: Self.elementsPerChunk).map { $0..<min($0 + Self.elementsPerChunk, total) }
        let wave = max(1, threads) * 2
        for first in stride(from: 0, to: chunks.count, by: wave) {
            let rendered = ConcurrentMap.map(Array(chunks[first..<min(first + wave, chunks.count)]), threads: threads) { range in
                Result { () throws -> [UInt8] in
                    let chunk = try XMLStreamWriter(indented: false)
                    for i in range {
                        if i < nodeCount {
                            try write(graph.nodes[i], chunk)
                        } else {
                            let e = i - nodeCount
                            try write(graph.edges[e], id: edgeIds.id(e), chunk)
                        }
                        try chunk.raw("\n")
                    }
                    return try chunk.takeBytes()
                }
            }
            for bytes in rendered { try bytes.get().withUnsafeBufferPointer { try sink.write($0) } }
        }
        try xml.end()  // graph
        try xml.raw("\n")
        try xml.end()  // graphml
        try xml.finish(into: &sink)
    }

    /// Nodes or edges per chunk: big enough that starting a writer costs nothing, small enough
    /// that a wave of chunks is a few megabytes.
    static let elementsPerChunk = 4096

    /// Edge ids by position: hashes on the worker threads; only when two collide is the whole
    /// list numbered again by `GraphMLEdgeIds.next`, in edge order, to give the later ones suffixes.
    struct EdgeIdTable: Sendable {
        var hashes: [UInt64]
        var suffixed: [Int: String]
        func id(_ i: Int) -> String { suffixed[i] ?? GraphMLEdgeIds.id(hash: hashes[i]) }
    }

    static func edgeIds(_ edges: [KnowledgeGraph.Edge], threads: Int) -> EdgeIdTable {
        let step = 8192
        let parts = ConcurrentMap.map(Array(stride(from: 0, to: edges.count, by: step)), threads: threads) { start in
            edges[start..<min(start + step, edges.count)].map {
                GraphMLEdgeIds.hash(source: $0.source, relation: $0.relation.rawValue, target: $0.target)
            }
        }
        let hashes = parts.flatMap { $0 }
        var seen = Set<UInt64>(minimumCapacity: hashes.count)
        var suffixed: [Int: String] = [:]
        if hashes.contains(where: { !seen.insert($0).inserted }) {
            // Rare: two edges hash alike. Number them as `GraphMLEdgeIds.next` does, in edge order.
            var ids = GraphMLEdgeIds()
            for (j, e) in edges.enumerated() {
                let id = ids.next(source: e.source, relation: e.relation.rawValue, target: e.target)
                if id != GraphMLEdgeIds.id(hash: hashes[j]) { suffixed[j] = id }
            }
        }
        return EdgeIdTable(hashes: hashes, suffixed: suffixed)
    }

    private func write(_ n: KnowledgeGraph.Node, _ xml: XMLStreamWriter) throws {
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
            // `year` only when it is unambiguous; `years` always lists them all.
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
        if flavor == .yed { try writeShape(n, xml) }
        try xml.end()
    }

    private func writeShape(_ n: KnowledgeGraph.Node, _ xml: XMLStreamWriter) throws {
        let look = Self.appearance(n.type)
        try xml.start("data")
        try xml.attribute("key", "ng")
        try xml.start("y:ShapeNode")
        try xml.start("y:Geometry")
        // Wide enough for the label: about 7 points per Latin letter, 13 per CJK character.
        let width = n.label.unicodeScalars.reduce(16) { $0 + ($1.value < 0x2E80 ? 7 : 13) }
        try xml.attribute("width", String(min(width, 400)))
        try xml.attribute("height", "30")
        try xml.attribute("x", "0")
        try xml.attribute("y", "0")
        try xml.end()
        try xml.start("y:Fill")
        try xml.attribute("color", look.color)
        try xml.attribute("transparent", "false")
        try xml.end()
        try xml.start("y:NodeLabel")
        try xml.text(n.label)
        try xml.end()
        try xml.start("y:Shape")
        try xml.attribute("type", look.shape)
        try xml.end()
        try xml.end()  // y:ShapeNode
        try xml.end()  // data
    }

    private func write(_ e: KnowledgeGraph.Edge, id: String, _ xml: XMLStreamWriter) throws {
        try xml.start("edge")
        try xml.attribute("id", id)
        try xml.attribute("source", e.source)
        try xml.attribute("target", e.target)
        try xml.data("relation", e.relation.rawValue)
        try xml.data("interaction", e.relation.rawValue)
        try xml.data("weight", ExportText.number(e.weight))
        try xml.data("symmetric", e.directed ? "false" : "true")
        if !e.evidence.isEmpty { try xml.data("evidence", e.evidence.joined(separator: " | ")) }
        try xml.end()
    }
}

/// A thin, throwing wrapper over libxml2's `xmlTextWriter` writing into memory (indented by
/// two spaces when asked). Text is cleaned of scalars XML 1.0 forbids (control characters), which no
/// escaping can make legal.
final class XMLStreamWriter {
    private let buffer: xmlBufferPtr
    private var writer: xmlTextWriterPtr?

    init(indented: Bool = false) throws {
        guard let buffer = xmlBufferCreate() else { throw GraphMLWriter.WriteError.libxml(step: "xmlBufferCreate") }
        self.buffer = buffer
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw GraphMLWriter.WriteError.libxml(step: "xmlNewTextWriterMemory")
        }
        self.writer = writer
        if indented {
            xmlTextWriterSetIndent(writer, 1)
            _ = "  ".withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: 3) { xmlTextWriterSetIndentString(writer, $0) } }
        }
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        xmlBufferFree(buffer)
    }

    /// `step` is built only on failure: this runs for every element and attribute.
    private func check(_ result: Int32, _ step: @autoclosure () -> String) throws {
        if result < 0 { throw GraphMLWriter.WriteError.libxml(step: step()) }
    }

    private static func withXMLString<R>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        s.withCString { p in p.withMemoryRebound(to: xmlChar.self, capacity: s.utf8.count + 1) { body($0) } }
    }

    /// `body` gets `s` as a C string with the scalars XML cannot hold removed. The common case,
    /// nothing to remove, is one pass over the bytes without copying.
    private static func withXMLText<R>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        let count = s.utf8.count
        return s.withCString { p in
            var i = 0
            var clean = true
            while true {
                let b = UInt8(bitPattern: p[i])
                // U+FFFE/FFFF are EF BF BE/BF in UTF-8; a NUL before the end is an embedded one.
                if b == 0 { clean = i == count; break }
                if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { clean = false; break }
                if b == 0xEF && UInt8(bitPattern: p[i + 1]) == 0xBF {
                    let last = UInt8(bitPattern: p[i + 2])
                    if last == 0xBE || last == 0xBF { clean = false; break }
                }
                i += 1
            }
            if clean { return p.withMemoryRebound(to: xmlChar.self, capacity: count + 1) { body($0) } }
            return withXMLString(xmlSafe(s), body)
        }
    }

    /// Drops scalars XML 1.0 cannot hold: C0 controls other than tab, LF, CR, and U+FFFE/FFFF.
    static func xmlSafe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0xFFFE || $0.value == 0xFFFF }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars where !(u.value < 0x20 && u != "\t" && u != "\n" && u != "\r") && u.value != 0xFFFE && u.value != 0xFFFF {
            out.append(u)
        }
        return String(out)
    }

    func startDocument() throws {
        try check(xmlTextWriterStartDocument(writer, nil, "UTF-8", nil), "StartDocument")
    }

    func start(_ element: String) throws {
        try check(Self.withXMLString(element) { xmlTextWriterStartElement(writer, $0) }, "StartElement \(element)")
    }

    func attribute(_ name: String, _ value: String) throws {
        let result = Self.withXMLString(name) { n in
            Self.withXMLText(value) { v in xmlTextWriterWriteAttribute(writer, n, v) }
        }
        try check(result, "WriteAttribute \(name)")
    }

    func text(_ value: String) throws {
        try check(Self.withXMLText(value) { xmlTextWriterWriteString(writer, $0) }, "WriteString")
    }

    func end() throws {
        try check(xmlTextWriterEndElement(writer), "EndElement")
    }

    /// Markup written as is (line breaks between elements); closes a pending start tag.
    func raw(_ markup: StaticString) throws {
        let result = markup.withUTF8Buffer { b in
            b.withMemoryRebound(to: xmlChar.self) { xmlTextWriterWriteRawLen(writer, $0.baseAddress, Int32($0.count)) }
        }
        try check(result, "WriteRaw")
    }

    /// Everything written so far, flushed and taken out of the writer's buffer.
    func takeBytes() throws -> [UInt8] {
        try check(xmlTextWriterFlush(writer), "Flush")
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return [] }
        let bytes = Array(UnsafeBufferPointer(start: content, count: length))
        xmlBufferEmpty(buffer)
        return bytes
    }

    /// `<data key="name">value</data>`.
    func data(_ key: String, _ value: String) throws {
        try start("data")
        try attribute("key", key)
        try text(value)
        try end()
    }

    /// Flushes the writer and moves what its memory buffer holds into `sink`.
    func drain(into sink: inout OutputSink) throws {
        try check(xmlTextWriterFlush(writer), "Flush")
        try moveBuffer(into: &sink)
    }

    private func moveBuffer(into sink: inout OutputSink) throws {
        let length = Int(xmlBufferLength(buffer))
        guard length > 0 else { return }
        guard let content = xmlBufferContent(buffer) else { throw GraphMLWriter.WriteError.libxml(step: "xmlBufferContent") }
        try sink.write(UnsafeBufferPointer(start: content, count: length))
        xmlBufferEmpty(buffer)
    }

    /// Ends the document, frees the writer (which flushes it) and moves the rest into `sink`.
    func finish(into sink: inout OutputSink) throws {
        try check(xmlTextWriterEndDocument(writer), "EndDocument")
        xmlFreeTextWriter(writer)
        writer = nil
        try moveBuffer(into: &sink)
    }
}
