/// The provenance of one node's mentions, stored compactly: a small record per mention, and
/// each string it names kept once.
///
/// A large build holds one provenance per mention (18 million at 1 GB of text). As
/// `Provenance` values each took 96 bytes plus a string of its own for most surfaces; here a
/// mention takes 32 bytes, its surface, sentence and qualifier are indices into the node's own
/// few distinct texts (in the graph's `TextStore` when the graph was built, not as `String`s),
/// and its document an index into one path list the whole graph shares.
/// Reading an element gives the `Provenance` back, equal to the one that went in.
///
/// ```swift
/// let list: ProvenanceList = [KnowledgeGraph.Provenance(document: "a.txt", block: 2, start: 0, end: 3,
///                                                       blockKind: .paragraph, surface: "WTO")]
/// print(list[0].surface, list.count)   // WTO 1
/// ```
public struct ProvenanceList: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// One mention; offsets are scalar offsets within one block, far below `Int32.max`.
    struct Record: Sendable, Hashable {
        var document: Int32
        var block: Int32
        var start: Int32
        var end: Int32
        /// Index in `texts`.
        var surface: Int32
        /// Index in `texts`, or -1 for no sentence.
        var sentence: Int32
        /// Index in `texts`, or -1 for none.
        var qualifier: Int32
        var blockKind: BlockKind
    }

    /// The records: in an array, or in a large build's `RecordFile` (see
    /// `Builder.init(documents:file:start:capacity:)`).
    private(set) var records = RecordBuffer<Record>()
    /// Document paths, by `Record.document`: in a graph, one array every list shares.
    private(set) var documents: [String] = []
    /// The surfaces, sentences and qualifiers of these mentions, each once (by bytes); a built
    /// entity's list also holds the evidence of the relations from it (`Builder.intern(text:)`),
    /// which no record names.
    private(set) var texts = TextList()

    public init() {}

    public init(_ provenances: some Sequence<KnowledgeGraph.Provenance>) {
        var builder = Builder(documents: [])
        var documentIndex: [String: Int32] = [:]
        for p in provenances {
            let d = documentIndex[p.document] ?? {
                builder.documents.append(p.document)
                documentIndex[p.document] = Int32(builder.documents.count - 1)
                return Int32(builder.documents.count - 1)
            }()
            builder.append(p, document: d)
        }
        self = builder.list
    }

    public init(arrayLiteral elements: KnowledgeGraph.Provenance...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { records.count }

    public subscript(position: Int) -> KnowledgeGraph.Provenance {
        let r = records[position]
        return KnowledgeGraph.Provenance(document: documents[Int(r.document)], block: Int(r.block), start: Int(r.start),
                                         end: Int(r.end), blockKind: r.blockKind, surface: texts[Int(r.surface)],
                                         sentence: r.sentence < 0 ? "" : texts[Int(r.sentence)],
                                         qualifier: r.qualifier < 0 ? nil : texts[Int(r.qualifier)])
    }

    /// The distinct qualifiers of these mentions, in no particular order.
    var distinctQualifiers: [String] {
        var seen = Set<Int32>()
        return records.withUnsafeBufferPointer { $0.compactMap { $0.qualifier >= 0 && seen.insert($0.qualifier).inserted ? texts[Int($0.qualifier)] : nil } }
    }

    /// The distinct surfaces, in order of first mention.
    var distinctSurfaces: [String] {
        var seen = Set<Int32>()
        return records.withUnsafeBufferPointer { $0.compactMap { seen.insert($0.surface).inserted ? texts[Int($0.surface)] : nil } }
    }

    /// The distinct sentences, in order of first mention.
    var distinctSentences: [String] { distinctSentencePositions.map { texts[$0] } }

    /// The positions in `texts` of the distinct sentences, in order of first mention.
    var distinctSentencePositions: [Int] {
        var seen = Set<Int32>()
        return records.withUnsafeBufferPointer { $0.compactMap { $0.sentence >= 0 && seen.insert($0.sentence).inserted ? Int($0.sentence) : nil } }
    }

    /// The same mentions in the order of `order` (positions in this list), in an array.
    func reordered(_ order: [Int]) -> ProvenanceList {
        var copy = self
        copy.records = RecordBuffer(records.withUnsafeBufferPointer { records in order.map { records[$0] } })
        return copy
    }

    public static func == (a: ProvenanceList, b: ProvenanceList) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for p in self { hasher.combine(p) }
    }

    /// Gathers one list mention by mention, keeping each text once.
    struct Builder {
        /// The list so far, but for its texts, which `texts` gathers (one owner, so that adding
        /// a text never copies the others).
        private var gathered = ProvenanceList()
        private var texts: TextList.Builder
        /// How many records the list's room in a `RecordFile` holds.
        private var room = 0
        /// The last mention's surface and its position: most mentions of an entity repeat the
        /// one before's, found here without reading the texts (from a large build's file, a
        /// read apiece: 170,000 of the 630,000 reads of a 10 MB build).
        private var lastSurface: (text: String, position: Int32)?

        /// The list gathered so far.
        var list: ProvenanceList {
            var list = gathered
            list.texts = texts.list
            return list
        }

        var documents: [String] {
            get { gathered.documents }
            set { gathered.documents = newValue }
        }

        /// Texts go into `store` when one is given.
        init(documents: [String], store: TextStore? = nil) {
            gathered.documents = documents
            texts = .init(store: store)
        }

        /// A builder that writes its records into `capacity` records' room of `file` from
        /// `start`, which no other list uses. Should more come, the records move to an array.
        init(documents: [String], store: TextStore? = nil, file: RecordFile, start: UnsafeMutablePointer<Record>, capacity: Int) {
            self.init(documents: documents, store: store)
            gathered.records = RecordBuffer(file: file, start: start)
            room = capacity
        }

        mutating func reserveCapacity(_ n: Int) { gathered.records.reserveCapacity(n) }

        var count: Int { gathered.records.count }

        /// `p`, whose path is `documents[document]`.
        mutating func append(_ p: KnowledgeGraph.Provenance, document: Int32) {
            gathered.records.append(record(p, document: document), room: room)
        }

        /// The same, for a builder whose records are in a `RecordFile`: the record is written
        /// by `staging` (see `RecordStaging`), and reads back only after its `flush`.
        mutating func append(_ p: KnowledgeGraph.Provenance, document: Int32, staging: inout RecordStaging<Record>) {
            gathered.records.append(record(p, document: document), room: room, staging: &staging)
        }

        private mutating func record(_ p: KnowledgeGraph.Provenance, document: Int32) -> Record {
            Record(document: document, block: Int32(clamping: p.block), start: Int32(clamping: p.start),
                   end: Int32(clamping: p.end), surface: surfacePosition(p.surface),
                   sentence: p.sentence.isEmpty ? -1 : texts.intern(p.sentence),
                   qualifier: p.qualifier.map { texts.intern($0) } ?? -1, blockKind: p.blockKind)
        }

        private mutating func surfacePosition(_ surface: String) -> Int32 {
            if let last = lastSurface, ExactKey(last.text) == ExactKey(surface) { return last.position }
            let position = texts.intern(surface)
            lastSurface = (surface, position)
            return position
        }

        /// The position of `text` in the list's texts, added if new: the evidence of a relation
        /// from the entity.
        mutating func intern(text: String) -> Int32 { texts.intern(text) }
    }
}
