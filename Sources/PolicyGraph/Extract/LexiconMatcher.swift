/// Finds every lexicon name in a text in one pass: a trie over folded Unicode scalars, built
/// once per lexicon (the `ExtractionPipeline` builds it once per build, never per block).
///
/// Matching folds full-width forms and Latin case (`world trade organization` finds the entry
/// `World Trade Organization`), except for names written all in capitals (`WHO`, `ISO`), which
/// must match exactly so ordinary words do not turn into acronyms. Whitespace in the text is
/// skipped while matching (`G20 研究小组` = `G20研究小组`, PDF text spaces freely), and a name
/// that begins or ends with a Latin letter or digit must sit on a word boundary, so `EU` is
/// not found inside `EUR` or `Europe`.
///
/// The trie is stored flat, because matching asks it something at every scalar of every
/// block: a double array over a dense alphabet (each folded scalar that occurs in a name gets
/// a small code; a scalar no name contains ends a match at once), with the terminals of all
/// nodes in one array. A step of the match reads one 16-byte slot: no hashing, no
/// dictionary, no allocation per character.
///
/// ```swift
/// let matcher = LexiconMatcher(lexicon: lexicon)
/// for m in matcher.matches(in: Array("根据WTO规则".unicodeScalars)) { print(m.start, m.end, m.entryIndex) }
/// ```
public struct LexiconMatcher: Sendable {
    /// One name found in the text; `entryIndex` is an index into `lexicon.entries`, or nil for
    /// a blocking phrase (`发展中国家`), which only stops shorter names inside it.
    public struct Match: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public var entryIndex: Int?
    }

    private struct Terminal: Sendable {
        var entryIndex: Int?
        /// Exact scalars for case-sensitive names (all-capital acronyms); nil when folded match suffices.
        var exact: [Unicode.Scalar]?
        var startsLatin: Bool
        var endsLatin: Bool
        /// A name written with a capital first letter (`Japan`) is not found in lower case
        /// (`japan` in a URL or a common word).
        var startsUpper: Bool
        /// The entry is an organisation (read per candidate when shorter names are kept).
        var isOrganization: Bool
    }

    /// A terminal as matching reads it: plain values only (no array to retain per
    /// candidate); the exact scalars are `exactScalars[exactStart..<exactStart + exactCount]`,
    /// `exactCount` -1 when folded match suffices.
    private struct CompiledTerminal: Sendable {
        var entryIndex: Int32
        var exactStart: Int32
        var exactCount: Int32
        var startsLatin: Bool
        var endsLatin: Bool
        var startsUpper: Bool
        var isOrganization: Bool
    }

    /// One slot of the double array. A trie node lives at some slot `n`; its child on the
    /// scalar with alphabet code `c` is at slot `base + c` of `n`, and is really its child
    /// when that slot's `check` is `n`. Eight bytes, so the table stays small enough for the
    /// processor's cache: a node with terminals stores its base bit-inverted (negative), and
    /// only then are its terminals looked up.
    private struct Slot: Sendable {
        var storedBase: Int32 = 0
        var check: Int32 = -1
        @inline(__always) var base: Int { storedBase < 0 ? Int(~storedBase) : Int(storedBase) }
        @inline(__always) var hasTerminals: Bool { storedBase < 0 }
    }

    /// The double array; the root is slot 0.
    private let slots: ContiguousArray<Slot>
    /// Terminals of the node at slot `n` are `terminalList[terminalStart[n]..<terminalStart[n + 1]]`.
    private let terminalStart: ContiguousArray<Int32>
    private let terminalList: ContiguousArray<CompiledTerminal>
    private let exactScalars: ContiguousArray<Unicode.Scalar>
    /// Alphabet code (1...) of each folded BMP scalar that occurs in a name, 0 for the rest:
    /// a scalar no name contains ends a match with one table read. Two levels, so a small
    /// alphabet (a document's learned names) needs a few pages, not a 128 KB table: the high
    /// byte picks a page of 256 codes in `bmpCodePages`, page 0 being all zeros.
    private let bmpPageOf: ContiguousArray<UInt16>
    private let bmpCodePages: ContiguousArray<UInt16>
    /// Folded scalars beyond the BMP that occur in names, sorted, and their codes.
    private let astralScalars: ContiguousArray<UInt32>
    private let astralCodes: ContiguousArray<Int32>
    public let lexicon: Lexicon

    /// `blocking`: phrases that contain a name but are not it (`发展中国家` holds `中国`).
    public init(lexicon: Lexicon, blocking: [String] = []) {
        self.lexicon = lexicon
        var builder = TrieBuilder()
        // About one edge per scalar of every name: no rehashing while the trie grows.
        builder.edges.reserveCapacity(lexicon.entries.reduce(0) { $0 + $1.names.reduce(0) { $0 + $1.unicodeScalars.count } }
                                      + blocking.reduce(0) { $0 + $1.unicodeScalars.count })
        for (i, entry) in lexicon.entries.enumerated() {
            // Each distinct name once. An entry has a handful of names: comparing them is
            // cheaper than hashing them into a set, and the order they arrive in does not
            // change what is matched (see `TrieBuilder.insert`).
            var distinct: [String] = []
            for name in entry.names where !distinct.contains(name) { distinct.append(name) }
            for name in distinct { builder.insert(name, entryIndex: i, isOrganization: entry.type == .organization) }
        }
        for phrase in blocking { builder.insert(phrase, entryIndex: nil, isOrganization: false) }

        // Alphabet: every folded scalar on some edge, numbered from 1, the most used first so
        // that the children of a node get close codes and pack densely.
        // Uses per scalar are counted in a flat table over the BMP when the lexicon is large,
        // in a dictionary otherwise and beyond the BMP (rare): a document's learned names build
        // a matcher of a few dozen edges, for which clearing a 256 KB table was most of the
        // work. Codes are read back from the page tables below, not from a dictionary.
        let edges = builder.edgeList
        var bmpUses = [Int32](repeating: 0, count: edges.count >= 1 << 14 ? 0x10000 : 0)
        var otherUses: [UInt32: Int] = [:]
        var alphabet: [UInt32] = []  // each scalar once, in order of first use
        for edge in edges {
            let scalar = edge.scalar
            if Int(scalar) < bmpUses.count {
                if bmpUses[Int(scalar)] == 0 { alphabet.append(scalar) }
                bmpUses[Int(scalar)] += 1
            } else {
                if otherUses[scalar] == nil { alphabet.append(scalar) }
                otherUses[scalar, default: 0] += 1
            }
        }
        func uses(_ scalar: UInt32) -> Int { Int(scalar) < bmpUses.count ? Int(bmpUses[Int(scalar)]) : otherUses[scalar]! }
        precondition(alphabet.count < Int(UInt16.max), "lexicon alphabet too large for 16-bit codes")
        var pageOf = ContiguousArray<UInt16>(repeating: 0, count: 256)
        for scalar in alphabet where scalar < 0x10000 && pageOf[Int(scalar >> 8)] == 0 {
            pageOf[Int(scalar >> 8)] = UInt16.max  // used; numbered below in page order
        }
        var pages = 0
        for high in 0..<256 where pageOf[high] != 0 { pages += 1; pageOf[high] = UInt16(pages) }
        var codePages = ContiguousArray<UInt16>(repeating: 0, count: (pages + 1) * 256)
        var astral: [(UInt32, Int32)] = []
        var astralCodeOf: [UInt32: Int32] = [:]
        let byUse = alphabet.map { (scalar: $0, uses: uses($0)) }
            .sorted { $0.uses != $1.uses ? $0.uses > $1.uses : $0.scalar < $1.scalar }
        for (n, scalar) in byUse.map(\.scalar).enumerated() {
            let code = Int32(n + 1)
            if scalar < 0x10000 {
                codePages[Int(pageOf[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)] = UInt16(code)
            } else {
                astral.append((scalar, code))
                astralCodeOf[scalar] = code
            }
        }
        /// The code of a scalar on some edge, read from the tables just built.
        func codeOf(_ scalar: UInt32) -> Int {
            scalar < 0x10000 ? Int(codePages[Int(pageOf[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)]) : Int(astralCodeOf[scalar]!)
        }

        // Place nodes breadth first: each node's children go to the first base where all
        // their slots are free, found by walking a linked list of the free slots.
        var slots = ContiguousArray<Slot>()
        var nextFree: [Int] = [], previousFree: [Int] = []
        var freeHead = -1, freeTail = -1
        func grow(to count: Int) {
            while slots.count < count {
                let t = slots.count
                slots.append(Slot())
                nextFree.append(-1); previousFree.append(freeTail)
                if freeTail >= 0 { nextFree[freeTail] = t } else { freeHead = t }
                freeTail = t
            }
        }
        func take(_ t: Int, check: Int) {
            slots[t].check = Int32(check)
            let p = previousFree[t], n = nextFree[t]
            if p >= 0 { nextFree[p] = n } else { freeHead = n }
            if n >= 0 { previousFree[n] = p } else { freeTail = p }
        }
        grow(to: alphabet.count + 1)
        take(0, check: 0)  // the root; no child lands on slot 0 (codes start at 1)
        // Children of node `n` are `edgeList[childEdges[n]..<childEdges[n + 1]]` after a counting sort by parent.
        var childEdges = [Int](repeating: 0, count: builder.nodeCount + 1)
        for edge in builder.edgeList { childEdges[Int(edge.parent) + 1] += 1 }
        for n in 0..<builder.nodeCount { childEdges[n + 1] += childEdges[n] }
        var byParent = [(scalar: UInt32, child: Int32)](repeating: (0, 0), count: builder.edgeList.count)
        var fill = childEdges
        for edge in builder.edgeList {
            byParent[fill[Int(edge.parent)]] = (edge.scalar, edge.child)
            fill[Int(edge.parent)] += 1
        }
        var slotOf = [Int](repeating: -1, count: builder.nodeCount)
        slotOf[0] = 0
        var queue = [0]
        var head = 0
        var children: [(code: Int, node: Int)] = []
        while head < queue.count {
            let node = queue[head]; head += 1
            let at = slotOf[node]
            children.removeAll(keepingCapacity: true)
            for edge in byParent[childEdges[node]..<childEdges[node + 1]] { children.append((codeOf(edge.scalar), Int(edge.child))) }
            children.sort { $0.code < $1.code }
            guard let lowest = children.first?.code, let highest = children.last?.code else { continue }
            var f = freeHead
            var base = 0
            while true {
                if f < 0 { grow(to: slots.count + slots.count / 4 + highest); f = freeHead; continue }
                base = f - lowest
                if base >= 0 {
                    if base + highest >= slots.count { grow(to: base + highest + 1 + slots.count / 4) }
                    if children.allSatisfy({ slots[base + $0.code].check == -1 }) { break }
                }
                f = nextFree[f]
            }
            slots[at].storedBase = Int32(base)
            for c in children {
                take(base + c.code, check: at)
                slotOf[c.node] = base + c.code
                queue.append(c.node)
            }
        }
        // Terminals in slot order, so that a node's range ends where the next slot's begins.
        var nodeAt = [Int](repeating: -1, count: slots.count)
        for (node, slot) in slotOf.enumerated() { nodeAt[slot] = node }
        var starts = ContiguousArray<Int32>()
        starts.reserveCapacity(slots.count + 1)
        var terminals = ContiguousArray<CompiledTerminal>()
        var exactScalars = ContiguousArray<Unicode.Scalar>()
        for slot in 0..<slots.count {
            starts.append(Int32(terminals.count))
            let node = nodeAt[slot]
            guard node >= 0 && !builder.terminals[node].isEmpty else { continue }
            for t in builder.terminals[node] {
                terminals.append(CompiledTerminal(entryIndex: Int32(t.entryIndex ?? -1), exactStart: Int32(exactScalars.count),
                                                  exactCount: Int32(t.exact?.count ?? -1), startsLatin: t.startsLatin,
                                                  endsLatin: t.endsLatin, startsUpper: t.startsUpper, isOrganization: t.isOrganization))
                exactScalars.append(contentsOf: t.exact ?? [])
            }
            slots[slot].storedBase = ~slots[slot].storedBase
        }
        starts.append(Int32(terminals.count))
        self.slots = slots
        self.terminalStart = starts
        self.terminalList = terminals
        self.exactScalars = exactScalars
        self.bmpPageOf = pageOf
        self.bmpCodePages = codePages
        astral.sort { $0.0 < $1.0 }
        self.astralScalars = ContiguousArray(astral.map(\.0))
        self.astralCodes = ContiguousArray(astral.map(\.1))
    }

    /// The trie while it is built: its edges in one table keyed by (node, folded scalar)
    /// and in a list, and a list of terminals per node.
    private struct TrieBuilder {
        var edges = EdgeTable()
        var edgeList: [(parent: Int32, scalar: UInt32, child: Int32)] = []
        var terminals: [[Terminal]] = [[]]
        var nodeCount = 1

        mutating func insert(_ name: String, entryIndex: Int?, isOrganization: Bool) {
            let scalars = Array(ScalarText.compatibilityNormalized(name).unicodeScalars).filter { !NameScalars.isSpace($0) }
            guard let first = scalars.first, let last = scalars.last else { return }
            // Single Latin letters and single Han characters are too ambiguous to look up blindly.
            if scalars.count == 1 { return }
            var node = 0
            for s in scalars {
                let f = NameScalars.fold(s).value
                let key = UInt64(node) << 21 | UInt64(f)
                if let next = edges.child(key) { node = Int(next) } else {
                    let child = Int32(nodeCount)
                    nodeCount += 1
                    terminals.append([])
                    edges.insert(key, child)
                    edgeList.append((Int32(node), f, child))
                    node = Int(child)
                }
            }
            let hasLower = scalars.contains { NameScalars.isLower(NameScalars.foldWidth($0)) }
            let hasUpper = scalars.contains { NameScalars.isUpper(NameScalars.foldWidth($0)) }
            let exact: [Unicode.Scalar]? = (hasUpper && !hasLower) ? scalars.map(NameScalars.foldWidth) : nil
            let t = Terminal(entryIndex: entryIndex, exact: exact,
                             startsLatin: NameScalars.isLatinAlnum(first), endsLatin: NameScalars.isLatinAlnum(last),
                             startsUpper: NameScalars.isUpper(NameScalars.foldWidth(first)), isOrganization: isOrganization)
            if let k = terminals[node].firstIndex(where: { $0.entryIndex == entryIndex && $0.exact == exact }) {
                // Names differing only in case (`E-commerce moratorium`, `e-commerce moratorium`)
                // share a node: the lower-case one allows lower-case matches, whichever came first
                // (keeping the first made builds differ while names arrived in hash order).
                terminals[node][k].startsUpper = terminals[node][k].startsUpper && t.startsUpper
            } else {
                terminals[node].append(t)
            }
        }
    }

    /// Trie edges by key `node << 21 | folded scalar`: open addressing with linear probing and
    /// a multiplicative hash, which suits these integer keys (a `Dictionary` ran its keyed
    /// hash for each, at every scalar of every name of every document's learned names).
    struct EdgeTable {
        /// `UInt64.max` marks an empty slot (a key stays below 2^53).
        private var keys = [UInt64](repeating: .max, count: 64)
        private var children = [Int32](repeating: 0, count: 64)
        private var count = 0
        /// log2 of the table size.
        private var bits = 6

        mutating func reserveCapacity(_ n: Int) {
            var b = 6
            while (1 << b) < 2 * n { b += 1 }
            if b > bits { rebuild(bits: b) }
        }

        func child(_ key: UInt64) -> Int32? {
            var slot = Self.slot(key, bits)
            let mask = (1 << bits) - 1
            while keys[slot] != .max {
                if keys[slot] == key { return children[slot] }
                slot = (slot + 1) & mask
            }
            return nil
        }

        /// Adds a key not in the table yet.
        mutating func insert(_ key: UInt64, _ child: Int32) {
            if 2 * (count + 1) > keys.count { rebuild(bits: bits + 1) }
            var slot = Self.slot(key, bits)
            let mask = (1 << bits) - 1
            while keys[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = key
            children[slot] = child
            count += 1
        }

        @inline(__always)
        private static func slot(_ key: UInt64, _ bits: Int) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
        }

        private mutating func rebuild(bits newBits: Int) {
            let oldKeys = keys, oldChildren = children
            bits = newBits
            keys = [UInt64](repeating: .max, count: 1 << newBits)
            children = [Int32](repeating: 0, count: 1 << newBits)
            count = 0
            for (k, c) in zip(oldKeys, oldChildren) where k != .max { insert(k, c) }
        }
    }

    /// The alphabet code of a folded scalar, 0 when no name contains it.
    @inline(__always)
    private func code(_ scalar: UInt32, _ pageOf: UnsafeBufferPointer<UInt16>, _ pages: UnsafeBufferPointer<UInt16>) -> Int {
        if scalar < 0x10000 { return Int(pages[Int(pageOf[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)]) }
        return astralCode(scalar)
    }

    private func astralCode(_ scalar: UInt32) -> Int {
        var lo = 0, hi = astralScalars.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if astralScalars[mid] < scalar { lo = mid + 1 } else { hi = mid }
        }
        return lo < astralScalars.count && astralScalars[lo] == scalar ? Int(astralCodes[lo]) : 0
    }

    /// The child of the node at slot `node` on alphabet code `code`, or -1.
    @inline(__always)
    private static func child(_ node: Int, _ code: Int, _ slots: UnsafeBufferPointer<Slot>) -> Int {
        let t = slots[node].base + code
        return t < slots.count && slots[t].check == Int32(truncatingIfNeeded: node) ? t : -1
    }

    /// Whether the non-space scalars of `text[from..<to]`, width-folded, are `exact` (checked
    /// in place: no array is built per position).
    @inline(__always)
    private static func matchesExactly(_ exact: UnsafeBufferPointer<Unicode.Scalar>, _ text: UnsafeBufferPointer<Unicode.Scalar>,
                                       from: Int, to: Int) -> Bool {
        var k = 0
        for p in from..<to where !NameScalars.isSpace(text[p]) {
            guard k < exact.count, NameScalars.foldWidth(text[p]) == exact[k] else { return false }
            k += 1
        }
        return k == exact.count
    }

    /// The longest valid name starting at each position, preceded by any shorter organisation
    /// names at that position (sorted by end); a blocking phrase counts as a name
    /// here so that what it covers is not found, and is returned with `entryIndex == nil`.
    public func matches(in text: [Unicode.Scalar]) -> [Match] {
        text.withUnsafeBufferPointer { matches(in: $0) }
    }

    func matches(in text: UnsafeBufferPointer<Unicode.Scalar>) -> [Match] {
        slots.withUnsafeBufferPointer { slots in
            terminalStart.withUnsafeBufferPointer { termStart in
                terminalList.withUnsafeBufferPointer { terms in
                    exactScalars.withUnsafeBufferPointer { exact in
                        bmpPageOf.withUnsafeBufferPointer { pageOf in
                            bmpCodePages.withUnsafeBufferPointer { pages in
                                matches(in: text, slots, termStart, terms, exact, pageOf, pages)
                            }
                        }
                    }
                }
            }
        }
    }

    private func matches(in text: UnsafeBufferPointer<Unicode.Scalar>, _ slots: UnsafeBufferPointer<Slot>,
                         _ termStart: UnsafeBufferPointer<Int32>, _ terms: UnsafeBufferPointer<CompiledTerminal>,
                         _ exact: UnsafeBufferPointer<Unicode.Scalar>, _ pageOf: UnsafeBufferPointer<UInt16>,
                         _ pages: UnsafeBufferPointer<UInt16>) -> [Match] {
        var result: [Match] = []
        // Shorter names of bodies at the same start (`G20` in `G20 Trade and Investment
        // Working Group`): the settling step decides whether the longer name keeps them. One
        // buffer for every position.
        var shorter: [Match] = []
        let n = text.count
        var i = 0
        while i < n {
            let s = text[i]
            // Most positions open no name: the root has no child on their scalar. (Spaces are
            // among them: no name holds one, so a space has no code.)
            let firstCode = code(NameScalars.fold(s).value, pageOf, pages)
            if firstCode == 0 || Self.child(0, firstCode, slots) < 0 { i += 1; continue }
            let prevLatin = i > 0 && NameScalars.isLatinAlnum(text[i - 1])
            // Inside a Latin word nothing can start: a name whose first scalar folds to this
            // Latin letter or digit starts with one itself, so it must sit on a word boundary.
            // (Most positions of English text are such; no walk is started for them.)
            if prevLatin && NameScalars.isLatinAlnum(s) { i += 1; continue }
            var node = 0
            var j = i
            var best: Match?
            var bestIsOrganization = false
            if !shorter.isEmpty { shorter.removeAll(keepingCapacity: true) }
            let startsUpper = NameScalars.isUpper(NameScalars.foldWidth(s))
            while j < n {
                let c = text[j]
                if NameScalars.isSpace(c) { j += 1; continue }
                let k = code(NameScalars.fold(c).value, pageOf, pages)
                if k == 0 { break }
                let next = Self.child(node, k, slots)
                if next < 0 { break }
                node = next
                j += 1
                guard slots[node].hasTerminals else { continue }
                for k in Int(termStart[node])..<Int(termStart[node + 1]) {
                    let t = terms[k]
                    if t.startsLatin && prevLatin { continue }
                    if t.endsLatin && j < n && NameScalars.isLatinAlnum(text[j]) { continue }
                    if t.exactCount >= 0, !Self.matchesExactly(
                        UnsafeBufferPointer(rebasing: exact[Int(t.exactStart)..<Int(t.exactStart + t.exactCount)]), text, from: i, to: j) { continue }
                    if t.startsUpper && !startsUpper { continue }
                    // Prefer a real entry over a blocking phrase of the same span.
                    let entryIndex: Int? = t.entryIndex >= 0 ? Int(t.entryIndex) : nil
                    if best == nil || best!.end < j || (best!.end == j && best!.entryIndex == nil && entryIndex != nil) {
                        if let b = best, b.end < j, b.entryIndex != nil, bestIsOrganization,
                           shorter.last?.end != b.end {
                            shorter.append(b)
                        }
                        best = Match(start: i, end: j, entryIndex: entryIndex)
                        bestIsOrganization = t.isOrganization
                    }
                }
            }
            if let b = best {
                if b.entryIndex != nil { result += shorter }
                result.append(b)
            }
            i += 1
        }
        return result
    }
}
