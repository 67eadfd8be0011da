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

    /// The document as head (declaration, `<graphml>`, the keys, `<graph …>`), chunks of
    /// `elementsPerChunk` nodes and edges, and tail (`</graph></graphml>`). Nodes and edges are
    /// written one element a line (so `grep`/`wc -l` work on the file); each chunk is made by
    /// its own libxml2 writer on a worker thread, and the chunks go to the sink in order, so
    /// the bytes do not depend on the number of threads.
    func plan(_ graph: KnowledgeGraph) throws -> ExportPlan {
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
        let head = try xml.takeBytes()
        // The writer's state does not depend on what the chunks hold, so the closing markup
        // can be written now.
        try xml.end()  // graph
        try xml.raw("\n")
        try xml.end()  // graphml
        let tail = try xml.finishBytes()

        let renderer = try GraphMLChunkRenderer(graph, flavor: flavor, threads: threads)
        let total = graph.nodes.count + graph.edges.count, size = Self.elementsPerChunk
        return ExportPlan(head: head, chunkCount: (total + size - 1) / size, renderChunk: { k in
            try renderer.render((k * size)..<min((k + 1) * size, total))
        }, tail: tail)
    }

    /// Nodes or edges per chunk: big enough that starting a writer costs nothing, small enough
    /// that a chunk is about a megabyte.
    static let elementsPerChunk = 4096

    /// Edge ids by position: hashes on the worker threads; only when two collide is the whole
    /// list numbered again by `GraphMLEdgeIds.next`, in edge order, to give the later ones suffixes.
    struct EdgeIdTable: Sendable {
        var hashes: [UInt64]
        var suffixed: [Int: String]
        func id(_ i: Int) -> String { suffixed[i] ?? GraphMLEdgeIds.id(hash: hashes[i]) }

        /// `id(i)` appended as bytes, without building a `String` for the common unsuffixed id.
        func appendId(_ i: Int, to out: inout [UInt8]) {
            if !suffixed.isEmpty, let id = suffixed[i] { out.append(contentsOf: id.utf8); return }
            GraphMLEdgeIds.appendId(hash: hashes[i], to: &out)
        }
    }

    static func edgeIds(_ edges: [KnowledgeGraph.Edge], threads: Int) -> EdgeIdTable {
        let step = 8192
        let parts = ConcurrentMap.map(Array(stride(from: 0, to: edges.count, by: step)), threads: threads) { start in
            // By index, reading each edge's fields in place rather than copying the edge.
            (start..<min(start + step, edges.count)).map {
                GraphMLEdgeIds.hash(source: edges[$0].source, relation: edges[$0].relation.rawValue, target: edges[$0].target)
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
}

/// Renders chunks of GraphML elements (element `i` is node `i`, then edge `i - nodes.count`)
/// from what it computes once per graph: each node id escaped for an attribute, each edge's
/// end nodes by position, the edge ids.
///
/// ```swift
/// let renderer = try GraphMLChunkRenderer(graph, flavor: .plain, threads: 2)
/// let lines = try renderer.render(0..<4096)  // "<node id=…>…</node>\n…"
/// ```
///
/// Everything still passes through a libxml2 `xmlTextWriter`, but only free text (labels,
/// aliases, units, qualifiers, sentences, evidence, footnote links, yEd shapes) goes through its
/// element and escaping functions. The markup around it is constant, and the rest of the values
/// need no escaping (type names, numbers, edge ids, percent-encoded IRIs: ASCII without
/// `<>&"` or control characters), so they are assembled in a byte buffer and handed to the
/// writer with `xmlTextWriterWriteRawLen`. Node ids, which about twenty edges each name, are
/// escaped once per graph, by a scratch writer writing them as attributes
/// (`XMLAttributeEscaper`): the same function with the same input, so the same bytes.
struct GraphMLChunkRenderer: Sendable {
    let graph: KnowledgeGraph
    let flavor: GraphMLWriter.Flavor
    /// Per node position: its id as written inside `id="…"` (`&amp;`, `&#x4E07;`).
    let escapedIds: [[UInt8]]
    /// Per edge: the positions of its source and target nodes, `-1` when the graph lacks one.
    let sources: [Int32]
    let targets: [Int32]
    let edgeIds: GraphMLWriter.EdgeIdTable

    init(_ graph: KnowledgeGraph, flavor: GraphMLWriter.Flavor, threads: Int) throws {
        self.graph = graph
        self.flavor = flavor
        let nodes = graph.nodes, edges = graph.edges
        let step = 2048
        let escaped = ConcurrentMap.map(Array(stride(from: 0, to: nodes.count, by: step)), threads: threads) { start in
            Result { () throws -> [[UInt8]] in
                let escaper = try XMLAttributeEscaper()
                return try nodes[start..<min(start + step, nodes.count)].map { try escaper.escaped($0.id) }
            }
        }
        self.escapedIds = try escaped.flatMap { try $0.get() }
        let positions = NodePositions(nodes)
        (self.sources, self.targets) = positions.ends(of: edges)
        self.edgeIds = GraphMLWriter.edgeIds(edges, threads: threads)
    }

    /// Elements `range`, one a line.
    func render(_ range: Range<Int>) throws -> [UInt8] {
        let xml = try XMLStreamWriter()
        var line = RawMarkup(xml)
        var escaper: XMLAttributeEscaper?  // only for an edge naming a node the graph lacks
        let nodeCount = graph.nodes.count
        // Nodes and edges are read in place through pointers (`n.pointee.label`): binding
        // `graph.nodes[i]` to a constant copies the whole struct, retaining and releasing every
        // string and array in it.
        try graph.nodes.withUnsafeBufferPointer { nodes in
            try graph.edges.withUnsafeBufferPointer { edges in
                for i in range {
                    if i < nodeCount {
                        try write(node: nodes.baseAddress! + i, position: i, &line)
                    } else {
                        try write(edge: edges.baseAddress! + (i - nodeCount), position: i - nodeCount, &line, &escaper)
                    }
                    line.append("\n")
                    try line.flushIfLarge()
                }
            }
        }
        try line.flush()
        return try xml.takeBytes()
    }

    // MARK: - Nodes

    private func write(node n: UnsafePointer<KnowledgeGraph.Node>, position i: Int, _ line: inout RawMarkup) throws {
        line.append("<node id=\"")
        line.append(escapedIds[i])
        line.append("\">")
        try line.text("label", n.pointee.label)
        try line.text("name", n.pointee.label)
        line.value("type", n.pointee.type.rawValue)
        if !n.pointee.aliases.isEmpty { try line.text("aliases", n.pointee.aliases) }
        line.value("mentions", n.pointee.mentionCount)
        if let f = n.pointee.figure {
            line.value("value", f.value)
            if let m = f.maxValue { line.value("max_value", m) }
            try line.text("unit", f.unit)
        }
        if !n.pointee.qualifiers.isEmpty { try line.text("qualifier", n.pointee.qualifiers) }
        if n.pointee.type == .year, let y = n.pointee.year { line.value("year", y) }
        if n.pointee.type == .figure {
            // `year` only when it is unambiguous; `years` always lists them all.
            if n.pointee.referenceYears.count == 1 { line.value("year", n.pointee.referenceYears[0]) }
            if !n.pointee.referenceYears.isEmpty { line.values("years", n.pointee.referenceYears) }
            if !n.pointee.sentences.isEmpty { try line.text("sentence", n.pointee.sentences) }
        }
        if let w = n.pointee.wikidata { try line.text("wikidata", w) }
        line.iri(forNodeId: n.pointee.id)
        if let b = n.pointee.blockCount { line.value("blocks", b) }
        if !n.pointee.footnoteLinks.isEmpty {
            // `->` holds a `>`, which the writer escapes: text, not a raw value.
            try line.text("footnote_links", n.pointee.footnoteLinks.map { "\($0.paragraphBlock)->\($0.footnoteBlock)" })
        }
        if flavor == .yed { try writeShape(n, line.flushed()) }
        line.append("</node>")
    }

    private func writeShape(_ n: UnsafePointer<KnowledgeGraph.Node>, _ xml: XMLStreamWriter) throws {
        let look = GraphMLWriter.appearance(n.pointee.type)
        try xml.start("data")
        try xml.attribute("key", "ng")
        try xml.start("y:ShapeNode")
        try xml.start("y:Geometry")
        // Wide enough for the label: about 7 points per Latin letter, 13 per CJK character.
        let width = n.pointee.label.unicodeScalars.reduce(16) { $0 + ($1.value < 0x2E80 ? 7 : 13) }
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
        try xml.text(n.pointee.label)
        try xml.end()
        try xml.start("y:Shape")
        try xml.attribute("type", look.shape)
        try xml.end()
        try xml.end()  // y:ShapeNode
        try xml.end()  // data
    }

    // MARK: - Edges

    private func write(edge: UnsafePointer<KnowledgeGraph.Edge>, position e: Int, _ line: inout RawMarkup,
                       _ escaper: inout XMLAttributeEscaper?) throws {
        line.append("<edge id=\"")
        edgeIds.appendId(e, to: &line.bytes)
        line.append("\" source=\"")
        try appendEscapedId(position: sources[e], id: edge.pointee.source, &line, &escaper)
        line.append("\" target=\"")
        try appendEscapedId(position: targets[e], id: edge.pointee.target, &line, &escaper)
        line.append("\">")
        line.value("relation", edge.pointee.relation.rawValue)
        line.value("interaction", edge.pointee.relation.rawValue)
        line.value("weight", edge.pointee.weight)
        line.value("symmetric", edge.pointee.directed ? "false" : "true")
        if !edge.pointee.evidence.isEmpty { try line.text("evidence", edge.pointee.evidence) }
        line.append("</edge>")
    }

    private func appendEscapedId(position: Int32, id: String, _ line: inout RawMarkup,
                                 _ escaper: inout XMLAttributeEscaper?) throws {
        if position >= 0 { line.append(escapedIds[Int(position)]); return }
        if escaper == nil { escaper = try XMLAttributeEscaper() }
        line.append(try escaper!.escaped(id))
    }
}

/// The markup of a chunk being assembled: constant pieces and values that need no escaping
/// gather in `bytes`, and go to the libxml2 writer (`xmlTextWriterWriteRawLen`) whenever free
/// text must pass through the writer's own escaping, and at the end of the chunk.
struct RawMarkup {
    let xml: XMLStreamWriter
    var bytes: [UInt8] = []

    init(_ xml: XMLStreamWriter) {
        self.xml = xml
        bytes.reserveCapacity(1 << 16)
    }

    mutating func append(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Hands the gathered bytes to the writer once they fill a few cache-sized pages, rather
    /// than letting the buffer grow to the whole chunk.
    mutating func flushIfLarge() throws {
        if bytes.count >= 1 << 15 { try flush() }
    }

    /// `<data key="name">value</data>` for a value that needs no escaping (a type or relation
    /// name, `true`/`false`).
    mutating func value(_ key: StaticString, _ value: String) {
        open(key)
        bytes.append(contentsOf: value.utf8)
        append("</data>")
    }

    mutating func value(_ key: StaticString, _ value: Int) {
        open(key)
        ExportText.appendDecimal(value, to: &bytes)
        append("</data>")
    }

    /// Numbers as `ExportText.number` writes them.
    mutating func value(_ key: StaticString, _ value: Double) {
        open(key)
        ExportText.appendNumber(value, to: &bytes)
        append("</data>")
    }

    /// Integers joined with ` | `.
    mutating func values(_ key: StaticString, _ values: [Int]) {
        open(key)
        for (k, v) in values.enumerated() {
            if k > 0 { append(" | ") }
            ExportText.appendDecimal(v, to: &bytes)
        }
        append("</data>")
    }

    /// The node's IRI: `ExportText.iri(forNodeId:)`, percent-encoded ASCII.
    mutating func iri(forNodeId id: String) {
        open("iri")
        bytes.append(contentsOf: ExportText.idBase.utf8)
        bytes.append(contentsOf: ExportText.percentEncodedBytes(id))
        append("</data>")
    }

    private mutating func open(_ key: StaticString) {
        append("<data key=\"")
        append(key)
        append("\">")
    }

    /// `<data key="name">text</data>` written by the libxml2 writer, which escapes the text.
    mutating func text(_ key: String, _ text: String) throws {
        try flush()
        try xml.data(key, text)
    }

    /// A list of texts joined with ` | `.
    mutating func text(_ key: String, _ texts: [String]) throws {
        try text(key, texts.count == 1 ? texts[0] : texts.joined(separator: " | "))
    }

    /// Hands the gathered bytes to the writer and returns it, for elements written through it.
    mutating func flushed() throws -> XMLStreamWriter {
        try flush()
        return xml
    }

    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        try xml.raw(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Escapes attribute values exactly as `xmlTextWriter` writes them: a scratch writer writes
/// the value as an attribute (`<v v="…"/>`) and the bytes between the quotes are kept. Unlike
/// calling an escaping function directly, this cannot drift from the writer's own rules
/// (non-ASCII as `&#x4E07;`, `&amp;`, `&lt;`, `&quot;`, tab and line breaks as references) in
/// any libxml2 version.
///
/// ```swift
/// let escaper = try XMLAttributeEscaper()
/// try escaper.escaped("organization/a&b")  // bytes of "organization/a&amp;b"
/// ```
final class XMLAttributeEscaper {
    private let xml: XMLStreamWriter

    init() throws { xml = try XMLStreamWriter() }

    func escaped(_ value: String) throws -> [UInt8] {
        try xml.start("v")
        try xml.attribute("v", value)
        try xml.end()
        let written = try xml.takeBytes()
        let prefix = 6, suffix = 3  // `<v v="` and `"/>`
        guard written.count >= prefix + suffix else { throw GraphMLWriter.WriteError.libxml(step: "escape attribute") }
        return Array(written[prefix..<(written.count - suffix)])
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

    /// Bytes written as they are; closes a pending start tag.
    func raw(_ bytes: [UInt8]) throws {
        let result = bytes.withUnsafeBufferPointer { b in
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

    /// Ends the document, frees the writer (which flushes it) and returns what it wrote since
    /// the last `takeBytes`.
    func finishBytes() throws -> [UInt8] {
        try check(xmlTextWriterEndDocument(writer), "EndDocument")
        xmlFreeTextWriter(writer)
        writer = nil
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return [] }
        let bytes = Array(UnsafeBufferPointer(start: content, count: length))
        xmlBufferEmpty(buffer)
        return bytes
    }
}
