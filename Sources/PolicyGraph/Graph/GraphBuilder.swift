/// Builds the graph from every document's fragment and the build-wide resolution: one node
/// per document and per resolved entity, with provenance, and the four relations.
///
/// ```swift
/// let resolution = Resolver(lexicon: lexicon).resolve(fragments)
/// let graph = GraphBuilder().build(fragments, resolution: resolution)
/// print(graph.nodes.count, graph.edges(.partyTo).count)
/// ```
///
/// The result depends only on the set of fragments, never on their order: fragments are
/// taken by path, collections are sorted, and counts are sums.
public struct GraphBuilder: Sendable {
    public init() {}

    /// What is gathered for one entity while walking the fragments.
    private struct EntityFacts {
        var mentions: [KnowledgeGraph.Provenance] = []
        var figures: [KnowledgeGraph.Provenance: FigureValue] = [:]
        var year: Int?
        var referenceYears: Set<Int> = []
        var sentences: Set<String> = []
    }

    private struct EdgeKey: Hashable {
        var relation: KnowledgeGraph.Relation
        var source: Int
        var target: Int
    }

    private struct EdgeFacts {
        var weight = 0
        var evidence: Set<String> = []
    }

    public func build(_ fragments: [DocumentFragment], resolution: Resolution) -> KnowledgeGraph {
        let fragments = fragments.sorted { $0.path < $1.path }
        let entityIds = Self.uniqueIds(resolution.entities)
        var facts = [EntityFacts](repeating: EntityFacts(), count: resolution.entities.count)
        var nodes: [KnowledgeGraph.Node] = []
        // Entity-to-entity edges by entity index; document edges are kept apart.
        var edges: [EdgeKey: EdgeFacts] = [:]
        var documentEdges: [KnowledgeGraph.Edge] = []

        for f in fragments {
            let docId = "document/\(f.path)"
            var blockByIndex: [Int: Block] = [:]
            for b in f.blocks where blockByIndex[b.index] == nil { blockByIndex[b.index] = b }
            var spansCache: [Int: SentenceSpans] = [:]
            func spans(_ block: Int) -> SentenceSpans? {
                if let s = spansCache[block] { return s }
                guard let b = blockByIndex[block] else { return nil }
                let s = SentenceSpans(b.text)
                spansCache[block] = s
                return s
            }

            var perEntity: [Int: Int] = [:]
            var entitiesInBlock: [Int: Set<Int>] = [:]
            var mentionEntity = [Int?](repeating: nil, count: f.mentions.count)
            for (mi, m) in f.mentions.enumerated() {
                guard let e = resolution.entityIndexByKey[m.key] else { continue }
                mentionEntity[mi] = e
                perEntity[e, default: 0] += 1
                // Sentences are kept for figures only, whose sentence is the fact; other mentions
                // point back through document, block and offsets (keeps the JSON-LD a few times
                // the input size rather than twenty).
                let sentence = m.type == .figure ? spans(m.blockIndex)?.sentenceText(around: m.start, end: m.end) ?? "" : ""
                let p = KnowledgeGraph.Provenance(document: f.path, block: m.blockIndex, start: m.start, end: m.end,
                                                  blockKind: blockByIndex[m.blockIndex]?.kind ?? .paragraph,
                                                  surface: m.surface, sentence: sentence, qualifier: m.figure?.qualifier)
                facts[e].mentions.append(p)
                if let v = m.figure { facts[e].figures[p] = v }
                if m.type == .year, let y = m.year { facts[e].year = min(facts[e].year ?? y, y) }
                if m.type == .figure, !sentence.isEmpty { facts[e].sentences.insert(sentence) }
                let type = resolution.entities[e].type
                if type != .year && type != .figure { entitiesInBlock[m.blockIndex, default: []].insert(e) }
            }
            for (e, count) in perEntity {
                documentEdges.append(.init(source: docId, target: entityIds[e], relation: .mentions, weight: Double(count)))
            }
            for (_, members) in entitiesInBlock where members.count > 1 {
                // Stored once per pair, from the smaller id to the larger.
                let sorted = members.sorted { entityIds[$0] < entityIds[$1] }
                for i in 0..<sorted.count { for j in (i + 1)..<sorted.count {
                    edges[EdgeKey(relation: .coOccurs, source: sorted[i], target: sorted[j]), default: .init()].weight += 1
                } }
            }
            for r in f.relations {
                guard r.from < mentionEntity.count, r.to < mentionEntity.count,
                      let a = mentionEntity[r.from], let b = mentionEntity[r.to], a != b else { continue }
                let relation: KnowledgeGraph.Relation = r.kind == .refersToYear ? .refersToYear : .partyTo
                let key = EdgeKey(relation: relation, source: a, target: b)
                edges[key, default: .init()].weight += 1
                edges[key]!.evidence.insert(r.evidence)
                if relation == .refersToYear, let y = f.mentions[r.to].year { facts[a].referenceYears.insert(y) }
            }
            nodes.append(.init(id: docId, type: .document, label: f.path, mentionCount: perEntity.values.reduce(0, +),
                               footnoteLinks: Self.footnoteLinks(f.blocks), blockCount: f.blocks.count))
        }

        for (i, e) in resolution.entities.enumerated() {
            let mentions = facts[i].mentions.sorted()
            // The first mention in reading order speaks for the figure; every mention of one
            // key carries the same normalised value, so the choice only settles ties.
            let figure = mentions.lazy.compactMap { facts[i].figures[$0] }.first
            let qualifiers = Set(mentions.compactMap(\.qualifier)).sorted()
            // A year is labelled by its number; its surfaces (`2019 年`, `2019年`) are aliases.
            let label = e.type == .year ? facts[i].year.map(String.init) ?? e.name : e.name
            nodes.append(.init(id: entityIds[i], type: KnowledgeGraph.NodeType(rawValue: e.type.rawValue) ?? .organization,
                               label: label, aliases: Set(e.aliases + mentions.map(\.surface)).sorted(),
                               mentions: mentions, figure: figure.map { var f = $0; f.qualifier = qualifiers.first; return f },
                               qualifiers: qualifiers, year: facts[i].year,
                               referenceYears: facts[i].referenceYears.sorted(), sentences: facts[i].sentences.sorted(),
                               wikidata: e.wikidata))
        }
        var allEdges = documentEdges
        for (key, value) in edges {
            allEdges.append(.init(source: entityIds[key.source], target: entityIds[key.target], relation: key.relation,
                                  weight: Double(value.weight), directed: key.relation != .coOccurs,
                                  evidence: value.evidence.sorted()))
        }
        return KnowledgeGraph(nodes: nodes, edges: allEdges)
    }

    /// Entity ids, made unique should two entities slug to the same id: the later ones (by
    /// their sorted keys) get `~2`, `~3`, so the outcome does not depend on input order.
    static func uniqueIds(_ entities: [ResolvedEntity]) -> [String] {
        var ids = entities.map(\.id)
        var byId: [String: [Int]] = [:]
        for (i, id) in ids.enumerated() { byId[id, default: []].append(i) }
        for (id, members) in byId where members.count > 1 {
            let ordered = members.sorted { entities[$0].keys.lexicographicallyPrecedes(entities[$1].keys) }
            for (n, i) in ordered.enumerated() where n > 0 { ids[i] = "\(id)~\(n + 1)" }
        }
        return ids
    }

    /// Each paragraph's footnote references joined to footnote blocks by number: the first
    /// footnote block with that number after the paragraph, else the nearest one before it
    /// (numbering may restart by page or chapter).
    static func footnoteLinks(_ blocks: [Block]) -> [KnowledgeGraph.FootnoteLink] {
        var footnotesByNumber: [Int: [Int]] = [:]
        for b in blocks.sorted(by: { $0.index < $1.index }) where b.kind == .footnote {
            if let n = b.footnoteNumber { footnotesByNumber[n, default: []].append(b.index) }
        }
        var links: Set<KnowledgeGraph.FootnoteLink> = []
        for b in blocks where !b.footnoteRefs.isEmpty && b.kind != .footnote {
            for n in b.footnoteRefs {
                guard let candidates = footnotesByNumber[n] else { continue }
                let target = candidates.first { $0 > b.index } ?? candidates.last { $0 < b.index }
                if let target { links.insert(.init(paragraphBlock: b.index, footnoteBlock: target, number: n)) }
            }
        }
        return links.sorted()
    }
}
