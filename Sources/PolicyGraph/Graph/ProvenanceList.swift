/// The provenance of one node's mentions, stored compactly: a small record per mention, and
/// each string it names kept once.
///
/// A large build holds one provenance per mention (18 million at 1 GB of text). As
/// `Provenance` values each took 96 bytes plus a string of its own for most surfaces; here a
/// mention takes 32 bytes, its surface, sentence and qualifier are indices into the node's own
/// few distinct strings, and its document an index into one path list the whole graph shares.
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
        /// Index in `strings`.
        var surface: Int32
        /// Index in `strings`, or -1 for no sentence.
        var sentence: Int32
        /// Index in `strings`, or -1 for none.
        var qualifier: Int32
        var blockKind: BlockKind
    }

    /// The records: in an array, or (in a large build) in a `RecordFile`, where the list owns
    /// the first `count` records from `start` (see `Builder.init(documents:file:start:capacity:)`).
    private enum Storage: @unchecked Sendable {
        case array([Record])
        case mapped(file: RecordFile, start: UnsafeMutablePointer<Record>, count: Int)
    }

    private var storage: Storage = .array([])
    /// Document paths, by `Record.document`: in a graph, one array every list shares.
    private(set) var documents: [String] = []
    /// The surfaces, sentences and qualifiers of these mentions, each once.
    private(set) var strings: [String] = []

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
    public var endIndex: Int {
        switch storage {
        case .array(let records): records.count
        case .mapped(_, _, let count): count
        }
    }

    /// The records in place, however they are stored.
    func withRecords<R>(_ body: (UnsafeBufferPointer<Record>) throws -> R) rethrows -> R {
        switch storage {
        case .array(let records): try records.withUnsafeBufferPointer(body)
        case .mapped(let file, let start, let count): try withExtendedLifetime(file) { try body(UnsafeBufferPointer(start: start, count: count)) }
        }
    }

    /// The record at `position`.
    func record(_ position: Int) -> Record { withRecords { $0[position] } }

    /// Takes the pages holding these records out of resident memory when they are in a
    /// `RecordFile` (they read back unchanged); nothing for records in an array.
    func dropResidentPages() {
        if case .mapped(let file, let start, let count) = storage {
            file.dropResidentPages(from: UnsafeRawPointer(start), bytes: count * MemoryLayout<Record>.stride)
        }
    }

    /// Whether the records are in a `RecordFile` rather than in an array.
    var isInRecordFile: Bool {
        if case .mapped = storage { return true }
        return false
    }

    /// `dropResidentPages` for many lists at once, one call over the span they cover in their
    /// file (a build's lists lie side by side in one file, in entity order).
    static func dropResidentPages(_ lists: some Sequence<ProvenanceList>) {
        var span: (file: RecordFile, low: UnsafeRawPointer, high: UnsafeRawPointer)?
        func drop() { if let span { span.file.dropResidentPages(from: span.low, bytes: span.high - span.low) } }
        for list in lists {
            guard case .mapped(let file, let start, let count) = list.storage, count > 0 else { continue }
            let low = UnsafeRawPointer(start), high = UnsafeRawPointer(start + count)
            if let s = span, s.file === file {
                span = (file, Swift.min(s.low, low), Swift.max(s.high, high))
            } else {
                drop()
                span = (file, low, high)
            }
        }
        drop()
    }

    public subscript(position: Int) -> KnowledgeGraph.Provenance {
        let r = record(position)
        return KnowledgeGraph.Provenance(document: documents[Int(r.document)], block: Int(r.block), start: Int(r.start),
                                         end: Int(r.end), blockKind: r.blockKind, surface: strings[Int(r.surface)],
                                         sentence: r.sentence < 0 ? "" : strings[Int(r.sentence)],
                                         qualifier: r.qualifier < 0 ? nil : strings[Int(r.qualifier)])
    }

    /// The distinct qualifiers of these mentions, in no particular order.
    var distinctQualifiers: [String] {
        var seen = Set<Int32>()
        return withRecords { $0.compactMap { $0.qualifier >= 0 && seen.insert($0.qualifier).inserted ? strings[Int($0.qualifier)] : nil } }
    }

    /// The distinct surfaces, in order of first mention.
    var distinctSurfaces: [String] {
        var seen = Set<Int32>()
        return withRecords { $0.compactMap { seen.insert($0.surface).inserted ? strings[Int($0.surface)] : nil } }
    }

    /// The distinct sentences, in order of first mention.
    var distinctSentences: [String] {
        var seen = Set<Int32>()
        return withRecords { $0.compactMap { $0.sentence >= 0 && seen.insert($0.sentence).inserted ? strings[Int($0.sentence)] : nil } }
    }

    /// The same mentions in the order of `order` (positions in this list), in an array.
    func reordered(_ order: [Int]) -> ProvenanceList {
        var copy = self
        copy.storage = .array(withRecords { records in order.map { records[$0] } })
        return copy
    }

    public static func == (a: ProvenanceList, b: ProvenanceList) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for p in self { hasher.combine(p) }
    }

    /// Gathers one list mention by mention, keeping each string once. A node has a handful of
    /// spellings, so they are found in a short list by bytes; a node with many gets an index.
    struct Builder {
        private(set) var list = ProvenanceList()
        private var index: [ExactKey: Int32]?
        /// How many records the list's room in a `RecordFile` holds (0 for an array).
        private var capacity = 0

        var documents: [String] {
            get { list.documents }
            set { list.documents = newValue }
        }

        init(documents: [String]) { list.documents = documents }

        /// A builder that writes its records into `capacity` records' room of `file` from
        /// `start`, which no other list uses. Should more come, the records move to an array.
        init(documents: [String], file: RecordFile, start: UnsafeMutablePointer<Record>, capacity: Int) {
            list.documents = documents
            list.storage = .mapped(file: file, start: start, count: 0)
            self.capacity = capacity
        }

        mutating func reserveCapacity(_ n: Int) {
            if case .array(var records) = list.storage {
                list.storage = .array([])
                records.reserveCapacity(n)
                list.storage = .array(records)
            }
        }

        var count: Int { list.count }

        /// `p`, whose path is `documents[document]`.
        mutating func append(_ p: KnowledgeGraph.Provenance, document: Int32) {
            let record = Record(document: document, block: Int32(clamping: p.block), start: Int32(clamping: p.start),
                                end: Int32(clamping: p.end), surface: intern(p.surface),
                                sentence: p.sentence.isEmpty ? -1 : intern(p.sentence),
                                qualifier: p.qualifier.map { intern($0) } ?? -1, blockKind: p.blockKind)
            switch list.storage {
            case .mapped(let file, let start, let count) where count < capacity:
                (start + count).initialize(to: record)
                list.storage = .mapped(file: file, start: start, count: count + 1)
            case .mapped:
                var records = list.withRecords { Array($0) }
                records.append(record)
                list.storage = .array(records)
                capacity = 0
            case .array(var records):
                // Taken out first, so the append does not copy the array.
                list.storage = .array([])
                records.append(record)
                list.storage = .array(records)
            }
        }

        private mutating func intern(_ s: String) -> Int32 {
            let key = ExactKey(s)
            if let index {
                if let i = index[key] { return i }
            } else {
                for i in list.strings.indices where ExactKey(list.strings[i]) == key { return Int32(i) }
            }
            list.strings.append(s)
            let i = Int32(list.strings.count - 1)
            if index != nil {
                index![key] = i
            } else if list.strings.count > 16 {
                index = Dictionary(uniqueKeysWithValues: list.strings.enumerated().map { (ExactKey($1), Int32($0)) })
            }
            return i
        }
    }
}
