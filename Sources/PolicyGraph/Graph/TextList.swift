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
    }

    private var storage: Storage

    public init() { storage = .strings([]) }
    public init(_ strings: [String]) { storage = .strings(strings) }
    public init(arrayLiteral elements: String...) { storage = .strings(elements) }

    init(store: TextStore, refs: [TextStore.Ref]) { storage = .stored(store, refs) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .strings(let strings): strings.count
        case .stored(_, let refs): refs.count
        }
    }

    public subscript(position: Int) -> String {
        switch storage {
        case .strings(let strings): strings[position]
        case .stored(let store, let refs): store.string(refs[position])
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
        }
    }

    /// The positions of the distinct texts among `positions`, sorted as `String`s sort
    /// (`distinctSorted`'s order): equal bytes are found by hash first, then the survivors
    /// are read as strings for the sort, which is what sorting strings would do.
    func distinctSortedPositions(_ positions: some Sequence<Int>) -> [Int] {
        var seen: [UInt64: [Int]] = [:]
        var unique: [Int] = []
        for p in positions {
            let h = withBytes(p) { ByteStringTable.hash($0) }
            if let same = seen[h], same.contains(where: { bytesEqual($0, p) }) { continue }
            seen[h, default: []].append(p)
            unique.append(p)
        }
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

    /// Drops the resident pages of the store these texts are in, if any (`TextStore.dropResidentPages`).
    func dropStorePages() {
        if case .stored(let store, _) = storage { store.dropResidentPages() }
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
                    for i in 0..<list.count where list.withBytes(i, { ByteStringTable.same($0, bytes) }) { return Int32(i) }
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
