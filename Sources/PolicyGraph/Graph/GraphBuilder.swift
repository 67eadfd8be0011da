import Foundation
import Logging

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
    /// Where a large build keeps its provenance and edge records in temporary files (`RecordFile`)
    /// rather than in memory; nil keeps them in memory. The graph is the same either way.
    public var recordFolder: URL?
    /// Told when the record file cannot be made (the build then keeps the records in memory).
    public var logger: Logger?
    /// Edges sorted in one piece (48 MB of records); a build with more in a file sorts them
    /// in parts this size (`RecordBuffer.sortInParts`).
    var edgesSortedAtOnce = 1 << 21

    public init(recordFolder: URL? = nil, logger: Logger? = nil) {
        self.recordFolder = recordFolder
        self.logger = logger
    }

    /// What one document contributes, computed on its own (in parallel with the others) and
    /// merged in path order.
    private struct DocumentFacts: Sendable {
        var node: KnowledgeGraph.Node
        /// The entity of each resolved mention, in the document's mention order: scanned on
        /// its own when entities are gathered, so a mention is copied only by the worker that
        /// builds its entity.
        var mentionEntities: [Int32] = []
        /// Provenance of those mentions, in the same order.
        var provenances: [KnowledgeGraph.Provenance] = []
        /// The figures and years among those mentions, by position in `provenances`, ascending:
        /// kept apart because most mentions have neither, and a slot per mention for every
        /// mention of a large build is a few hundred megabytes.
        var figures: [(position: Int32, value: FigureValue)] = []
        var years: [(position: Int32, value: Int)] = []
        /// Mentions per entity, in entity order.
        /// 8 bytes an entry: every document's are kept to the end of the build, where the
        /// `mentions` edges are drafted from them (at 1 GB of text, 143 MB as two `Int`s), as
        /// bytes in a store (`stashed`) once the document's batch is done.
        var perEntity: [(entity: Int32, count: Int32)] = []
        /// Where `keepOnlyWhatEdgesNeed` put `perEntity`.
        var stashed: TextStore.Ref?
        /// Entity pairs (smaller id first, packed as `source << 32 | target`) named together in
        /// a block, with the number of such blocks in this document; sorted by pair.
        var coOccurring: [(pair: UInt64, blocks: Int)] = []
        var relations: [(key: EdgeKey, evidence: String, year: Int?)] = []

        /// Lets go of what the entity ranges took over (provenance, figures, years, relations,
        /// co-occurring pairs), keeping the node, and puts the counts the `mentions` edges are
        /// made from into `store`.
        mutating func keepOnlyWhatEdgesNeed(stashingCountsIn store: TextStore) {
            stashed = perEntity.withUnsafeBytes { store.append(bytes: $0.assumingMemoryBound(to: UInt8.self)) }
            perEntity = []
            mentionEntities = []
            provenances = []
            figures = []
            years = []
            coOccurring = []
            relations = []
        }
    }

    /// What is gathered for one entity across documents.
    private struct EntityFacts {
        var mentions: ProvenanceList.Builder
        /// The figure of the first figure mention in provenance order (position in `mentions`
        /// and value): the one that speaks for the node. Kept as mentions come rather than a
        /// figure per mention, which at 1 GB of text was hundreds of megabytes.
        /// Boxed, so that the many entities with no figure pay 8 bytes for it rather than 72
        /// (never changed in place: a new first figure is a new box).
        var figure: FirstFigure?
        var year: Int?
        var referenceYears: Set<Int> = []
        /// Whether `mentions` is known to be in provenance order, checked on integers while
        /// gathering (document position, block, start, end); a tie on all of them leaves the
        /// question to the full comparison.
        var knownInOrder: Bool
        /// In 32 bits each, as the records keep them: a value past that range is clamped, and
        /// two clamped values that tie only make the check give up, never pass wrongly.
        var lastPosition: (document: Int32, block: Int32, start: Int32, end: Int32)?
        /// Each relation stated from this entity (party_to, refers_to_year), as met; grouped
        /// into edges when the node is made (`relationEdges`).
        var relations: [RelationMention] = []

        /// `documents`: the paths of the documents by position, as `add` names them; `store`:
        /// where the sentences and evidence go.
        init(documents: [String], store: TextStore?, knownInOrder: Bool) {
            mentions = .init(documents: documents, store: store)
            self.knownInOrder = knownInOrder
        }

        /// `staging`: where the records of a list in a `RecordFile` are written (nil for lists
        /// in memory).
        mutating func add(_ p: KnowledgeGraph.Provenance, figure: FigureValue?, year: Int?, document: Int,
                          staging: inout RecordStaging<ProvenanceList.Record>?) {
            let position = (document: Int32(clamping: document), block: Int32(clamping: p.block),
                            start: Int32(clamping: p.start), end: Int32(clamping: p.end))
            // Documents come in path order and each document's mentions in reading order, so
            // the provenance is normally sorted already; note when integers cannot tell.
            if knownInOrder, let last = lastPosition, !(last < position) { knownInOrder = false }
            lastPosition = position
            if let figure {
                // While the mentions come in order, the first figure is the first in order; once
                // they do not, a later one that sorts before it takes its place (on a tie the
                // earlier position stays, as a sort of the positions would keep it).
                if let first = self.figure {
                    if !knownInOrder {
                        staging?.flush()  // the first figure's record may not be written yet
                        if p < mentions.list[first.position] { self.figure = FirstFigure(position: mentions.count, value: figure) }
                    }
                } else {
                    self.figure = FirstFigure(position: mentions.count, value: figure)
                }
            }
            if staging != nil {
                mentions.append(p, document: Int32(document), staging: &staging!)
            } else {
                mentions.append(p, document: Int32(document))
            }
            if let year { self.year = min(self.year ?? year, year) }
        }
    }

    /// An entity's first figure: its position in the entity's mentions and its value.
    private final class FirstFigure: Sendable {
        let position: Int
        let value: FigureValue

        init(position: Int, value: FigureValue) {
            self.position = position
            self.value = value
        }
    }

    /// Reads a list of `(position, value)` sorted by position at ascending positions, each
    /// position asked at most once: a walk rather than a lookup per mention.
    private struct SparseCursor<Value> {
        let entries: [(position: Int32, value: Value)]
        var next = 0

        init(_ entries: [(position: Int32, value: Value)]) { self.entries = entries }

        mutating func value(at position: Int) -> Value? {
            while next < entries.count && Int(entries[next].position) < position { next += 1 }
            guard next < entries.count && Int(entries[next].position) == position else { return nil }
            return entries[next].value
        }
    }

    /// A second entity named in a block with a first one (position in the entities), and the
    /// number of such blocks: 8 bytes, where a build of 1 GB sums about 14 million pairs. A
    /// count past `UInt32.max` blocks traps rather than wraps.
    private struct CoOccurrence: Sendable {
        var second: UInt32
        var blocks: UInt32
    }

    private struct EdgeKey: Hashable, Sendable {
        var relation: KnowledgeGraph.Relation
        var source: Int
        var target: Int
    }

    /// One statement of a relation from an entity: 8 bytes. Kept as a flat list per entity
    /// rather than a table of edges each with a list of its sentences, which at 1 GB of text
    /// took about 150 MB in tables and lists of a few entries.
    private struct RelationMention {
        /// The entity the relation points to (position in the entities) and, in the lowest
        /// bit, the relation: set for `refers_to_year`, clear for `party_to`.
        private var targetAndRelation: UInt32
        /// The sentence, by position in the source entity's texts (`ProvenanceList.texts`).
        var evidence: Int32

        init(target: Int, evidence: Int32, relation: KnowledgeGraph.Relation) {
            precondition(relation == .partyTo || relation == .refersToYear, "only party_to and refers_to_year are stated")
            targetAndRelation = UInt32(target) << 1 | (relation == .refersToYear ? 1 : 0)
            self.evidence = evidence
        }

        var target: Int { Int(targetAndRelation >> 1) }
        var relation: KnowledgeGraph.Relation { targetAndRelation & 1 == 1 ? .refersToYear : .partyTo }
        /// Equal for statements of one edge.
        var edge: UInt32 { targetAndRelation }
    }

    /// `threads` workers gather each document's facts, then build the entities and sum the
    /// co-occurrences in ranges of entities; the result does not depend on their number.
    public func build(_ fragments: [DocumentFragment], resolution: Resolution, threads: Int = 1) -> KnowledgeGraph {
        build(FragmentSource(fragments), resolution: resolution, threads: threads)
    }

    /// `build`, reading each fragment once: a worker holds one fragment at a time and keeps
    /// only its facts, which is what bounds a large build's memory.
    ///
    /// A resolution handed over for good (`build(source, resolution: resolver.resolve(source))`)
    /// has its key tables let go before the first document is gathered: the builder finds
    /// each mention's entity in a compact copy of them (`KeyLookup`, `RecordedKeys`).
    public func build(_ fragments: FragmentSource, resolution: consuming Resolution, threads: Int = 1) -> KnowledgeGraph {
        var clock = StageClock(logger: logger)
        // Fragments in path order, by position (a tie keeps the earlier position first).
        let paths = fragments.paths
        let byPath = paths.isSortedAscending
            ? Array(paths.indices) : paths.indices.sorted { paths[$0] != paths[$1] ? paths[$0] < paths[$1] : $0 < $1 }
        // Entities in id order: pairs are ordered, and nodes and edges ranked, by integers
        // rather than by string compares.
        let (entityIds, entityOrder) = Self.uniqueIdsInOrder(resolution.entities)
        // Each entity's resolution keys served to order entities of one id; the resolution's
        // own key list goes before the gathering, so these were all that kept every key's
        // string alive (tens of megabytes at 1 GB of text) to the end of the build.
        for e in resolution.entities.indices { resolution.entities[e].keys = [] }
        let entityTypes = resolution.entities.map(\.type)
        let entityRank: [Int] = {
            var rank = [Int](repeating: 0, count: entityIds.count)
            for (r, i) in entityOrder.enumerated() { rank[i] = r }
            return rank
        }()
        let documentPaths = byPath.map { paths[$0] }
        let documentIds = documentPaths.map { "document/\($0)" }
        let pathsDistinct = zip(documentPaths.dropFirst(), documentPaths).allSatisfy { $0 != $1 }
        // Documents go in batches: a batch's facts are gathered on all workers, then added to
        // the entities range by range, and their provenance let go before the next batch is
        // read. So the build holds one batch of fragments and facts, never all of them.
        let records = recordRoom(totals: resolution.mentionTotals)
        // The sentences and evidence, beside the records when they go to files.
        func store() -> TextStore { TextStore(folder: recordFolder) { [logger] in logger?.warning("\($0)") } }
        let texts = store()
        // The documents' mention counts, from their batch to the drafting of the edges.
        let counts = store()
        var entityRanges = ConcurrentMap.ranges(count: entityIds.count, threads: threads).map {
            EntityRange(range: $0, documents: documentPaths, knownInOrder: pathsDistinct, totals: resolution.mentionTotals,
                        records: records, texts: texts)
        }
        var perDocument: [DocumentFacts] = []
        perDocument.reserveCapacity(byPath.count)
        // The key look-ups live in this scope only: held to the end of the build (as a local
        // of it would be), they sat beside the nodes being made.
        do {
            let recordedKeys = RecordedKeys(moving: &resolution.mentionKeys, store: store())
            // Written through the store's mapping, every document's keys would stay resident
            // until the first batch's end (about 100 MB at 1 GB of text, at the build's peak).
            recordedKeys.store.dropResidentPages()
            let lookup = KeyLookup(keys: resolution.keys, entityOfKey: resolution.entityOfKey)
            resolution.releaseKeyTables()
            MemoryTrim.release()
            // Half the usual batch: a batch's fragments and facts in flight made the peak of a
            // 1 GB build once the nodes no longer did.
            for batch in ConcurrentMap.batches(count: byPath.count, threads: threads, perThread: 128) {
                do {
                    var facts = ConcurrentMap.map(Array(batch), threads: threads) { d in
                        defer { fragments.release(byPath[d]) }
                        let fragment = fragments.fragment(byPath[d])
                        return Self.facts(of: fragment, keys: lookup, recordedKeys: recordedKeys.keys(of: fragment),
                                          entityTypes: entityTypes, entityRank: entityRank, entityOrder: entityOrder)
                    }
                    do {
                        let added = facts  // gone at the block's end, so `facts` is changed in place below
                        ConcurrentMap.update(&entityRanges, threads: threads) { $0.add(added, firstDocument: batch.lowerBound) }
                    }
                    // On the workers: freeing a batch's provenance, one small allocation after
                    // another, kept one core busy and the other idle for a fifth of the stage.
                    ConcurrentMap.update(&facts, threads: threads) { $0.keepOnlyWhatEdgesNeed(stashingCountsIn: counts) }
                    perDocument += facts
                }
                // The batch's fragments and facts are gone; without this the heap would keep
                // their pages while the entities' provenance grows beside them.
                MemoryTrim.release()
                records?.file.dropResidentPages()
                texts.dropResidentPages()
                counts.dropResidentPages()
                recordedKeys.store.dropResidentPages()
            }
        }
        clock.lap("graph: gathering")
        var made = Self.entityNodes(&entityRanges, resolution: resolution, entityIds: entityIds, texts: texts, threads: threads)
        // Every entity is a node now: what the resolution said of them goes.
        resolution.entities = []
        var coOccurring = entityRanges.map { (first: $0.range.lowerBound, sums: $0.coOccurring) }
        entityRanges = []
        MemoryTrim.release()
        clock.lap("graph: entity nodes")
        let nodeRank = Self.nodeRanks(documentIds: documentIds, entityIds: entityIds, entityOrder: entityOrder)
        let drafts = edgeDrafts(&perDocument, counts: counts, texts: texts, made: &made, coOccurring: &coOccurring, nodeRank: nodeRank)
        MemoryTrim.release()

        clock.lap("graph: edge drafts")
        // Each node straight to its place: `nodeRank` orders documents and entities as one
        // permutation, so every slot is written once (a list of optionals, then unwrapped into
        // a second one, held the nodes three times over at the end of a large build).
        let documentCount = documentIds.count
        // Each range's list goes once its nodes are placed: held to the end, the lists took a
        // second 100 MB (at 1 GB of text) through the exports.
        let sortedNodes = [KnowledgeGraph.Node](unsafeUninitializedCapacity: nodeRank.count) { buffer, initialized in
            for (d, doc) in perDocument.enumerated() { (buffer.baseAddress! + nodeRank[d]).initialize(to: doc.node) }
            for k in made.indices {
                for (i, node) in made[k].nodes.enumerated() {
                    (buffer.baseAddress! + nodeRank[documentCount + made[k].range.lowerBound + i]).initialize(to: node)
                }
                made[k].nodes = []
            }
            initialized = nodeRank.count
        }
        made = []
        perDocument = []
        let edges = KnowledgeGraph.EdgeList(nodeIds: sortedNodes.map(\.id), records: drafts.edges, evidenceLists: drafts.evidence)
        texts.dropResidentPages()
        return KnowledgeGraph(sortedNodes: sortedNodes, edges: edges, texts: texts)
    }

    // MARK: - Entities

    /// Room for every entity's provenance records in a `RecordFile`, entity after entity at
    /// its final size (`totals`, by entity position), or nil to keep them in memory: when no
    /// folder was given, nothing is to be recorded, or the file cannot be made.
    private func recordRoom(totals: [Int]) -> RecordRoom? {
        guard recordFolder != nil, !totals.isEmpty else { return nil }
        var starts = [Int](repeating: 0, count: totals.count + 1)
        for (e, total) in totals.enumerated() { starts[e + 1] = starts[e] + total }
        return recordFile(bytes: starts[totals.count] * MemoryLayout<ProvenanceList.Record>.stride).map {
            RecordRoom(file: $0, starts: starts)
        }
    }

    /// A `RecordFile` of `bytes` in `recordFolder`, or nil when no folder was given, nothing is
    /// to be recorded, or the file cannot be made (the build then goes on in memory).
    private func recordFile(bytes: Int) -> RecordFile? {
        guard let recordFolder, bytes > 0 else { return nil }
        do {
            return try RecordFile(in: recordFolder, byteCount: bytes)
        } catch {
            logger?.warning("\(error.description); the records stay in memory")
            return nil
        }
    }

    /// An empty buffer for `count` records: in a `RecordFile` of its own when the build keeps
    /// its records in files, else an array.
    private func recordBuffer<Element>(of: Element.Type, count: Int) -> RecordBuffer<Element> {
        guard let file = recordFile(bytes: count * MemoryLayout<Element>.stride) else { return RecordBuffer() }
        return RecordBuffer(file: file, start: file.base.bindMemory(to: Element.self, capacity: count))
    }

    /// Every entity's room in the record file: entity `e`'s records are
    /// `starts[e]..<starts[e + 1]`.
    private struct RecordRoom: Sendable {
        let file: RecordFile
        let starts: [Int]

        func start(of entity: Int) -> UnsafeMutablePointer<ProvenanceList.Record> {
            file.base.assumingMemoryBound(to: ProvenanceList.Record.self) + starts[entity]
        }

        /// Takes the records of the entities `range` out of resident memory.
        func dropResidentPages(_ range: Range<Int>) {
            let stride = MemoryLayout<ProvenanceList.Record>.stride
            file.dropResidentPages(from: start(of: range.lowerBound), bytes: (starts[range.upperBound] - starts[range.lowerBound]) * stride)
        }
    }

    /// The entities of one range, gathering their mentions from every document in path order,
    /// batch after batch; each range is gathered by one worker at a time, so no mention is
    /// copied twice and the result does not depend on how the ranges are cut.
    private struct EntityRange: Sendable {
        let range: Range<Int>
        var facts: [EntityFacts]
        /// The co-occurring pairs whose first entity is in `range`, summed over the documents so
        /// far: by first entity (position in `range`), the second entities and their sums,
        /// sorted. Summed batch by batch, so no document's pairs outlive its batch (kept per
        /// document until the end, they made the peak of a 1 GB build). Kept per entity, each
        /// batch's merge copies one entity's few pairs at a time: one list for the range, merged
        /// into a new list beside it, was held twice over at each batch's end, and 16 bytes a pair.
        var coOccurring: [[CoOccurrence]]
        /// The record file the provenance is written into, if any.
        let records: RecordRoom?
        /// The batch's records bound for `records`, written in file order at the batch's end.
        var staging: RecordStaging<ProvenanceList.Record>?
        /// Where the sentences and evidence go (shared by the ranges).
        let texts: TextStore

        init(range: Range<Int>, documents: [String], knownInOrder: Bool, totals: [Int], records: RecordRoom?, texts: TextStore) {
            self.range = range
            self.texts = texts
            coOccurring = Array(repeating: [], count: range.count)
            self.records = range.upperBound <= totals.count ? records : nil
            staging = self.records.map { RecordStaging(file: $0.file) }
            facts = [EntityFacts](repeating: EntityFacts(documents: documents, store: texts, knownInOrder: knownInOrder),
                                  count: range.count)
            // Each entity's provenance list at its final size at once: grown by doubling, the
            // lists of a large build would carry a third more memory than they use.
            if range.upperBound <= totals.count {
                for e in facts.indices {
                    let entity = range.lowerBound + e
                    if let records {
                        facts[e].mentions = .init(documents: documents, store: texts, file: records.file,
                                                  start: records.start(of: entity), capacity: totals[entity])
                    } else {
                        facts[e].mentions.reserveCapacity(totals[entity])
                    }
                }
            }
        }

        /// Adds what `documents` (the documents from position `firstDocument` on) say of these entities.
        mutating func add(_ documents: [DocumentFacts], firstDocument: Int) {
            for (k, doc) in documents.enumerated() {
                // The texts' pages written go every few documents (the records are not written
                // through the mapping: see `staging`).
                if k % 16 == 15 { texts.dropResidentPages() }
                var figures = SparseCursor(doc.figures), years = SparseCursor(doc.years)
                doc.mentionEntities.withUnsafeBufferPointer { entities in
                    for i in entities.indices where range.contains(Int(entities[i])) {
                        facts[Int(entities[i]) - range.lowerBound].add(doc.provenances[i], figure: figures.value(at: i),
                                                                       year: years.value(at: i), document: firstDocument + k,
                                                                       staging: &staging)
                    }
                }
                for r in doc.relations where range.contains(r.key.source) {
                    let e = r.key.source - range.lowerBound
                    if let y = r.year { facts[e].referenceYears.insert(y) }
                    let evidence = facts[e].mentions.intern(text: r.evidence)
                    facts[e].relations.append(RelationMention(target: r.key.target, evidence: evidence, relation: r.key.relation))
                }
            }
            staging?.flush()
            addCoOccurring(documents)
        }

        /// Sums the batch's pairs from this range into `coOccurring`. Every document's pairs
        /// are sorted, so its share is one slice, found by two binary searches.
        private mutating func addCoOccurring(_ documents: [DocumentFacts]) {
            let low = UInt64(range.lowerBound) << 32, high = UInt64(range.upperBound) << 32
            func firstIndex(_ list: [(pair: UInt64, blocks: Int)], notBelow bound: UInt64) -> Int {
                var lo = 0, hi = list.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if list[mid].pair < bound { lo = mid + 1 } else { hi = mid }
                }
                return lo
            }
            let slices = documents.map { firstIndex($0.coOccurring, notBelow: low)..<firstIndex($0.coOccurring, notBelow: high) }
            let count = slices.reduce(0) { $0 + $1.count }
            guard count > 0 else { return }
            var batch: [(pair: UInt64, blocks: Int)] = []
            batch.reserveCapacity(count)
            for (doc, slice) in zip(documents, slices) { batch += doc.coOccurring[slice] }
            batch.sort { $0.pair < $1.pair }
            // Each first entity's run of the batch merged with its sums so far, equal second
            // entities summed (within the batch too).
            var start = 0
            var merged: [CoOccurrence] = []
            while start < batch.count {
                let first = Int(batch[start].pair >> 32)
                var end = start
                while end < batch.count && Int(batch[end].pair >> 32) == first { end += 1 }
                let old = coOccurring[first - range.lowerBound]
                // Merged in a scratch list, then copied at its exact size: a list kept at the
                // scratch's capacity (the largest entity's so far) took hundreds of megabytes.
                merged.removeAll(keepingCapacity: true)
                var i = 0, j = start
                while i < old.count || j < end {
                    let next: CoOccurrence
                    if j == end || (i < old.count && old[i].second <= UInt32(truncatingIfNeeded: batch[j].pair)) {
                        next = old[i]; i += 1
                    } else {
                        next = CoOccurrence(second: UInt32(truncatingIfNeeded: batch[j].pair), blocks: UInt32(batch[j].blocks)); j += 1
                    }
                    if merged.last?.second == next.second { merged[merged.count - 1].blocks += next.blocks } else { merged.append(next) }
                }
                coOccurring[first - range.lowerBound] = [CoOccurrence](unsafeUninitializedCapacity: merged.count) { buffer, count in
                    count = buffer.initialize(fromContentsOf: merged)
                }
                start = end
            }
        }
    }

    /// Every entity's node, and the relation edges from each (with their evidence sorted),
    /// from the gathered ranges (emptied on the way), range by range: the nodes of entities
    /// `range` in entity order. Not joined into one list: joining held every node twice for
    /// a moment, the peak of a 1 GB build.
    private static func entityNodes(_ ranges: inout [EntityRange], resolution: Resolution, entityIds: [String],
                                    texts: TextStore, threads: Int) -> [MadeNodes] {
        ConcurrentMap.mapConsuming(&ranges, threads: threads) { part in
            defer {
                part.facts = []
                // What was gathered for the range is free now; the allocator keeps it resident
                // until asked, and it would stay beside the nodes of the ranges still to come.
                MemoryTrim.release()
            }
            var nodes: [KnowledgeGraph.Node] = []
            nodes.reserveCapacity(part.range.count)
            var relations: [RelationEdge] = []
            var evidence = TextListTable.Builder(store: texts)
            // The first entity whose records may still be resident: the range's records lie
            // entity after entity, read in that order, so what was read is one stretch.
            var firstUndropped = part.range.lowerBound
            for e in part.range {
                // Taken out of the range, so what was gathered for the entity (its strings'
                // index, its relations' sentences as met) goes once its node is made: let go
                // range by range, it all sat beside the nodes being made.
                let k = e - part.range.lowerBound
                let gathered = part.facts[k]
                part.facts[k] = EntityFacts(documents: [], store: nil, knownInOrder: true)
                nodes.append(node(of: resolution.entities[e], id: entityIds[e], gathered: gathered))
                addRelationEdges(from: e, gathered, to: &relations, evidence: &evidence)
                // Reading the records back for the node's surfaces and sentences brings their
                // pages in (the texts are read with `pread`, see `TextStore`): they go every
                // 4 MB read. Every 1,024 entities, as before, left up to 118 MB of the record
                // file resident at 1 GB of text (one entity can have 16 MB of records).
                if let records = part.records,
                   (records.starts[e + 1] - records.starts[firstUndropped]) * MemoryLayout<ProvenanceList.Record>.stride >= 1 << 22 {
                    records.dropResidentPages(firstUndropped..<(e + 1))
                    firstUndropped = e + 1
                }
            }
            part.records?.dropResidentPages(part.range)
            return MadeNodes(range: part.range, nodes: nodes, relations: relations, evidence: evidence.build())
        }
    }

    /// The nodes of the entities `range`, in entity order, and the relation edges from them,
    /// edge `i`'s evidence being list `i` of `evidence`.
    private struct MadeNodes: Sendable {
        let range: Range<Int>
        var nodes: [KnowledgeGraph.Node]
        var relations: [RelationEdge]
        var evidence: TextListTable
    }

    /// A relation edge between two entities (by position), in 16 bytes: as a tuple of an
    /// `EdgeKey`, a weight and a `TextList`, with the list's array beside it, an edge took
    /// about 100, and the 2 million of a 1 GB build a fifth of its peak.
    private struct RelationEdge: Sendable {
        var source: Int32
        var target: Int32
        /// How often the relation was stated.
        var weight: Int32
        var relation: KnowledgeGraph.Relation
    }

    /// Appends the relation edges from `entity` to `edges`, and their evidence to `evidence`:
    /// one per relation and target, weighted by how often it was stated, with its distinct
    /// sentences sorted.
    private static func addRelationEdges(from entity: Int, _ gathered: EntityFacts, to edges: inout [RelationEdge],
                                         evidence: inout TextListTable.Builder) {
        guard !gathered.relations.isEmpty else { return }
        let texts = gathered.mentions.list.texts
        // Grouped by edge; the edges' order does not matter (they are sorted when drafted).
        let stated = gathered.relations.sorted { $0.edge < $1.edge }
        var start = 0
        while start < stated.count {
            var end = start + 1
            while end < stated.count && stated[end].edge == stated[start].edge { end += 1 }
            evidence.append(texts.distinctSortedPositions(ofDistinctTexts: stated[start..<end].lazy.map { Int($0.evidence) }), of: texts)
            edges.append(RelationEdge(source: Int32(entity), target: Int32(stated[start].target), weight: Int32(end - start),
                                      relation: stated[start].relation))
            start = end
        }
    }

    private static func node(of e: ResolvedEntity, id: String, gathered: EntityFacts) -> KnowledgeGraph.Node {
        let gatheredMentions = gathered.mentions.list
        // Sorted only when the integer check could not vouch for the order and it really is out
        // of order.
        var order: [Int]?
        if !gathered.knownInOrder && !(1..<max(1, gatheredMentions.count)).allSatisfy({ !(gatheredMentions[$0] < gatheredMentions[$0 - 1]) }) {
            order = gatheredMentions.indices.sorted { gatheredMentions[$0] < gatheredMentions[$1] }
        }
        let mentions = order.map { gatheredMentions.reordered($0) } ?? gatheredMentions
        // The first mention in reading order speaks for the figure; every mention of one
        // key carries the same normalised value, so the choice only settles ties.
        let figure = gathered.figure?.value
        let qualifiers = Set(mentions.distinctQualifiers).sorted()
        // A year is labelled by its number; its surfaces (`2019 年`, `2019年`) are aliases.
        let label = e.type == .year ? gathered.year.map(String.init) ?? e.name : e.name
        return .init(id: id, type: KnowledgeGraph.NodeType(rawValue: e.type.rawValue) ?? .organization,
                     label: label, aliases: aliases(e.aliases, adding: mentions.distinctSurfaces),
                     mentions: mentions, figure: figure.map { var f = $0; f.qualifier = qualifiers.first; return f },
                     qualifiers: qualifiers, year: gathered.year,
                     referenceYears: gathered.referenceYears.sorted(),
                     sentences: gatheredMentions.texts.selecting(gatheredMentions.texts.distinctSortedPositions(ofDistinctTexts: gatheredMentions.distinctSentencePositions)),
                     wikidata: e.wikidata)
    }

    /// `Set(aliases + surfaces).sorted()` (`surfaces` distinct by bytes, in mention order),
    /// without hashing any surface when, as in a build, resolution already listed them all
    /// among the aliases, sorted and distinct.
    static func aliases(_ aliases: [String], adding surfaces: [String]) -> [String] {
        var strictlyAscending = true
        for k in aliases.indices.dropFirst() where !(aliases[k - 1] < aliases[k]) { strictlyAscending = false; break }
        func all() -> [String] { distinctSorted(aliases + surfaces) }
        guard strictlyAscending else { return all() }
        for surface in surfaces {
            var lo = 0, hi = aliases.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if aliases[mid] < surface { lo = mid + 1 } else { hi = mid }
            }
            guard lo < aliases.count && aliases[lo] == surface else { return all() }
        }
        return aliases
    }

    // MARK: - Order and edges

    /// The rank of every node id in string order, by position (documents first, then
    /// entities): the documents come sorted by path and the entities in `entityOrder`, so
    /// one merge ranks all. A document id (`document/…`) never equals an entity id.
    private static func nodeRanks(documentIds: [String], entityIds: [String], entityOrder: [Int]) -> [Int] {
        var documents = Array(documentIds.indices)
        if !documentIds.isSortedAscending { documents.sort { documentIds[$0] < documentIds[$1] } }
        var rank = [Int](repeating: 0, count: documentIds.count + entityIds.count)
        var d = 0, e = 0
        for r in rank.indices {
            let takeDocument = e == entityOrder.count
                || (d < documents.count && documentIds[documents[d]] < entityIds[entityOrder[e]])
            if takeDocument { rank[documents[d]] = r; d += 1 } else { rank[documentIds.count + entityOrder[e]] = r; e += 1 }
        }
        return rank
    }

    /// Every edge, in output order, naming its ends by their position among the sorted nodes,
    /// with the evidence lists of the relation edges. `coOccurring`: the entity ranges' summed
    /// pairs, in range order. Each document's counts and each range's sums are let go once
    /// taken (the documents' nodes stay).
    private func edgeDrafts(_ documents: inout [DocumentFacts], counts: TextStore, texts: TextStore, made: inout [MadeNodes],
                            coOccurring: inout [(first: Int, sums: [[CoOccurrence]])], nodeRank: [Int])
        -> (edges: RecordBuffer<KnowledgeGraph.EdgeList.Record>, evidence: TextListTable) {
        let documentCount = documents.count
        func draft(_ source: Int, _ relation: KnowledgeGraph.Relation, _ target: Int, weight: Int, evidence: Int = -1)
            -> KnowledgeGraph.EdgeList.Record {
            .init(source: Int32(nodeRank[source]), target: Int32(nodeRank[target]), weight: Double(weight),
                  evidence: Int32(evidence), relation: relation, directed: relation != .coOccurs)
        }
        // At its final size at once: grown by doubling, the list of a large build would for a
        // moment be held twice. A large build writes it into a file of its own.
        let entry = MemoryLayout<(entity: Int32, count: Int32)>.stride
        /// Document `d`'s counts, read from where `keepOnlyWhatEdgesNeed` put them.
        func perEntity(_ d: Int, _ body: (_ entity: Int32, _ count: Int32) -> Void) {
            counts.withBytes(documents[d].stashed!) { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                for k in 0..<raw.count / entry {
                    body(raw.loadUnaligned(fromByteOffset: k * entry, as: Int32.self),
                         raw.loadUnaligned(fromByteOffset: k * entry + 4, as: Int32.self))
                }
            }
        }
        let mentionEdges = documents.reduce(0) { $0 + counts.count($1.stashed!) / entry }
        let relationCount = made.reduce(0) { $0 + $1.relations.count }
        let total = mentionEdges + relationCount
            + coOccurring.reduce(0) { $0 + $1.sums.reduce(0) { $0 + $1.count } }
        var drafts = recordBuffer(of: KnowledgeGraph.EdgeList.Record.self, count: total)
        drafts.reserveCapacity(total)
        /// The pages written so far go every million edges.
        func append(_ record: KnowledgeGraph.EdgeList.Record) {
            drafts.append(record, room: total)
            if drafts.count % (1 << 20) == 0 { drafts.dropResidentPages() }
        }
        for d in documents.indices {
            perEntity(d) { e, count in append(draft(d, .mentions, documentCount + Int(e), weight: Int(count))) }
            if d % 1024 == 1023 { counts.dropResidentPages() }
        }
        // The ranges' evidence tables one after the other, so edge `i` of the ranges in order
        // has list `i`.
        var evidenceTable = TextListTable.Builder(store: texts)
        for k in made.indices {
            let first = evidenceTable.count
            for (i, r) in made[k].relations.enumerated() {
                append(draft(documentCount + Int(r.source), r.relation, documentCount + Int(r.target), weight: Int(r.weight),
                             evidence: first + i))
            }
            evidenceTable.append(contentsOf: made[k].evidence)
            made[k].relations = []
            made[k].evidence = TextListTable()
        }
        let evidence = evidenceTable.build()
        // Each entity's sums let go once drafted: with all of them held until the end, the sums
        // sat beside the drafts (24 bytes an edge) through the sort below.
        for k in coOccurring.indices {
            let first = coOccurring[k].first
            for e in coOccurring[k].sums.indices {
                for s in coOccurring[k].sums[e] {
                    append(draft(documentCount + first + e, .coOccurs, documentCount + Int(s.second), weight: Int(s.blocks)))
                }
                coOccurring[k].sums[e] = []
            }
            coOccurring[k].sums = []
        }
        // By (source id, relation, target id): positions are ranks in id order, so this sorts
        // the edges as their ids would without comparing a string. Each edge's key is unique,
        // so an unstable sort that takes no scratch memory gives the one order.
        func key(_ r: KnowledgeGraph.EdgeList.Record) -> UInt64 {
            KnowledgeGraph.EdgeList.orderKey(source: r.source, relation: r.relation, target: r.target)
        }
        // In a file, a part at a time into a second file, so the sort never holds them all.
        if drafts.isInRecordFile, total > edgesSortedAtOnce {
            var sorted = recordBuffer(of: KnowledgeGraph.EdgeList.Record.self, count: total)
            if sorted.isInRecordFile {
                // At most 64 parts, so the merge's look at every part's head stays cheap.
                drafts.sortInParts(partSize: max(edgesSortedAtOnce, (total + 63) / 64), into: &sorted, key: key)
                return (sorted, evidence)
            }
        }
        drafts.withUnsafeMutableBufferPointer { $0.sortInPlace(byKey: key) }
        drafts.dropResidentPages()
        return (drafts, evidence)
    }

    /// The resolution's look-up of a mention's entity (`Resolution.entityIndex(forKey:)`, or
    /// the key number resolving recorded for it) for the gathering, in fewer bytes: the keys'
    /// bytes one after another in a `ByteStringTable` rather than a `String` each, in an array
    /// and a dictionary beside it (at 1 GB of text the keys took 118 MB as strings, as much
    /// again in their tables). With it made, the resolution's own tables go before the first
    /// document is gathered.
    private struct KeyLookup: Sendable {
        /// Key `k` of the resolution is string `k` (its keys are distinct).
        private let keys: ByteStringTable
        private let entityOfKey: [Int32]

        /// `keys` and `entityOfKey`: the resolution's.
        init(keys: [String], entityOfKey: [Int32]) {
            var table = ByteStringTable(capacity: keys.count, byteCapacity: keys.reduce(0) { $0 + $1.utf8.count })
            for var key in keys { key.withUTF8 { _ = table.insert($0) } }
            precondition(table.count == keys.count, "a resolution's keys are distinct")
            self.keys = table
            self.entityOfKey = entityOfKey
        }

        /// The entity of a mention: from its recorded key number while that key is still the
        /// mention's key (so a fragment changed since resolving is still right), else by its key.
        func entity(of mention: Mention, recordedKey: Int32?) -> Int? {
            var key = mention.key
            return key.withUTF8 { bytes in
                if let k = recordedKey, Int(k) < keys.count, keys.string(Int(k), is: bytes) { return Int(entityOfKey[Int(k)]) }
                return keys.index(of: bytes).map { Int(entityOfKey[$0]) }
            }
        }
    }

    /// The key numbers resolving recorded for each document's mentions
    /// (`Resolution.mentionKeys`), moved into a store (a file in a spilled build) for the
    /// gathering: 4 bytes a mention, 76 MB at 1 GB of text, which in the resolution stayed in memory
    /// to the end of the gathering.
    private struct RecordedKeys: Sendable {
        let store: TextStore
        private var refs: [String: TextStore.Ref] = [:]

        /// Empties `table` entry by entry, so its arrays go as their bytes are written.
        init(moving table: inout [String: [Int32]], store: TextStore) {
            self.store = store
            for path in Array(table.keys) {
                let keys = table.removeValue(forKey: path)!
                refs[path] = keys.withUnsafeBytes { store.append(bytes: $0.assumingMemoryBound(to: UInt8.self)) }
            }
            table = [:]
        }

        /// The key numbers of `fragment`'s mentions, or nil when none were recorded for a
        /// fragment of its path with as many mentions (`Resolution.recordedKeys(of:)`).
        func keys(of fragment: DocumentFragment) -> [Int32]? {
            guard let ref = refs[fragment.path] else { return nil }
            return store.withBytes(ref) { bytes in
                guard bytes.count == fragment.mentions.count * MemoryLayout<Int32>.size else { return nil }
                guard !bytes.isEmpty else { return [] }
                return [Int32](unsafeUninitializedCapacity: fragment.mentions.count) { buffer, initialized in
                    if let from = bytes.baseAddress { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: from, byteCount: bytes.count) }
                    initialized = fragment.mentions.count
                }
            }
        }
    }

    // MARK: - One document

    /// A document's blocks by their `index` (the first block with each index): an array
    /// when the indices are the small numbers segmentation gives, a dictionary otherwise.
    private struct BlocksByIndex {
        private var positionByIndex: [Int32] = []
        private var positionByIndexSparse: [Int: Int] = [:]
        private var dense = true

        init(_ blocks: [Block]) {
            let largest = blocks.reduce(-1) { max($0, $1.index) }
            dense = blocks.allSatisfy { $0.index >= 0 } && largest < 4 * blocks.count + 64
            if dense {
                positionByIndex = [Int32](repeating: -1, count: largest + 1)
                for (p, b) in blocks.enumerated() where positionByIndex[b.index] < 0 { positionByIndex[b.index] = Int32(p) }
            } else {
                for (p, b) in blocks.enumerated() where positionByIndexSparse[b.index] == nil { positionByIndexSparse[b.index] = p }
            }
        }

        func position(of index: Int) -> Int? {
            guard dense else { return positionByIndexSparse[index] }
            guard index >= 0 && index < positionByIndex.count, positionByIndex[index] >= 0 else { return nil }
            return Int(positionByIndex[index])
        }
    }

    /// One document's share of the graph: its node, its mentions' provenance, the pairs it
    /// names together and the relations it states.
    /// `recordedKeys`: the key number of each mention as resolving recorded it, if it did.
    private static func facts(of f: DocumentFragment, keys: KeyLookup, recordedKeys recorded: [Int32]?,
                              entityTypes: [EntityType], entityRank: [Int], entityOrder: [Int]) -> DocumentFacts {
        let docId = "document/\(f.path)"
        let blocks = BlocksByIndex(f.blocks)
        var spansCache: [Int: SentenceSpans] = [:]
        func spans(_ block: Int) -> SentenceSpans? {
            if let s = spansCache[block] { return s }
            guard let p = blocks.position(of: block) else { return nil }
            let s = SentenceSpans(f.blocks[p].text)
            spansCache[block] = s
            return s
        }
        var out = DocumentFacts(node: .init(id: docId, type: .document, label: f.path))
        var perEntity: [Int: Int] = [:]
        // `block << 32 | entity rank` of every name mention: sorted, each block's entities
        // come together and in id order (years and figures take no part).
        var namedInBlock: [UInt64] = []
        var mentionEntity = [Int?](repeating: nil, count: f.mentions.count)
        out.provenances.reserveCapacity(f.mentions.count)
        out.mentionEntities.reserveCapacity(f.mentions.count)
        // Each figure sentence once: a `refers_to_year` edge's evidence is the same sentence,
        // and shares its storage rather than keeping a copy of its own (evidence sentences are
        // 61 MB at 100 MB of text, most of them, by count, these).
        var figureSentences: [ExactKey: String] = [:]
        // Through a buffer pointer, fields read in place: subscripting the array copied each
        // whole mention.
        f.mentions.withUnsafeBufferPointer { mentions in
            for mi in mentions.indices {
                guard let e = keys.entity(of: mentions[mi], recordedKey: recorded?[mi]) else { continue }
                mentionEntity[mi] = e
                perEntity[e, default: 0] += 1
                let block = mentions[mi].blockIndex, start = mentions[mi].start, end = mentions[mi].end
                let type = mentions[mi].type
                // Sentences are kept for figures only, whose sentence is the fact; other mentions
                // point back through document, block and offsets (keeps the JSON-LD a few times
                // the input size rather than twenty).
                var sentence = ""
                if type == .figure, let text = spans(block)?.sentenceText(around: start, end: end) {
                    sentence = figureSentences[ExactKey(text), default: text]
                    figureSentences[ExactKey(text)] = sentence
                }
                let kind = blocks.position(of: block).map { f.blocks[$0].kind } ?? .paragraph
                let figure = mentions[mi].figure
                out.mentionEntities.append(Int32(e))
                out.provenances.append(KnowledgeGraph.Provenance(document: f.path, block: block, start: start, end: end,
                                                                 blockKind: kind, surface: mentions[mi].surface,
                                                                 sentence: sentence, qualifier: figure?.qualifier))
                let position = Int32(out.provenances.count - 1)
                if let figure { out.figures.append((position, figure)) }
                if type == .year, let year = mentions[mi].year { out.years.append((position, year)) }
                let entityType = entityTypes[e]
                if entityType != .year && entityType != .figure {
                    namedInBlock.append(UInt64(UInt32(truncatingIfNeeded: block)) << 32 | UInt64(entityRank[e]))
                }
            }
        }
        out.perEntity = perEntity.map { (Int32($0.key), Int32(clamping: $0.value)) }.sorted { $0.entity < $1.entity }
        out.coOccurring = coOccurringPairs(namedInBlock, entityOrder: entityOrder)
        for r in f.relations {
            guard r.from < mentionEntity.count, r.to < mentionEntity.count,
                  let a = mentionEntity[r.from], let b = mentionEntity[r.to], a != b else { continue }
            let relation: KnowledgeGraph.Relation = r.kind == .refersToYear ? .refersToYear : .partyTo
            // Only a `refers_to_year` evidence is a figure's sentence.
            let evidence = relation == .refersToYear ? figureSentences[ExactKey(r.evidence)] ?? r.evidence : r.evidence
            out.relations.append((EdgeKey(relation: relation, source: a, target: b), evidence,
                                  relation == .refersToYear ? f.mentions[r.to].year : nil))
        }
        out.node.mentionCount = perEntity.values.reduce(0, +)
        out.node.footnoteLinks = footnoteLinks(f.blocks)
        out.node.blockCount = f.blocks.count
        return out
    }

    /// Pairs of distinct entities named in one block (stored once, from the smaller id to the
    /// larger), with the number of blocks naming each pair, sorted by pair.
    private static func coOccurringPairs(_ namedInBlock: [UInt64], entityOrder: [Int]) -> [(pair: UInt64, blocks: Int)] {
        let named = namedInBlock.sorted()
        var pairs: [UInt64] = []
        var members: [Int] = []
        var start = 0
        while start < named.count {
            let block = named[start] >> 32
            var end = start
            members.removeAll(keepingCapacity: true)
            while end < named.count && named[end] >> 32 == block {
                // Ranks sorted ascending: repeats of an entity are adjacent.
                if end == start || named[end] != named[end - 1] { members.append(entityOrder[Int(named[end] & 0xFFFF_FFFF)]) }
                end += 1
            }
            if members.count > 1 {
                for i in 0..<members.count { for j in (i + 1)..<members.count {
                    pairs.append(UInt64(members[i]) << 32 | UInt64(members[j]))
                } }
            }
            start = end
        }
        pairs.sort()
        var out: [(pair: UInt64, blocks: Int)] = []
        for p in pairs {
            if out.last?.pair == p { out[out.count - 1].blocks += 1 } else { out.append((p, 1)) }
        }
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
    static func uniqueIds(_ entities: [ResolvedEntity]) -> [String] { uniqueIdsInOrder(entities).ids }

    /// `uniqueIds`, with the entity positions in order of those ids. Equal ids are found next
    /// to each other in id order, which resolution already gives the entities in, so
    /// normally nothing is sorted at all.
    static func uniqueIdsInOrder(_ entities: [ResolvedEntity]) -> (ids: [String], order: [Int]) {
        let raw = entities.map { $0.id }
        var order = Array(raw.indices)
        if !raw.isSortedAscending { order.sort { raw[$0] < raw[$1] } }
        var ids = raw
        var renamed = false
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && raw[order[end]] == raw[order[start]] { end += 1 }
            if end - start > 1 {
                // Named after the first of them in input order, as a dictionary keyed by id would.
                let id = raw[order[start..<end].min()!]
                let ordered = order[start..<end].sorted { entities[$0].keys.lexicographicallyPrecedes(entities[$1].keys) }
                for (n, i) in ordered.enumerated() where n > 0 { ids[i] = "\(id)~\(n + 1)" }
                renamed = true
            }
            start = end
        }
        if renamed { order = ids.indices.sorted { ids[$0] < ids[$1] } }
        return (ids, order)
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
