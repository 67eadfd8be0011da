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

    /// What one document contributes, computed on its own (in parallel with the others) and
    /// merged in path order.
    private struct DocumentFacts {
        var node: KnowledgeGraph.Node
        /// (entity, provenance, figure) in the document's mention order.
        var mentions: [(entity: Int, provenance: KnowledgeGraph.Provenance, figure: FigureValue?, year: Int?)] = []
        /// Mentions per entity, in entity order.
        var perEntity: [(entity: Int, count: Int)] = []
        /// Entity pairs (smaller id first, packed as `source << 32 | target`) named together in
        /// a block, with the number of such blocks in this document.
        var coOccurring: [(pair: UInt64, blocks: Int)] = []
        var relations: [(key: EdgeKey, evidence: String, year: Int?)] = []
    }

    /// What is gathered for one entity across documents.
    private struct EntityFacts {
        var mentions: [KnowledgeGraph.Provenance] = []
        var figures: [FigureValue?] = []
        var year: Int?
        var referenceYears: Set<Int> = []
        /// Figure sentences as met, deduplicated when the node is made (on the worker threads).
        var sentences: [String] = []
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

    /// `threads` workers gather each document's facts; the merge and the result do not depend
    /// on their number.
    /// The fragments are consumed: their block texts and mentions are let go as soon as each
    /// document's facts are gathered, which is what bounds a large build's memory.
    public func build(_ fragments: consuming [DocumentFragment], resolution: Resolution, threads: Int = 1) -> KnowledgeGraph {
        var fragments = fragments.sorted { $0.path < $1.path }
        let entityIds = Self.uniqueIds(resolution.entities)
        let entityTypes = resolution.entities.map(\.type)
        // Ranks of entity ids, so pairs are ordered by integers rather than string compares.
        let entityRank: [Int] = {
            var rank = [Int](repeating: 0, count: entityIds.count)
            for (r, i) in entityIds.indices.sorted(by: { entityIds[$0] < entityIds[$1] }).enumerated() { rank[i] = r }
            return rank
        }()
        var perDocument = ConcurrentMap.map(fragments, threads: threads) { f in
            Self.facts(of: f, resolution: resolution, entityTypes: entityTypes, entityRank: entityRank)
        }
        let documentCount = fragments.count
        fragments = []

        var facts = [EntityFacts](repeating: EntityFacts(), count: resolution.entities.count)
        var edges: [EdgeKey: EdgeFacts] = [:]
        // Co-occurrence is most of the edges and carries only a weight: a packed integer key
        // hashes far faster than a struct with an enum.
        var coOccurrence: [UInt64: Int] = [:]
        var nodes: [KnowledgeGraph.Node] = []
        nodes.reserveCapacity(documentCount + entityIds.count)
        // Document → entity edges as (document position, entity, count).
        var documentEdges: [(document: Int, entity: Int, count: Int)] = []
        for (d, doc) in perDocument.enumerated() {
            for m in doc.mentions {
                facts[m.entity].mentions.append(m.provenance)
                facts[m.entity].figures.append(m.figure)
                if let y = m.year { facts[m.entity].year = min(facts[m.entity].year ?? y, y) }
                if !m.provenance.sentence.isEmpty { facts[m.entity].sentences.append(m.provenance.sentence) }
            }
            for (e, count) in doc.perEntity { documentEdges.append((d, e, count)) }
            for (pair, blocks) in doc.coOccurring { coOccurrence[pair, default: 0] += blocks }
            for r in doc.relations {
                edges[r.key, default: .init()].weight += 1
                edges[r.key]!.evidence.insert(r.evidence)
                if let y = r.year { facts[r.key.source].referenceYears.insert(y) }
            }
            nodes.append(doc.node)
        }
        perDocument = []

        let gatheredFacts = facts
        facts = []
        let entityNodes = ConcurrentMap.map(Array(resolution.entities.indices), threads: threads) { i -> KnowledgeGraph.Node in
            let e = resolution.entities[i]
            let gathered = gatheredFacts[i]
            // Documents come in path order and each document's mentions in reading order, so
            // the provenance is normally sorted already; sort only when it is not.
            var order = Array(gathered.mentions.indices)
            if !gathered.mentions.isSortedAscending {
                order.sort { gathered.mentions[$0] < gathered.mentions[$1] }
            }
            let mentions = order.elementsEqual(gathered.mentions.indices) ? gathered.mentions : order.map { gathered.mentions[$0] }
            // The first mention in reading order speaks for the figure; every mention of one
            // key carries the same normalised value, so the choice only settles ties.
            let figure = order.lazy.compactMap { gathered.figures[$0] }.first
            let qualifiers = Set(mentions.compactMap(\.qualifier)).sorted()
            // A year is labelled by its number; its surfaces (`2019 年`, `2019年`) are aliases.
            let label = e.type == .year ? gathered.year.map(String.init) ?? e.name : e.name
            return .init(id: entityIds[i], type: KnowledgeGraph.NodeType(rawValue: e.type.rawValue) ?? .organization,
                         label: label, aliases: Set(e.aliases + mentions.map(\.surface)).sorted(),
                         mentions: mentions, figure: figure.map { var f = $0; f.qualifier = qualifiers.first; return f },
                         qualifiers: qualifiers, year: gathered.year,
                         referenceYears: gathered.referenceYears.sorted(), sentences: Self.distinctSorted(gathered.sentences),
                         wikidata: e.wikidata)
        }
        nodes += entityNodes

        // Edges sorted by (source id, relation, target id) through integer ranks: documents and
        // entities share one id space, so rank every node id once.
        let documentIds = nodes.prefix(documentCount).map(\.id)
        let allIds = documentIds + entityIds
        var rank = [Int](repeating: 0, count: allIds.count)
        for (r, i) in allIds.indices.sorted(by: { allIds[$0] < allIds[$1] }).enumerated() { rank[i] = r }
        let entityOffset = documentIds.count
        // Sort positions by (source rank, relation, target rank) and gather once: sorting the
        // edges themselves would move large values around.
        var sourceRank: [Int32] = [], relationOf: [KnowledgeGraph.Relation] = [], targetRank: [Int32] = []
        var unsorted: [KnowledgeGraph.Edge] = []
        let edgeCount = documentEdges.count + edges.count + coOccurrence.count
        sourceRank.reserveCapacity(edgeCount); relationOf.reserveCapacity(edgeCount)
        targetRank.reserveCapacity(edgeCount); unsorted.reserveCapacity(edgeCount)
        for (d, e, count) in documentEdges {
            sourceRank.append(Int32(rank[d])); relationOf.append(.mentions); targetRank.append(Int32(rank[entityOffset + e]))
            unsorted.append(.init(source: documentIds[d], target: entityIds[e], relation: .mentions, weight: Double(count)))
        }
        for (pair, weight) in coOccurrence {
            let source = Int(pair >> 32), target = Int(pair & 0xFFFF_FFFF)
            sourceRank.append(Int32(rank[entityOffset + source])); relationOf.append(.coOccurs)
            targetRank.append(Int32(rank[entityOffset + target]))
            unsorted.append(.init(source: entityIds[source], target: entityIds[target], relation: .coOccurs,
                                  weight: Double(weight), directed: false))
        }
        for (key, value) in edges {
            sourceRank.append(Int32(rank[entityOffset + key.source])); relationOf.append(key.relation)
            targetRank.append(Int32(rank[entityOffset + key.target]))
            unsorted.append(.init(source: entityIds[key.source], target: entityIds[key.target], relation: key.relation,
                                  weight: Double(value.weight), directed: key.relation != .coOccurs,
                                  evidence: value.evidence.sorted()))
        }
        var edgeOrder = Array(0..<Int32(unsorted.count))
        edgeOrder.sort { a, b in
            let a = Int(a), b = Int(b)
            if sourceRank[a] != sourceRank[b] { return sourceRank[a] < sourceRank[b] }
            if relationOf[a] != relationOf[b] { return relationOf[a] < relationOf[b] }
            return targetRank[a] < targetRank[b]
        }
        var nodeOrder = Array(nodes.indices)
        nodeOrder.sort { rank[$0] < rank[$1] }
        return KnowledgeGraph(sortedNodes: nodeOrder.map { nodes[$0] }, sortedEdges: edgeOrder.map { unsorted[Int($0)] })
    }

    /// One document's share of the graph: its node, its mentions' provenance, the pairs it
    /// names together and the relations it states.
    private static func facts(of f: DocumentFragment, resolution: Resolution, entityTypes: [EntityType],
                              entityRank: [Int]) -> DocumentFacts {
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
        var out = DocumentFacts(node: .init(id: docId, type: .document, label: f.path))
        var perEntity: [Int: Int] = [:]
        var entitiesInBlock: [Int: Set<Int>] = [:]
        var mentionEntity = [Int?](repeating: nil, count: f.mentions.count)
        out.mentions.reserveCapacity(f.mentions.count)
        for (mi, m) in f.mentions.enumerated() {
            guard let e = resolution.entityIndex(forKey: m.key) else { continue }
            mentionEntity[mi] = e
            perEntity[e, default: 0] += 1
            // Sentences are kept for figures only, whose sentence is the fact; other mentions
            // point back through document, block and offsets (keeps the JSON-LD a few times
            // the input size rather than twenty).
            let sentence = m.type == .figure ? spans(m.blockIndex)?.sentenceText(around: m.start, end: m.end) ?? "" : ""
            let p = KnowledgeGraph.Provenance(document: f.path, block: m.blockIndex, start: m.start, end: m.end,
                                              blockKind: blockByIndex[m.blockIndex]?.kind ?? .paragraph,
                                              surface: m.surface, sentence: sentence, qualifier: m.figure?.qualifier)
            out.mentions.append((e, p, m.figure, m.type == .year ? m.year : nil))
            let type = entityTypes[e]
            if type != .year && type != .figure { entitiesInBlock[m.blockIndex, default: []].insert(e) }
        }
        out.perEntity = perEntity.map { ($0.key, $0.value) }.sorted { $0.entity < $1.entity }
        var pairs: [UInt64: Int] = [:]
        for (_, members) in entitiesInBlock where members.count > 1 {
            // Stored once per pair, from the smaller id to the larger.
            let sorted = members.sorted { entityRank[$0] < entityRank[$1] }
            for i in 0..<sorted.count { for j in (i + 1)..<sorted.count {
                pairs[UInt64(sorted[i]) << 32 | UInt64(sorted[j]), default: 0] += 1
            } }
        }
        out.coOccurring = pairs.map { ($0.key, $0.value) }
        for r in f.relations {
            guard r.from < mentionEntity.count, r.to < mentionEntity.count,
                  let a = mentionEntity[r.from], let b = mentionEntity[r.to], a != b else { continue }
            let relation: KnowledgeGraph.Relation = r.kind == .refersToYear ? .refersToYear : .partyTo
            out.relations.append((EdgeKey(relation: relation, source: a, target: b), r.evidence,
                                  relation == .refersToYear ? f.mentions[r.to].year : nil))
        }
        out.node.mentionCount = perEntity.values.reduce(0, +)
        out.node.footnoteLinks = footnoteLinks(f.blocks)
        out.node.blockCount = f.blocks.count
        return out
    }

    /// `Set(strings).sorted()`, with the duplicates found by bytes first: a figure's sentences
    /// repeat byte for byte, and byte hashing skips the Unicode normalisation `String` hashing
    /// does. Canonically equal variants left after that are dropped by the sorted pass (a stable
    /// sort keeps the first met, as `Set` would).
    static func distinctSorted(_ strings: [String]) -> [String] {
        if strings.count < 2 { return strings }
        var seen = Set<ExactKey>()
        var unique = strings.filter { seen.insert(ExactKey($0)).inserted }
        unique.sort()
        var out: [String] = []
        out.reserveCapacity(unique.count)
        for s in unique where out.last != s { out.append(s) }
        return out
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
