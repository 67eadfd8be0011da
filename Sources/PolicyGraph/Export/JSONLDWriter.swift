import Foundation

/// Writes the graph as JSON-LD per `FORMATS.md`: one object with an inline `@context` and a
/// `@graph` array of nodes sorted by `@id`, schema.org terms where they exist and the
/// project's vocabulary (`https://policygraph.dev/ns#`, prefix `pg`) for the rest.
///
/// ```swift
/// let data = try JSONLDWriter().render(graph)
/// // {"@context": {...}, "@graph": [{"@id": "https://policygraph.dev/id/year/2019",
/// //                                 "@type": "pg:Year", "schema:value": 2019, ...}]}
/// ```
///
/// Each edge of the graph is written once, as a `pg:edge` node nested in its source
/// (`pg:relation`, `pg:target`, `pg:weight`, `pg:evidence`), and also as a plain link for
/// easy querying: `schema:mentions` (document → entity), `pg:coOccursWith` (both ways),
/// `pg:partyTo`, `pg:refersToYear`. See `docs/graph-model.md`.
public struct JSONLDWriter: GraphWriter {
    public var fileName: String { "graph.jsonld" }
    public init() {}

    /// The inline context: prefixes only, so every property is written as a compact IRI and
    /// expands the same in every reader, with no network.
    static let context: JSONText = .object([
        "schema": .string("https://schema.org/"),
        "pg": .string(ExportText.vocabulary),
        "pgid": .string(ExportText.idBase),
        "xsd": .string("http://www.w3.org/2001/XMLSchema#"),
    ])

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

    public func render(_ graph: KnowledgeGraph) throws -> Data {
        var outgoing: [String: [KnowledgeGraph.Edge]] = [:]
        var coOccurring: [String: Set<String>] = [:]
        for e in graph.edges {
            outgoing[e.source, default: []].append(e)
            if e.relation == .coOccurs {
                coOccurring[e.source, default: []].insert(e.target)
                coOccurring[e.target, default: []].insert(e.source)
            }
        }
        // Sorted by the IRI each node is written under (percent-encoding changes the order).
        let nodes = graph.nodes.map { (ExportText.iri(forNodeId: $0.id), $0) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { node(for: $0.1, outgoing: outgoing[$0.1.id] ?? [], coOccurring: coOccurring[$0.1.id] ?? []) }
        let root: JSONText = .object(["@context": Self.context, "@graph": .array(nodes)])
        // Root members and @graph nodes one a line; each node compact (see JSONText).
        return Data(root.renderedBytes(prettyDepth: 2))
    }

    private func link(_ id: String) -> JSONText { .object(["@id": .string(ExportText.iri(forNodeId: id))]) }

    private func node(for n: KnowledgeGraph.Node, outgoing: [KnowledgeGraph.Edge], coOccurring: Set<String>) -> JSONText {
        var o: [String: JSONText] = [
            "@id": .string(ExportText.iri(forNodeId: n.id)),
            "@type": .string(Self.typeName(n.type)),
            "schema:name": .string(n.label),
            "pg:mentionCount": .int(n.mentionCount),
        ]
        if !n.aliases.isEmpty { o["schema:alternateName"] = .array(n.aliases.map(JSONText.string)) }
        if let w = n.wikidata, let iri = ExportText.wikidataIRI(w) { o["schema:sameAs"] = .object(["@id": .string(iri)]) }
        if !n.mentions.isEmpty { o["pg:mention"] = .array(n.mentions.map(mention)) }
        switch n.type {
        case .document:
            let mentioned = outgoing.filter { $0.relation == .mentions }.map(\.target).sorted()
            if !mentioned.isEmpty { o["schema:mentions"] = .array(mentioned.map(link)) }
            if let count = n.blockCount { o["pg:blockCount"] = .int(count) }
            if !n.footnoteLinks.isEmpty {
                o["pg:footnoteLink"] = .array(n.footnoteLinks.map { l in
                    .object(["@type": .string("pg:FootnoteLink"), "pg:paragraphBlock": .int(l.paragraphBlock),
                             "pg:footnoteBlock": .int(l.footnoteBlock), "pg:footnoteNumber": .int(l.number)])
                })
            }
        case .year:
            if let y = n.year { o["schema:value"] = .int(y) }
        case .figure:
            if let f = n.figure {
                o["schema:value"] = .double(f.value)
                if let m = f.maxValue { o["schema:maxValue"] = .double(m) }
                o["schema:unitText"] = .string(f.unit)
            }
            if !n.qualifiers.isEmpty { o["pg:qualifier"] = .array(n.qualifiers.map(JSONText.string)) }
            if !n.sentences.isEmpty { o["pg:sentence"] = .array(n.sentences.map(JSONText.string)) }
            if !n.referenceYears.isEmpty { o["pg:referenceYear"] = .array(n.referenceYears.map(JSONText.int)) }
        default:
            break
        }
        if !coOccurring.isEmpty { o["pg:coOccursWith"] = .array(coOccurring.sorted().map(link)) }
        let partyTo = outgoing.filter { $0.relation == .partyTo }.map(\.target).sorted()
        if !partyTo.isEmpty { o["pg:partyTo"] = .array(partyTo.map(link)) }
        let years = outgoing.filter { $0.relation == .refersToYear }.map(\.target).sorted()
        if !years.isEmpty { o["pg:refersToYear"] = .array(years.map(link)) }
        if !outgoing.isEmpty { o["pg:edge"] = .array(outgoing.sorted { $0.id < $1.id }.map(edge)) }
        return .object(o)
    }

    private func mention(_ p: KnowledgeGraph.Provenance) -> JSONText {
        var o: [String: JSONText] = [
            "@type": .string("pg:Mention"),
            "pg:document": link("document/\(p.document)"),
            "pg:blockIndex": .int(p.block),
            "pg:start": .int(p.start),
            "pg:end": .int(p.end),
            "pg:blockKind": .string(p.blockKind.rawValue),
            "pg:surface": .string(p.surface),
        ]
        if !p.sentence.isEmpty { o["pg:sentence"] = .string(p.sentence) }
        if let q = p.qualifier { o["pg:qualifier"] = .string(q) }
        return .object(o)
    }

    private func edge(_ e: KnowledgeGraph.Edge) -> JSONText {
        var o: [String: JSONText] = [
            "@type": .string("pg:Edge"),
            "pg:relation": .string(e.relation.rawValue),
            "pg:target": link(e.target),
            "pg:weight": .double(e.weight),
            "pg:directed": .bool(e.directed),
        ]
        if !e.evidence.isEmpty { o["pg:evidence"] = .array(e.evidence.map(JSONText.string)) }
        return .object(o)
    }
}
