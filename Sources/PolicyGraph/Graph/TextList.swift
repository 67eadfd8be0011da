/// A list of texts (a figure node's sentences, an edge's evidence): strings of its own, or
/// references into the graph's `TextStore`, read back as `String`s either way.
///
/// ```swift
/// let sentences: TextList = ["2019 年，出口额为 18.9 万亿美元。"]
/// print(sentences.count, sentences[0])
/// Array(node.sentences)   // [String]
/// ```
///
/// A built graph keeps its texts in the store (see `TextStore` for why); a list made by hand
/// or from an array keeps strings. Two lists are equal when their texts are, wherever kept.
public struct TextList: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    private enum Storage: @unchecked Sendable {
        case strings([String])
        case stored(TextStore, [TextStore.Ref])
        /// List `list` of a `TextListTable`.
        case table(TextListTable.Texts, list: Int)
    }

    private var storage: Storage

    public init() { storage = .strings([]) }
    public init(_ strings: [String]) { storage = .strings(strings) }
    public init(arrayLiteral elements: String...) { storage = .strings(elements) }

    init(store: TextStore, refs: [TextStore.Ref]) { storage = .stored(store, refs) }
    init(table: TextListTable.Texts, list: Int) { storage = .table(table, list: list) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .strings(let strings): strings.count
        case .stored(_, let refs): refs.count
        case .table(let table, let list): table.range(of: list).count
        }
    }

    public subscript(position: Int) -> String {
        switch storage {
        case .strings(let strings): strings[position]
        case .stored(let store, let refs): store.string(refs[position])
        case .table: withBytes(position) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Calls `body` with the UTF-8 bytes of text `position`, read in place where they are kept.
    func withBytes<R>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .strings(let strings):
            var text = strings[position]
            return try text.withUTF8(body)
        case .stored(let store, let refs):
            return try store.withBytes(refs[position], body)
        case .table(let table, let list):
            return try table.withBytes(table.range(of: list).lowerBound + position, body)
        }
    }

    /// The length in bytes of text `position`, read only where it is not known without (a
    /// string, or a store's long text).
    func byteCount(_ position: Int) -> Int {
        switch storage {
        case .strings(let strings): strings[position].utf8.count
        case .stored(let store, let refs): store.count(refs[position])
        case .table: withBytes(position) { $0.count }
        }
    }

    /// Whether texts `a` and `b` have the same bytes.
    func bytesEqual(_ a: Int, _ b: Int) -> Bool {
        withBytes(a) { x in withBytes(b) { y in ByteStringTable.same(x, y) } }
    }

    public static func == (a: TextList, b: TextList) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for text in self { hasher.combine(text) }
    }

    /// The texts at `positions`, in that order, kept where these are.
    func selecting(_ positions: [Int]) -> TextList {
        switch storage {
        case .strings(let strings): TextList(positions.map { strings[$0] })
        case .stored(let store, let refs): TextList(store: store, refs: positions.map { refs[$0] })
        case .table: TextList(positions.map { self[$0] })
        }
    }

    /// The positions of the distinct texts among `positions`, sorted as `String`s sort
    /// (`distinctSorted`'s order), in a list whose texts are distinct by bytes, as a `Builder`
    /// makes them: repeats are repeated positions, found without reading a text (each read is
    /// a call of its own in a large build's file); the survivors are read as strings for the
    /// sort, which is what sorting strings would do.
    func distinctSortedPositions(ofDistinctTexts positions: some Sequence<Int>) -> [Int] {
        var seen = Set<Int>()
        return sortedDroppingCanonicalRepeats(positions.filter { seen.insert($0).inserted })
    }

    /// `unique` (positions of texts distinct by bytes) sorted as their strings sort, keeping
    /// the first of canonically equal texts.
    private func sortedDroppingCanonicalRepeats(_ unique: [Int]) -> [Int] {
        if unique.count < 2 { return unique }
        let strings = unique.map { self[$0] }
        let order = strings.indices.sorted { strings[$0] < strings[$1] }
        // Canonically equal texts with different bytes: the first met stays, as a stable sort
        // of the strings followed by dropping repeats would keep it.
        var out: [Int] = []
        var last: String?
        for k in order where last != strings[k] {
            out.append(unique[k])
            last = strings[k]
        }
        return out
    }

    /// A list being gathered text by text, each distinct text (by bytes) kept once; in a
    /// store when one is given. A list of a few texts is searched by bytes; one of many gets
    /// an index by hash (most entities have a handful of spellings, and an index apiece for
    /// hundreds of thousands of them would cost more than their texts).
    struct Builder {
        private(set) var list: TextList
        private var index: [UInt64: Int32]?

        init(store: TextStore?) {
            list = store.map { TextList(store: $0, refs: []) } ?? TextList()
        }

        var count: Int { list.count }

        /// The position of `text` in the list, added if new.
        mutating func intern(_ text: String) -> Int32 {
            var bytesOf = text
            return bytesOf.withUTF8 { bytes in
                if index == nil {
                    // Lengths first: a store knows them without reading the text.
                    for i in 0..<list.count where list.byteCount(i) == bytes.count && list.withBytes(i, { ByteStringTable.same($0, bytes) }) {
                        return Int32(i)
                    }
                } else if let i = find(bytes) {
                    return i
                }
                let i = Int32(list.count)
                switch list.storage {
                case .strings(var strings):
                    list.storage = .strings([])  // so the append does not copy the array
                    strings.append(text)
                    list.storage = .strings(strings)
                case .stored(let store, var refs):
                    list.storage = .strings([])
                    refs.append(store.append(bytes: bytes))
                    list.storage = .stored(store, refs)
                case .table:
                    preconditionFailure("a builder's list is never a table's")
                }
                if index != nil {
                    insert(i, hash: ByteStringTable.hash(bytes))
                } else if list.count > 16 {
                    index = [:]
                    for k in 0..<list.count { insert(Int32(k), hash: list.withBytes(k) { ByteStringTable.hash($0) }) }
                }
                return i
            }
        }

        /// The position of `bytes` through the index: probing on from their hash, as `insert`
        /// places a text whose hash another already took.
        private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
            var h = ByteStringTable.hash(bytes)
            while let i = index?[h] {
                if list.withBytes(Int(i), { ByteStringTable.same($0, bytes) }) { return i }
                h &+= 1
            }
            return nil
        }

        private mutating func insert(_ i: Int32, hash: UInt64) {
            var h = hash
            while index?[h] != nil { h &+= 1 }
            index?[h] = i
        }
    }
}

/// Many short lists of texts (the relation edges' evidence) in one table: their texts'
/// references one after another in one array, and where each list ends, read back as
/// `TextList`s. At 1 GB of text a list apiece (an array of a reference or two, each its own
/// allocation) took 83 MB at the build's peak for 2 million relation edges.
///
/// ```swift
/// var table = TextListTable.Builder(store: nil)
/// table.append([0, 2], of: ["a", "b", "c"])
/// table.build()[0]          // ["a", "c"]
/// ```
struct TextListTable: RandomAccessCollection, Sendable {
    /// The table's texts: in `store` by reference, or (without one) as strings.
    final class Texts: @unchecked Sendable {
        let store: TextStore?
        fileprivate let refs: [TextStore.Ref]
        fileprivate let strings: [String]
        /// Where each list ends among the texts.
        fileprivate let ends: [UInt32]

        fileprivate init(store: TextStore?, refs: [TextStore.Ref], strings: [String], ends: [UInt32]) {
            self.store = store
            self.refs = refs
            self.strings = strings
            self.ends = ends
        }

        func range(of list: Int) -> Range<Int> { (list == 0 ? 0 : Int(ends[list - 1]))..<Int(ends[list]) }

        func withBytes<R>(_ text: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
            if let store { return try store.withBytes(refs[text], body) }
            var string = strings[text]
            return try string.withUTF8(body)
        }
    }

    private let texts: Texts

    /// No lists.
    init() { texts = Texts(store: nil, refs: [], strings: [], ends: []) }
    private init(texts: Texts) { self.texts = texts }

    var startIndex: Int { 0 }
    var endIndex: Int { texts.ends.count }
    subscript(list: Int) -> TextList { TextList(table: texts, list: list) }

    /// A table being filled list by list. With a store, texts already in it are kept by
    /// reference (others are written into it); without one, as strings.
    struct Builder {
        private let store: TextStore?
        private var refs: [TextStore.Ref] = []
        private var strings: [String] = []
        private var ends: [UInt32] = []

        init(store: TextStore?) { self.store = store }

        var count: Int { ends.count }

        /// Adds a list of the texts at `positions` of `list`, in that order.
        mutating func append(_ positions: some Sequence<Int>, of list: TextList) {
            for p in positions { add(p, of: list) }
            endList()
        }

        /// Adds every list of `table`, in order.
        mutating func append(contentsOf table: TextListTable) {
            for list in table { append(list.indices, of: list) }
        }

        private mutating func add(_ position: Int, of list: TextList) {
            guard let store else { strings.append(list[position]); return }
            if let ref = list.ref(position, in: store) { refs.append(ref); return }
            refs.append(list.withBytes(position) { store.append(bytes: $0) })
        }

        private mutating func endList() {
            let end = store == nil ? strings.count : refs.count
            precondition(end <= UInt32.max, "more texts in one table than it can count")
            ends.append(UInt32(end))
        }

        func build() -> TextListTable { TextListTable(texts: Texts(store: store, refs: refs, strings: strings, ends: ends)) }
    }
}

extension TextList {
    /// The reference of text `position` when it is kept in `store`.
    fileprivate func ref(_ position: Int, in store: TextStore) -> TextStore.Ref? {
        switch storage {
        case .strings: nil
        case .stored(let s, let refs): s === store ? refs[position] : nil
        case .table(let table, let list): table.store === store ? table.refs[table.range(of: list).lowerBound + position] : nil
        }
    }
}
