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
        /// In a file beside the edges' when they are in one (16 million hashes, 128 MB, at 1 GB).
        var hashes: RecordBuffer<UInt64>
        var suffixed: [Int: String]
        func id(_ i: Int) -> String { suffixed[i] ?? GraphMLEdgeIds.id(hash: hashes[i]) }

        /// `id(i)` appended to the markup, without building a `String` for the common unsuffixed id.
        func appendId(_ i: Int, to line: inout RawMarkup) {
            if !suffixed.isEmpty, let id = suffixed[i] { line.append(utf8: id); return }
            line.appendEdgeId(hash: hashes[i])
        }
    }

    /// Edges from the same source (one end number in `edges`, one id) share the hash of its id.
    static func edgeIds(_ edges: KnowledgeGraph.EdgeList, threads: Int) -> EdgeIdTable {
        // Written in place, a run of edges per job: gathered from per-job arrays, the list was
        // for a moment held twice (16 million edges at 1 GB of text: 128 MB each).
        let step = 8192, count = edges.count
        // Beside a large build's edges, so the list is paged like them (see `RecordFile`); where
        // no file can be made there, in memory as for a small build.
        let file = count == 0 ? nil : edges.records.recordFile.flatMap { try? RecordFile(in: $0.folder, byteCount: count * 8) }
        func fill(_ out: UnsafeMutablePointer<UInt64>) {
            nonisolated(unsafe) let out = out
            _ = ConcurrentMap.map(Array(stride(from: 0, to: count, by: step)), threads: threads) { start in
                var state: (source: Int32, state: UInt64) = (-1, 0)
                edges.records.withUnsafeBufferPointer { records in
                    edges.ids.withUnsafeBufferPointer { ids in
                        for e in start..<min(start + step, count) {
                            let source = records[e].source
                            if source != state.source { state = (source, GraphMLEdgeIds.sourceState(ids[Int(source)])) }
                            (out + e).initialize(to: GraphMLEdgeIds.hash(
                                afterSource: state.state, relation: records[e].relation.rawValue, target: ids[Int(records[e].target)]))
                        }
                    }
                }
                // A large build's edges are in a file: the pages read and written go.
                edges.records.dropResidentPages(start..<min(start + step, count))
                file?.dropResidentPages(from: out + start, bytes: 8 * (min(start + step, count) - start))
                return start
            }
        }
        let hashes: RecordBuffer<UInt64>
        if let file {
            let start = file.base.bindMemory(to: UInt64.self, capacity: count)
            fill(start)
            hashes = RecordBuffer(file: file, start: start, count: count)
        } else {
            hashes = RecordBuffer([UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { fill(buffer.baseAddress!) }
                initialized = count
            })
        }
        var suffixed: [Int: String] = [:]
        if Self.hasRepeat(hashes) {
            // Rare: two edges hash alike. Number them as `GraphMLEdgeIds.next` does, in edge order.
            var ids = GraphMLEdgeIds()
            for (j, e) in edges.enumerated() {
                let id = ids.next(source: e.source, relation: e.relation.rawValue, target: e.target)
                if id != GraphMLEdgeIds.id(hash: hashes[j]) { suffixed[j] = id }
            }
        }
        return EdgeIdTable(hashes: hashes, suffixed: suffixed)
    }

    /// Whether two of `hashes` are equal: an open-addressing table over their low bits (FNV
    /// hashes are well spread), several times cheaper than inserting into a `Set<UInt64>`.
    ///
    /// A long list is checked a sixteenth of the hash space at a time (by the top four bits:
    /// equal hashes share them), each part in a table twice its size. One table for the whole
    /// list was 268 MB at 1 GB of text and the peak of the build; sixteen passes over the list
    /// read it again but keep the table at a sixteenth of that.
    ///
    /// `partitionedFrom`: the list length from which it is checked in parts (tests lower it).
    static func hasRepeat(_ hashes: [UInt64], partitionedFrom threshold: Int = 1 << 20) -> Bool {
        hasRepeat(RecordBuffer(hashes), partitionedFrom: threshold)
    }

    /// `hasRepeat` for hashes in a file or an array; a file's are read a slice at a time.
    static func hasRepeat(_ hashes: RecordBuffer<UInt64>, partitionedFrom threshold: Int = 1 << 20) -> Bool {
        let partBits = hashes.count >= threshold ? 4 : 0
        var partCounts = [Int](repeating: 0, count: 1 << partBits)
        if partBits > 0 {
            hashes.scan { slice, _ in
                for h in slice { partCounts[Int(h >> UInt64(64 - partBits))] += 1 }
                return true
            }
        } else {
            partCounts[0] = hashes.count
        }
        var slots: [UInt64] = []
        var repeated = false
        for part in partCounts.indices where !repeated {
            var size = 16
            while size < 2 * partCounts[part] { size *= 2 }
            if slots.count < size { slots = [UInt64](repeating: 0, count: size) } else { slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
            // 0: empty; a hash of 0 is kept aside.
            var sawZero = false
            hashes.scan { slice, _ in
                for h in slice where partBits == 0 || Int(h >> UInt64(64 - partBits)) == part {
                    if h == 0 {
                        if sawZero { repeated = true; return false }
                        sawZero = true
                        continue
                    }
                    var slot = Int(truncatingIfNeeded: h) & (size - 1)
                    while slots[slot] != 0 {
                        if slots[slot] == h { repeated = true; return false }
                        slot = (slot + 1) & (size - 1)
                    }
                    slots[slot] = h
                }
                return true
            }
        }
        return repeated
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
/// Everything passes through a libxml2 `xmlTextWriter`, in large raw writes
/// (`xmlTextWriterWriteRawLen`): the markup is constant, most values need no escaping (type
/// names, numbers, edge ids, percent-encoded IRIs: ASCII without `<>&"` or control characters),
/// and free text (labels, aliases, units, qualifiers, sentences, evidence, footnote links) is
/// escaped by the writer's rules as it is staged (`RawMarkup`). Only yEd shapes are written
/// element by element through the writer. Node ids, which about twenty edges each name, are
/// escaped once per graph by the function the writer escapes attribute values with
/// (`XMLAttributeEscaper`): the same function with the same input, so the same bytes.
struct GraphMLChunkRenderer: Sendable {
    let graph: KnowledgeGraph
    let flavor: GraphMLWriter.Flavor
    /// Every node's id as written inside `id="…"` (`&amp;`, `&#x4E07;`), one after another:
    /// node `i`'s are the bytes `escapedIdStarts[i]..<escapedIdStarts[i + 1]`. One array rather
    /// than one per node, so an edge's ends are copied without retaining an array each.
    let escapedIdBytes: [UInt8]
    let escapedIdStarts: [Int]
    let edgeIds: GraphMLWriter.EdgeIdTable

    init(_ graph: KnowledgeGraph, flavor: GraphMLWriter.Flavor, threads: Int) throws {
        self.graph = graph
        self.flavor = flavor
        let nodes = graph.nodes
        let step = 2048
        let escaped = ConcurrentMap.map(Array(stride(from: 0, to: nodes.count, by: step)), threads: threads) { start in
            Result { () throws -> [[UInt8]] in
                let escaper = try XMLAttributeEscaper()
                return nodes[start..<min(start + step, nodes.count)].map { escaper.escaped($0.id) }
            }
        }
        var idBytes: [UInt8] = [], idStarts = [0]
        idStarts.reserveCapacity(nodes.count + 1)
        for part in escaped {
            for id in try part.get() {
                idBytes.append(contentsOf: id)
                idStarts.append(idBytes.count)
            }
        }
        (self.escapedIdBytes, self.escapedIdStarts) = (idBytes, idStarts)
        self.edgeIds = GraphMLWriter.edgeIds(graph.edges, threads: threads)
    }

    /// Elements `range`, one a line.
    func render(_ range: Range<Int>) throws -> [UInt8] {
        // Room for a typical chunk from the start (an edge line is about 350 bytes), so the
        // collected bytes are seldom moved while they grow.
        let xml = try XMLStreamWriter(expectedBytes: range.count * 384)
        var escaper: XMLAttributeEscaper?  // only for an edge naming a node the graph lacks
        let nodeCount = graph.nodes.count
        // Nodes and edges are read in place through pointers (`n.pointee.label`): binding
        // `graph.nodes[i]` to a constant copies the whole struct, retaining and releasing every
        // string and array in it.
        try RawMarkup.assemble(into: xml) { line in
            try graph.nodes.withUnsafeBufferPointer { nodes in
                try graph.edges.records.withUnsafeBufferPointer { edges in
                    try escapedIdBytes.withUnsafeBytes { ids in
                        for i in range {
                            if i < nodeCount {
                                try write(node: nodes.baseAddress! + i, position: i, ids, &line)
                            } else {
                                try write(edge: edges.baseAddress! + (i - nodeCount), position: i - nodeCount, ids,
                                          &line, &escaper)
                            }
                            line.append("\n")
                            try line.flushIfLarge()
                        }
                    }
                }
            }
        }
        // The chunk's edge records, read from a large build's file, leave resident memory.
        if range.upperBound > nodeCount {
            let edgeRange = max(range.lowerBound, nodeCount) - nodeCount..<range.upperBound - nodeCount
            graph.edges.records.dropResidentPages(edgeRange)
            edgeIds.hashes.dropResidentPages(edgeRange)
        }
        return try xml.takeBytes()
    }

    /// Node `i`'s escaped id, out of `ids` (`escapedIdBytes`).
    @inline(__always)
    private func escapedId(_ i: Int, _ ids: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: ids[escapedIdStarts[i]..<escapedIdStarts[i + 1]])
    }

    // MARK: - Nodes

    private func write(node n: UnsafePointer<KnowledgeGraph.Node>, position i: Int, _ ids: UnsafeRawBufferPointer,
                       _ line: inout RawMarkup) throws {
        line.append("<node id=\"")
        line.append(escapedId(i, ids))
        line.append("\">")
        line.text("label", n.pointee.label)
        line.text("name", n.pointee.label)
        line.value("type", n.pointee.type.rawValue)
        if !n.pointee.aliases.isEmpty { line.text("aliases", n.pointee.aliases) }
        line.value("mentions", n.pointee.mentionCount)
        if let f = n.pointee.figure {
            line.value("value", f.value)
            if let m = f.maxValue { line.value("max_value", m) }
            line.text("unit", f.unit)
        }
        if !n.pointee.qualifiers.isEmpty { line.text("qualifier", n.pointee.qualifiers) }
        if n.pointee.type == .year, let y = n.pointee.year { line.value("year", y) }
        if n.pointee.type == .figure {
            // `year` only when it is unambiguous; `years` always lists them all.
            if n.pointee.referenceYears.count == 1 { line.value("year", n.pointee.referenceYears[0]) }
            if !n.pointee.referenceYears.isEmpty { line.values("years", n.pointee.referenceYears) }
            if !n.pointee.sentences.isEmpty { line.text("sentence", n.pointee.sentences) }
        }
        if let w = n.pointee.wikidata { line.text("wikidata", w) }
        line.iri(forNodeId: n.pointee.id)
        if let b = n.pointee.blockCount { line.value("blocks", b) }
        if !n.pointee.footnoteLinks.isEmpty {
            // `->` holds a `>`, which the writer escapes: text, not a raw value.
            line.text("footnote_links", n.pointee.footnoteLinks.map { "\($0.paragraphBlock)->\($0.footnoteBlock)" })
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

    private func write(edge: UnsafePointer<KnowledgeGraph.EdgeList.Record>, position e: Int, _ ids: UnsafeRawBufferPointer,
                       _ line: inout RawMarkup, _ escaper: inout XMLAttributeEscaper?) throws {
        line.append("<edge id=\"")
        edgeIds.appendId(e, to: &line)
        line.append("\" source=\"")
        try appendEscapedId(end: edge.pointee.source, ids, &line, &escaper)
        line.append("\" target=\"")
        try appendEscapedId(end: edge.pointee.target, ids, &line, &escaper)
        line.append("\">")
        line.value("relation", edge.pointee.relation.rawValue)
        line.value("interaction", edge.pointee.relation.rawValue)
        line.value("weight", edge.pointee.weight)
        line.value("symmetric", edge.pointee.directed ? "false" : "true")
        let evidence = graph.edges.evidence(of: edge.pointee)
        if !evidence.isEmpty { line.text("evidence", evidence) }
        line.append("</edge>")
    }

    /// An edge end: a node's id as escaped once per graph, or the id of an end no node has.
    private func appendEscapedId(end: Int32, _ ids: UnsafeRawBufferPointer, _ line: inout RawMarkup,
                                 _ escaper: inout XMLAttributeEscaper?) throws {
        let position = graph.edges.nodePosition(end)
        if position >= 0 { line.append(escapedId(Int(position), ids)); return }
        if escaper == nil { escaper = try XMLAttributeEscaper() }
        escaper!.escaped(graph.edges.ids[Int(end)]).withUnsafeBytes { line.append($0) }
    }
}

/// Escapes attribute values exactly as `xmlTextWriter` writes them, with the function the
/// writer itself calls for an attribute's value (`xmlBufAttrSerializeTxtContent`, public as
/// `xmlAttrSerializeTxtContent`) on the same cleaned text, into one reusable buffer. The writer
/// passes its own document, which has no encoding; passing none gives the same rules:
/// non-ASCII as `&#x4E07;`, `&amp;`, `&lt;`, `&quot;`, tab and line breaks as references.
/// (It used to write `<v v="…"/>` with a scratch writer and cut the value out: the same bytes,
/// at several times the cost.)
///
/// ```swift
/// let escaper = try XMLAttributeEscaper()
/// escaper.escaped("organization/a&b")  // bytes of "organization/a&amp;b"
/// ```
final class XMLAttributeEscaper {
    private let buffer: xmlBufferPtr

    init() throws {
        guard let buffer = xmlBufferCreate() else { throw GraphMLWriter.WriteError.libxml(step: "xmlBufferCreate") }
        self.buffer = buffer
    }

    deinit { xmlBufferFree(buffer) }

    func escaped(_ value: String) -> [UInt8] {
        xmlBufferEmpty(buffer)
        XMLStreamWriter.withXMLText(value) { xmlAttrSerializeTxtContent(buffer, nil, nil, $0) }
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }
}

/// A thin, throwing wrapper over libxml2's `xmlTextWriter` writing into memory. Text is
/// cleaned of scalars XML 1.0 forbids (control characters), which no escaping can make legal.
///
/// The writer's output buffer hands its bytes to a callback that appends them to a Swift array
/// (`takeBytes` then gives that array away), rather than to an `xmlBuffer`: an `xmlBuffer`
/// grows by exact reallocation, moving a chunk's megabyte many times over, and its bytes had
/// to be copied out once more at the end.
final class XMLStreamWriter {
    /// Where the output callback appends; a class, so the C callback can reach it.
    private final class Collected {
        var bytes: [UInt8] = []
        var expected: Int
        init(expected: Int) { self.expected = expected }
    }

    private let collected: Collected
    private var writer: xmlTextWriterPtr?

    /// `expectedBytes`: capacity to reserve for the output, so it is seldom moved as it grows.
    init(expectedBytes: Int = 0) throws {
        collected = Collected(expected: expectedBytes)
        let context = Unmanaged.passUnretained(collected).toOpaque()
        // No close callback: `collected` lives as long as this object, which frees the writer.
        guard let output = xmlOutputBufferCreateIO({ context, bytes, length in
            guard let context, let bytes, length > 0 else { return 0 }
            let collected = Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue()
            if collected.bytes.isEmpty { collected.bytes.reserveCapacity(max(collected.expected, Int(length))) }
            bytes.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                collected.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
            }
            return length
        }, nil, context, nil) else { throw GraphMLWriter.WriteError.libxml(step: "xmlOutputBufferCreateIO") }
        guard let writer = xmlNewTextWriter(output) else {
            xmlOutputBufferClose(output)
            throw GraphMLWriter.WriteError.libxml(step: "xmlNewTextWriter")
        }
        self.writer = writer
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
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
    static func withXMLText<R>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
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
    func raw(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let result = bytes.withMemoryRebound(to: xmlChar.self) {
            xmlTextWriterWriteRawLen(writer, $0.baseAddress, Int32($0.count))
        }
        try check(result, "WriteRaw")
    }

    /// Everything written so far, flushed and taken out of the writer.
    func takeBytes() throws -> [UInt8] {
        try check(xmlTextWriterFlush(writer), "Flush")
        return takeCollected()
    }

    private func takeCollected() -> [UInt8] {
        let bytes = collected.bytes
        collected.bytes = []
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
        return takeCollected()
    }
}
