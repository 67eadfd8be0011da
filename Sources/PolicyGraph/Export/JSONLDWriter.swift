import Foundation

/// Writes the graph as JSON-LD per `FORMATS.md`: one object with an inline `@context` and a
/// `@graph` array, one compact node a line, nodes sorted by IRI; schema.org terms where they
/// exist and the project's vocabulary (`https://policygraph.dev/ns#`) for the rest.
///
/// ```swift
/// let data = try JSONLDWriter().render(graph)
/// // {"@context": {"@base": "https://policygraph.dev/id/", "name": "schema:name", ...},
/// //  "@graph": [{"@id":"year/2019","@type":"Year","name":"2019","value":2019,...}, ...]}
/// ```
///
/// The context does the compaction, so readers see full IRIs: `@base` makes node ids short
/// relative IRIs (`organization/world-trade-organization` expands to
/// `https://policygraph.dev/id/organization/world-trade-organization`), a term per property
/// (`name` → `schema:name`, `mention` → `pg:mention`) and per class (`Organization` →
/// `schema:Organization`), and links coerced with `"@type": "@id"` so references are plain
/// strings. Each relation is written once: `mentions` (document → entity) and
/// `coOccursWith` (on the edge's source, the smaller id) as plain links whose weights follow
/// from the provenance; `partyTo` and `refersToYear` as links and as a reified `edge`
/// statement carrying weight and evidence sentences. Provenance mentions are compact objects
/// (`{"@type":"Mention","document":"document/a.txt","block":3,"kind":"paragraph","start":4,
/// "end":9,"surface":"WTO"}`). See `docs/graph-model.md`.
///
/// Nodes are rendered into byte buffers (`JSONLDNodeRenderer.render`, a pure function of the
/// graph and indexes computed once) in chunks of about `bytesPerChunk` bytes, on `threads`
/// workers, and the chunks stream to the sink in order: the bytes do not depend on the
/// number of threads.
public struct JSONLDWriter: ChunkedGraphWriter {
    public var fileName: String { "graph.jsonld" }
    /// Worker threads rendering chunks of nodes; the file's bytes do not depend on it.
    public let threads: Int
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = max(1, threads)
    }

    /// The bytes a chunk is cut at (estimated from the nodes' links and mentions): big enough
    /// that a chunk costs nothing to start, small enough that the chunks waiting for their turn
    /// to be written stay small. Cut by bytes rather than by nodes because node lines differ by
    /// orders of magnitude: a country named in every document is a line of 8 MB at 100 MB of
    /// text, the countries sort together, and 256 nodes a chunk made chunks of up to 70 MB
    /// there, rendered into buffers grown by doubling while the other workers' chunks queued.
    static let bytesPerChunk = 1 << 20

    /// Term definitions: properties and classes by the names nodes are written with. Every key
    /// a node uses must be here: a JSON-LD processor silently drops keys it cannot expand.
    static let context: JSONText = {
        func link(_ iri: String) -> JSONText { .object(["@id": .string(iri), "@type": .string("@id")]) }
        var terms: [String: JSONText] = [
            "@base": .string(ExportText.idBase),
            "schema": .string("https://schema.org/"),
            "pg": .string(ExportText.vocabulary),
            "pgid": .string(ExportText.idBase),
            "xsd": .string("http://www.w3.org/2001/XMLSchema#"),
            // Classes.
            "Mention": .string("pg:Mention"),
            "FootnoteLink": .string("pg:FootnoteLink"),
            "Edge": .string("pg:Edge"),
            // Every node.
            "name": .string("schema:name"),
            "alternateName": .string("schema:alternateName"),
            "sameAs": link("schema:sameAs"),
            "mentionCount": .string("pg:mentionCount"),
            "mention": .string("pg:mention"),
            // Provenance mentions.
            "document": link("pg:document"),
            "block": .string("pg:blockIndex"),
            "kind": .string("pg:blockKind"),
            "start": .string("pg:start"),
            "end": .string("pg:end"),
            "surface": .string("pg:surface"),
            "sentence": .string("pg:sentence"),
            "qualifier": .string("pg:qualifier"),
            // Figures and years.
            "value": .string("schema:value"),
            "maxValue": .string("schema:maxValue"),
            "unitText": .string("schema:unitText"),
            "referenceYear": .string("pg:referenceYear"),
            // Documents.
            "mentions": link("schema:mentions"),
            "blockCount": .string("pg:blockCount"),
            "footnoteLink": .string("pg:footnoteLink"),
            "paragraphBlock": .string("pg:paragraphBlock"),
            "footnoteBlock": .string("pg:footnoteBlock"),
            "footnoteNumber": .string("pg:footnoteNumber"),
            // Links and reified statements.
            "coOccursWith": link("pg:coOccursWith"),
            "partyTo": link("pg:partyTo"),
            "refersToYear": link("pg:refersToYear"),
            "edge": .string("pg:edge"),
            "relation": .string("pg:relation"),
            "target": link("pg:target"),
            "weight": .string("pg:weight"),
            "directed": .string("pg:directed"),
            "evidence": .string("pg:evidence"),
        ]
        for type in KnowledgeGraph.NodeType.allCases { terms[typeTerm(type)] = .string(typeName(type)) }
        return .object(terms)
    }()

    /// The class of each node type, as a compact IRI.
    public static func typeName(_ type: KnowledgeGraph.NodeType) -> String {
        switch type {
        case .document: return "schema:DigitalDocument"
        case .organization: return "schema:Organization"
        case .agreement: return "schema:Legislation"
        case .country: return "schema:Country"
        case .figure: return "schema:QuantitativeValue"
        case .year: return "pg:Year"
        case .publication: return "schema:CreativeWork"
        case .event: return "schema:Event"
        }
    }

    /// The term a node's `@type` is written as: `typeName` without its prefix.
    public static func typeTerm(_ type: KnowledgeGraph.NodeType) -> String {
        let name = typeName(type)
        return String(name[name.index(after: name.firstIndex(of: ":")!)...])
    }

    public func write(_ graph: KnowledgeGraph, to sink: inout OutputSink) throws {
        try plan(graph).write(to: &sink, threads: threads)
    }

    /// Head (root object, context, `"@graph": [`), the nodes in chunks (each node preceded by
    /// its line break, so chunks simply follow one another), and the closing brackets.
    func plan(_ graph: KnowledgeGraph) -> ExportPlan { plan(graph, bytesPerChunk: Self.bytesPerChunk) }

    /// `plan`, with chunks cut at `bytesPerChunk` (tests cut them small).
    func plan(_ graph: KnowledgeGraph, bytesPerChunk: Int) -> ExportPlan {
        let renderer = JSONLDNodeRenderer(graph)
        // Root members and @graph nodes one a line, the context's terms one a line.
        var head: [UInt8] = Array("{\n  \"@context\": ".utf8)
        Self.context.write(into: &head, indent: 2, prettyDepth: 1)
        head.append(contentsOf: ",\n  \"@graph\": [".utf8)
        if renderer.order.isEmpty { head.append(UInt8(ascii: "]")) }
        let starts = renderer.chunkStarts(bytesPerChunk: bytesPerChunk)
        return ExportPlan(head: head, chunkCount: starts.count, renderChunk: { k in
            renderer.render(from: starts[k], to: k + 1 < starts.count ? starts[k + 1] : renderer.end,
                            expectedBytes: bytesPerChunk)
        }, tail: Array((renderer.order.isEmpty ? "\n}\n" : "\n  ]\n}\n").utf8))
    }
}

extension JSONLDWriter: CustomStringConvertible {
    /// What decides the file's bytes (the incremental store compares it between builds); the
    /// thread count does not.
    public var description: String { "JSONLDWriter()" }
}

/// What the JSON-LD writer needs to render any node on its own, computed once per graph:
/// each node's written reference (percent-encoded once, not per link), its outgoing links by
/// relation as node positions, and the order nodes are written in.
///
/// ```swift
/// let renderer = JSONLDNodeRenderer(graph)
/// let starts = renderer.chunkStarts(bytesPerChunk: 1 << 20)
/// let lines = renderer.render(from: starts[0], to: starts[1])  // "\n    {"@id":"agreement/…",…},\n    {…}"
/// ```
struct JSONLDNodeRenderer: Sendable {
    let graph: KnowledgeGraph
    /// Per node position: its IRI as a quoted JSON string, relative to `@base` when that
    /// expands back to the same IRI in every reader (`"country/%E6%97%A5%E6%9C%AC"`).
    let references: [[UInt8]]
    /// Node positions in writing order: sorted by the node's IRI.
    let order: [Int]
    /// Document path → node position, for provenance.
    let documentPositions: [String: Int]
    /// The edges between nodes in the order a node's links are written: by source position,
    /// relation (`EdgeList.rank`) and target position. Nil when `graph.edges.records` already
    /// are exactly that (a built graph's always are: its edges are sorted so and name only
    /// nodes); else the positions in `graph.edges.records` of those edges, in that order (a
    /// hand-made graph may name ids no node has, or ids that sort alike as strings).
    let edgeOrder: [Int32]?
    /// Per node position: its run of edges in that order (positions in `edgeOrder`, or in the
    /// records when it is nil). Lists of targets per node and relation, built and sorted
    /// beside the graph, took 64 MB and three arrays per node at 1 GB for the whole export.
    let outgoing: [Range<Int32>]

    init(_ graph: KnowledgeGraph) {
        self.graph = graph
        let nodes = graph.nodes
        var encoded: [[UInt8]] = []
        var references: [[UInt8]] = []
        encoded.reserveCapacity(nodes.count)
        references.reserveCapacity(nodes.count)
        var documentPositions: [String: Int] = [:]
        for (i, node) in nodes.enumerated() {
            let id = ExportText.percentEncodedBytes(node.id)
            encoded.append(id)
            references.append(Self.quotedReference(encodedId: id))
            if node.type == .document, node.id.hasPrefix("document/") {
                documentPositions[String(node.id.dropFirst("document/".count))] = i
            }
        }
        self.references = references
        self.documentPositions = documentPositions
        // Relative references share the base, so sorting the encoded ids sorts the IRIs.
        self.order = Array(nodes.indices).sorted { encoded[$0].lexicographicallyPrecedes(encoded[$1]) }

        let edges = graph.edges
        /// The order key of an edge between nodes, nil for an edge with an end no node has.
        func key(_ r: KnowledgeGraph.EdgeList.Record) -> UInt64? {
            let s = edges.nodePosition(r.source), t = edges.nodePosition(r.target)
            guard s >= 0, t >= 0 else { return nil }
            return KnowledgeGraph.EdgeList.orderKey(source: s, relation: r.relation, target: t)
        }
        // Both passes over the records go a slice at a time (`scan`): a large build's edges
        // are in a file, and are not held resident for the export.
        var last: UInt64 = 0, inOrder = true
        edges.records.scan { slice, _ in
            inOrder = slice.allSatisfy { r in
                guard let k = key(r), k >= last else { return false }
                last = k
                return true
            }
            return inOrder
        }
        let edgeOrder: [Int32]? = inOrder ? nil : edges.records.withUnsafeBufferPointer { records in
            // Rare (hand-made graphs only): keyed once, then sorted.
            let keyed = records.indices.compactMap { e in key(records[e]).map { (key: $0, record: Int32(e)) } }
            return keyed.sorted { $0.key < $1.key }.map(\.record)
        }
        var outgoing = [Range<Int32>](repeating: 0..<0, count: nodes.count)
        if let edgeOrder {
            edges.records.withUnsafeBufferPointer { records in
                func source(_ k: Int) -> Int32 { records[Int(edgeOrder[k])].source }
                var k = 0
                while k < edgeOrder.count {
                    let s = source(k)
                    var end = k + 1
                    while end < edgeOrder.count && source(end) == s { end += 1 }
                    outgoing[Int(s)] = Int32(k)..<Int32(end)
                    k = end
                }
            }
        } else {
            // In order: each source's edges are one run of the records.
            var run: (source: Int32, start: Int) = (-1, 0)
            edges.records.scan { slice, offset in
                for (j, r) in slice.enumerated() where r.source != run.source {
                    if run.source >= 0 { outgoing[Int(run.source)] = Int32(run.start)..<Int32(offset + j) }
                    run = (r.source, offset + j)
                }
                return true
            }
            if run.source >= 0 { outgoing[Int(run.source)] = Int32(run.start)..<Int32(edges.records.count) }
        }
        self.edgeOrder = edgeOrder
        self.outgoing = outgoing
    }

    /// The position in `graph.edges.records` of the `k`th edge in `edgeOrder`'s order.
    @inline(__always)
    private func record(_ k: Int) -> Int { edgeOrder.map { Int($0[k]) } ?? k }

    /// `"organization/world-trade-organization"`, or the absolute IRI when a reader would
    /// resolve the relative form to another IRI: `.`/`..` segments are removed by every
    /// resolver (RFC 3986), and rdflib also collapses empty segments (`a//b`).
    static func quotedReference(encodedId id: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        if !isSafeRelativeReference(id) { out.append(contentsOf: ExportText.idBase.utf8) }
        out.append(contentsOf: id)
        out.append(UInt8(ascii: "\""))
        return out
    }

    static func isSafeRelativeReference(_ id: [UInt8]) -> Bool {
        let segments = id.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (k, segment) in segments.enumerated() {
            if segment.isEmpty && k != segments.count - 1 { return false }
            if segment.elementsEqual([UInt8(ascii: ".")]) || segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                return false
            }
        }
        // Percent-encoding leaves no `:` `?` `#`, so the id cannot read as an absolute IRI.
        return !id.isEmpty
    }

    // MARK: - Chunks

    /// A place in the writing order: node `node` of `order`, from its mention `mention` on. A
    /// chunk starting at mention 0 starts with the node itself; one starting further in
    /// carries on the node's provenance list where the previous chunk stopped.
    struct Place: Equatable, Sendable {
        var node: Int
        var mention: Int
    }

    /// After the last node.
    var end: Place { Place(node: order.count, mention: 0) }

    /// Estimated bytes of a node's line without its provenance, and of one mention: an
    /// estimate only decides where chunks are cut, never what is written.
    private static let estimatedNodeBytes = 256, estimatedLinkBytes = 64, estimatedMentionBytes = 160

    /// Where each chunk starts, so that each holds about `bytesPerChunk` (estimated): nodes
    /// one after another, a node's provenance list split across chunks where it alone is
    /// larger. Depends on the graph only, so the bytes do not depend on the threads.
    func chunkStarts(bytesPerChunk: Int) -> [Place] {
        guard !order.isEmpty else { return [] }
        var starts = [Place(node: 0, mention: 0)]
        var filled = 0
        for k in order.indices {
            let i = order[k]
            if filled >= bytesPerChunk {
                starts.append(Place(node: k, mention: 0))
                filled = 0
            }
            filled += Self.estimatedNodeBytes
                + Self.estimatedLinkBytes * outgoing[i].count
            let count = graph.nodes[i].mentions.count
            var from = 0
            while from < count {
                // At least one mention goes with the node or the place before it, so a cut never
                // falls at mention 0 inside a node.
                let room = max(1, (bytesPerChunk - filled) / Self.estimatedMentionBytes)
                if count - from <= room {
                    filled += (count - from) * Self.estimatedMentionBytes
                    break
                }
                from += room
                starts.append(Place(node: k, mention: from))
                filled = 0
            }
        }
        return starts
    }

    /// The writing order from `start` to `end` (exclusive): each node on its own line, `\n    `
    /// before the first node of the file, `,\n    ` before every other. One buffer serves the
    /// whole chunk, so a node costs no allocation of its own.
    func render(from start: Place, to end: Place, expectedBytes: Int = 1 << 20) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(expectedBytes + expectedBytes / 4)
        graph.nodes.withUnsafeBufferPointer { nodes in
            var k = start.node
            // The nodes whose provenance may still be resident: a node's records are one read
            // of the record file each, and each read maps the cached folio around it (about
            // 1 MB here), so a chunk's hundred nodes held up to 80 MB of the file at 1 GB of
            // text when their pages went only at the chunk's end.
            var firstUndropped = k
            while k < end.node || (k == end.node && end.mention > 0) {
                let i = order[k]
                let from = k == start.node ? start.mention : 0
                let to = k == end.node ? end.mention : nodes[i].mentions.count
                if from == 0 { JSONText.appendASCII(k == 0 ? "\n    " : ",\n    ", to: &out) }
                render(node: nodes.baseAddress! + i, position: i, mentions: from..<to, into: &out)
                k += 1
                if k - firstUndropped == 16 {
                    RecordBuffer<ProvenanceList.Record>.dropResidentPages(order[firstUndropped..<k].lazy.map { nodes[$0].mentions.records })
                    firstUndropped = k
                }
            }
            // A large build's provenance is read from its record file: the pages this chunk
            // read go, so the export never holds the file resident (see `RecordFile`). Over
            // the whole chunk's span, not only its last nodes': a read maps its neighbours'
            // pages too, and the span takes those the steps of 16 nodes left behind (one 1 GB
            // run dropping only the last nodes' ended its exports at 845 MB resident, not 750).
            let written = order[start.node..<min(k, order.count)]
            RecordBuffer<ProvenanceList.Record>.dropResidentPages(written.lazy.map { nodes[$0].mentions.records })
            // So do the chunk's edges (their runs lie in the records when `edgeOrder` is nil).
            let runs = written.lazy.map { outgoing[$0] }.filter { !$0.isEmpty }
            if edgeOrder == nil, let low = runs.map(\.lowerBound).min(), let high = runs.map(\.upperBound).max() {
                graph.edges.records.dropResidentPages(Int(low)..<Int(high))
            }
        }
        return out
    }

    // MARK: - One node

    /// Appends node `i` as one compact JSON object to `out`.
    func render(node i: Int, into out: inout [UInt8]) {
        graph.nodes.withUnsafeBufferPointer { nodes in
            render(node: nodes.baseAddress! + i, position: i, mentions: 0..<nodes[i].mentions.count, into: &out)
        }
    }

    /// Appends node `i`'s mentions `mentions` to `out`: from mention 0, the node's members
    /// before them; up to the last mention, the brackets that close the node. Members come in
    /// a fixed order: identity first, then scalars, then links, and the long provenance list
    /// last, so a line reads from its start and can be cut inside that list.
    ///
    /// The node is read in place through a pointer into `graph.nodes` (`n.pointee.label`):
    /// binding `graph.nodes[i]` to a constant copies the whole node, retaining and releasing
    /// every string and array it holds, which cost more than writing most of its members.
    private func render(node n: UnsafePointer<KnowledgeGraph.Node>, position i: Int, mentions range: Range<Int>,
                        into out: inout [UInt8]) {
        var json = JSONObjectWriter()
        swap(&json.out, &out)  // append to the caller's buffer in place, without copying it
        defer { swap(&json.out, &out) }
        let count = n.pointee.mentions.count
        if range.lowerBound == 0 { renderMembers(node: n, position: i, into: &json) }
        guard count > 0 else {
            json.endObject()
            return
        }
        if range.lowerBound == 0 {
            json.key("mention")
            json.out.append(UInt8(ascii: "["))
        }
        mentions(n.pointee.mentions, range, &json)
        if range.upperBound == count { JSONText.appendASCII("]}", to: &json.out) }
    }

    /// The node's opening brace and every member but its provenance list.
    private func renderMembers(node n: UnsafePointer<KnowledgeGraph.Node>, position i: Int, into json: inout JSONObjectWriter) {
        json.beginObject()
        json.key("@id"); json.raw(references[i])
        json.key("@type"); json.raw(Self.quotedTypeTerms[Self.typeIndex(n.pointee.type)])
        json.key("name"); json.string(n.pointee.label)
        if !n.pointee.aliases.isEmpty { json.key("alternateName"); json.strings(n.pointee.aliases) }
        if let w = n.pointee.wikidata, let iri = ExportText.wikidataIRI(w) { json.key("sameAs"); json.string(iri) }
        switch n.pointee.type {
        case .year:
            if let y = n.pointee.year { json.key("value"); json.int(y) }
        case .figure:
            if let f = n.pointee.figure {
                json.key("value"); json.number(f.value)
                if let m = f.maxValue { json.key("maxValue"); json.number(m) }
                json.key("unitText"); json.string(f.unit)
            }
            if !n.pointee.qualifiers.isEmpty { json.key("qualifier"); json.strings(n.pointee.qualifiers) }
            if !n.pointee.referenceYears.isEmpty {
                json.key("referenceYear")
                json.array(n.pointee.referenceYears) { json, y in json.int(y) }
            }
        case .document:
            if let count = n.pointee.blockCount { json.key("blockCount"); json.int(count) }
            if !n.pointee.footnoteLinks.isEmpty {
                json.key("footnoteLink")
                json.array(n.pointee.footnoteLinks) { json, l in
                    json.beginObject()
                    json.key("@type"); json.string("FootnoteLink")
                    json.key("paragraphBlock"); json.int(l.paragraphBlock)
                    json.key("footnoteBlock"); json.int(l.footnoteBlock)
                    json.key("footnoteNumber"); json.int(l.number)
                    json.endObject()
                }
            }
        default:
            break
        }
        json.key("mentionCount"); json.int(n.pointee.mentionCount)
        graph.edges.records.withUnsafeBufferPointer { records in
            func links(_ key: StaticString, _ relation: KnowledgeGraph.Relation) {
                let run = self.run(i, relation, records)
                guard !run.isEmpty else { return }
                json.key(key)
                json.array(run) { json, k in json.raw(references[Int(records[record(k)].target)]) }
            }
            links("mentions", .mentions)
            links("partyTo", .partyTo)
            links("refersToYear", .refersToYear)
            links("coOccursWith", .coOccurs)
            // party_to and refers_to_year, reified with their weight and evidence.
            let statements = self.run(i, .partyTo, records).lowerBound..<self.run(i, .refersToYear, records).upperBound
            if !statements.isEmpty {
                json.key("edge")
                json.array(statements) { json, k in statement(records.baseAddress! + record(k), &json) }
            }
        }
        if n.pointee.type == .figure, !n.pointee.sentences.isEmpty { json.key("sentence"); json.strings(n.pointee.sentences) }
    }

    /// Mentions `range` of the provenance list, each after a comma but the list's first.
    /// Mentions are read in place (see `render(node:position:mentions:into:)`), and a
    /// document's reference is looked up once per run of mentions in that document.
    private func mentions(_ list: ProvenanceList, _ range: Range<Int>, _ json: inout JSONObjectWriter) {
        list.records.withUnsafeBufferPointer { records in
            var lastDocument: (index: Int32, reference: [UInt8])?
            var surfaces = SurfaceCache()
            for k in range {
                if k > 0 { json.out.append(UInt8(ascii: ",")) }
                let r = records.baseAddress! + k
                if lastDocument?.index != r.pointee.document {
                    lastDocument = (r.pointee.document, documentReference(list.documents[Int(r.pointee.document)]))
                }
                mention(r, in: list, documentReference: lastDocument!.reference, surfaces: &surfaces, &json)
            }
        }
    }

    /// Each node type's `@type` term as a quoted JSON string, by `typeIndex`.
    private static let quotedTypeTerms: [[UInt8]] = KnowledgeGraph.NodeType.allCases.map {
        var quoted: [UInt8] = []
        JSONText.writeString(JSONLDWriter.typeTerm($0), into: &quoted)
        return quoted
    }

    private static func typeIndex(_ type: KnowledgeGraph.NodeType) -> Int {
        KnowledgeGraph.NodeType.allCases.firstIndex(of: type)!
    }

    /// Node `i`'s edges of `relation` (positions in `edgeOrder`'s order): a part of its run,
    /// found by binary search on the relations' ranks (a node may have thousands of
    /// `co_occurs` edges).
    private func run(_ i: Int, _ relation: KnowledgeGraph.Relation,
                     _ records: UnsafeBufferPointer<KnowledgeGraph.EdgeList.Record>) -> Range<Int> {
        let all = Int(outgoing[i].lowerBound)..<Int(outgoing[i].upperBound)
        func first(ranked r: UInt8) -> Int {
            var lo = all.lowerBound, hi = all.upperBound
            while lo < hi {
                let mid = (lo + hi) / 2
                if KnowledgeGraph.EdgeList.rank(records[record(mid)].relation) < r { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let rank = KnowledgeGraph.EdgeList.rank(relation)
        return first(ranked: rank)..<first(ranked: rank + 1)
    }

    private func documentReference(_ path: String) -> [UInt8] {
        if let d = documentPositions[path] { return references[d] }
        return Self.quotedReference(encodedId: ExportText.percentEncodedBytes("document/" + path))
    }

    /// A node's last few surfaces as written (quoted and escaped), by position in its texts:
    /// most of a node's mentions share a handful of surfaces, each read from the store and
    /// escaped once per mention before (a read of its own in a large build's file).
    private struct SurfaceCache {
        private var entries: [(position: Int32, json: [UInt8])] = []
        private var next = 0

        mutating func write(_ position: Int32, of texts: TextList, into json: inout JSONObjectWriter) {
            if let hit = entries.firstIndex(where: { $0.position == position }) {
                json.raw(entries[hit].json)
                return
            }
            let start = json.out.count
            json.text(texts, Int(position))
            let written = Array(json.out[start...])
            if entries.count < 8 {
                entries.append((position, written))
            } else {
                entries[next] = (position, written)
                next = (next + 1) % entries.count
            }
        }
    }

    private func mention(_ r: UnsafePointer<ProvenanceList.Record>, in list: ProvenanceList, documentReference: [UInt8],
                         surfaces: inout SurfaceCache, _ json: inout JSONObjectWriter) {
        json.beginObject()
        json.key("@type"); json.string("Mention")
        json.key("document"); json.raw(documentReference)
        json.key("block"); json.int(Int(r.pointee.block))
        json.key("kind"); json.string(r.pointee.blockKind.rawValue)
        json.key("start"); json.int(Int(r.pointee.start))
        json.key("end"); json.int(Int(r.pointee.end))
        json.key("surface"); surfaces.write(r.pointee.surface, of: list.texts, into: &json)
        // An empty sentence is stored as none (`ProvenanceList.Builder`), so -1 covers both.
        if r.pointee.sentence >= 0 { json.key("sentence"); json.text(list.texts, Int(r.pointee.sentence)) }
        if r.pointee.qualifier >= 0 { json.key("qualifier"); json.text(list.texts, Int(r.pointee.qualifier)) }
        json.endObject()
    }

    /// A statement edge; its target is a node (see `renderMembers`).
    private func statement(_ edge: UnsafePointer<KnowledgeGraph.EdgeList.Record>, _ json: inout JSONObjectWriter) {
        json.beginObject()
        json.key("@type"); json.string("Edge")
        json.key("relation"); json.string(edge.pointee.relation.rawValue)
        json.key("target"); json.raw(references[Int(edge.pointee.target)])
        json.key("weight"); json.number(edge.pointee.weight)
        json.key("directed"); json.bool(edge.pointee.directed)
        let evidence = graph.edges.evidence(of: edge.pointee)
        if !evidence.isEmpty { json.key("evidence"); json.strings(evidence) }
        json.endObject()
    }
}

/// Appends compact JSON to a byte buffer, placing commas itself: `key` before a member's
/// value, `beginObject`/`endObject` and `array` around nested values.
struct JSONObjectWriter {
    var out: [UInt8] = []
    /// Per open object or array, one bit, the innermost lowest: whether it already has a member
    /// (so the next needs a comma). A bit stack rather than `[Bool]`, whose uniqueness check on
    /// every member was a visible cost; nodes nest a few levels deep, far from 64.
    private var hasMember: UInt64 = 0
    private var depth = 0

    /// `k` is a plain ASCII name: written without escaping.
    mutating func key(_ k: StaticString) {
        item()
        out.append(UInt8(ascii: "\""))
        JSONText.appendASCII(k, to: &out)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// Before a member or a value inside an array.
    private mutating func item() {
        if hasMember & 1 != 0 { out.append(UInt8(ascii: ",")) }
        hasMember |= 1
    }

    private mutating func open() {
        precondition(depth < 64, "JSON nested deeper than the writer's 64 levels")
        depth += 1
        hasMember <<= 1
    }

    private mutating func close() {
        depth -= 1
        hasMember >>= 1
    }

    /// Opens an object: the root one, or one inside an array.
    mutating func beginObject() {
        out.append(UInt8(ascii: "{"))
        open()
    }

    mutating func endObject() {
        out.append(UInt8(ascii: "}"))
        close()
    }

    mutating func array<C: Collection>(_ items: C, _ element: (inout JSONObjectWriter, C.Element) -> Void) {
        out.append(UInt8(ascii: "["))
        open()
        for x in items {
            item()
            element(&self, x)
        }
        close()
        out.append(UInt8(ascii: "]"))
    }

    /// Strings read in place, by index: iterating the array would copy (retain) each one.
    mutating func strings(_ items: [String]) {
        items.withUnsafeBufferPointer { items in array(items.indices) { json, k in json.string(items[k]) } }
    }
    mutating func string(_ s: String) { JSONText.writeString(s, into: &out) }
    /// Texts read where they are kept, without making a `String` of each.
    mutating func strings(_ texts: TextList) {
        array(texts.indices) { json, k in json.text(texts, k) }
    }
    mutating func text(_ texts: TextList, _ k: Int) { texts.withBytes(k) { JSONText.writeString(bytes: $0, into: &out) } }
    mutating func raw(_ bytes: [UInt8]) { out.append(contentsOf: bytes) }
    mutating func int(_ v: Int) { ExportText.appendDecimal(v, to: &out) }
    mutating func number(_ v: Double) { ExportText.appendNumber(v, to: &out) }
    mutating func bool(_ v: Bool) { JSONText.appendASCII(v ? "true" : "false", to: &out) }
}
