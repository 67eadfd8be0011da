/// A quick test of whether a text can hold any of a build's learned names, read straight from
/// its UTF-8 bytes: most blocks of a build hold none, and for them decoding the block into
/// scalars and walking the names' trie at every position is pure cost.
///
/// The matcher finds a name from its folded scalars with whitespace skipped, so a text holds
/// a name only if some run of neighbouring non-space scalars, folded, is the opening of a
/// name: its first four scalars, or all of a shorter one. The filter keeps those openings,
/// hashed, in bit tables (a collision costs only a needless scan, never a missed name). Like
/// the matcher, it finds a name that starts (or, when the opening is the whole name, ends)
/// with a Latin letter or digit only on a word boundary, so `EU` does not open in `Europe`.
///
/// ```swift
/// let filter = LearnedNameFilter(names: ["数字经济任务组", "DETF"])
/// filter.mayContainName("各方设立了 DETF。")  // true
/// filter.mayContainName("全球货物贸易")        // false
/// ```
struct LearnedNameFilter: Sendable {
    /// Openings are compared on up to four scalars: two are common in any text (`12` opens
    /// the matcher's own entry names, `0\tDETF`), four rarely are.
    private static let openingLength = 4
    /// 2^15 bits per table: a few thousand names set a few percent of them.
    private static let tableBits = 15
    private static let tableWords = (1 << tableBits) / 64
    /// Bit tables, one after another in one array: for each opening length (2...4) first one
    /// of every opening, read at every scalar, then one per boundary rule (start, end), read
    /// only when the first one has the opening. See `table(length:rule:)`.
    private var bits: [UInt64]
    /// Whether any name has an opening of each length (by length).
    private var hasLength = [Bool](repeating: false, count: openingLength + 1)
    /// Set when some name has a single scalar: no opening speaks for it alone, so every text
    /// is scanned.
    private var scansEverything = false
    private var isEmpty = true

    /// The first word of a table: `rule` 0 is any opening of the length; 1 + (start ? 2 : 0)
    /// + (end ? 1 : 0) those with that boundary rule.
    @inline(__always)
    private static func table(length: Int, rule: Int) -> Int { ((length - 2) * 5 + rule) * tableWords }

    /// `names` as the matcher inserts them (every name of every entry of its lexicon).
    init<Names: Sequence<String>>(names: Names) {
        bits = [UInt64](repeating: 0, count: 3 * 5 * Self.tableWords)
        for name in names {
            // The same normal form the matcher builds its trie from.
            let scalars = ScalarText.compatibilityNormalized(name).unicodeScalars.filter { !NameScalars.isSpace($0) }
            if scalars.count == 1 { scansEverything = true }
            guard scalars.count >= 2, let first = scalars.first, let last = scalars.last else { continue }
            let opening = scalars.prefix(Self.openingLength).map { NameScalars.fold($0).value }
            let whole = scalars.count <= Self.openingLength
            let rule = 1 + (NameScalars.isLatinAlnum(first) ? 2 : 0) + (whole && NameScalars.isLatinAlnum(last) ? 1 : 0)
            let s = Self.slot(opening)
            for t in [Self.table(length: opening.count, rule: 0), Self.table(length: opening.count, rule: rule)] {
                bits[t + s >> 6] |= 1 << UInt64(s & 63)
            }
            hasLength[opening.count] = true
            isEmpty = false
        }
    }

    /// False only when no learned name can occur in `text`.
    func mayContainName(_ text: String) -> Bool {
        if scansEverything { return true }
        if isEmpty { return false }
        var text = text
        return text.withUTF8 { bytes in bits.withUnsafeBufferPointer { containsOpening(bytes, $0) } }
    }

    /// The scalar starting at byte `i`, and the offset just after it (the text is valid
    /// UTF-8: it is a Swift String).
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: Unicode.Scalar, next: Int) {
        let b = UInt32(bytes[i])
        var v: UInt32
        var next: Int
        if b < 0x80 {
            v = b; next = i + 1
        } else if b < 0xE0 {
            v = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); next = i + 2
        } else if b < 0xF0 {
            v = (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); next = i + 3
        } else {
            v = (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F); next = i + 4
        }
        return (Unicode.Scalar(v) ?? " ", next)
    }

    private func containsOpening(_ bytes: UnsafeBufferPointer<UInt8>, _ bits: UnsafeBufferPointer<UInt64>) -> Bool {
        // The last four non-space folded scalars (r3 the most recent), and for each whether
        // the scalar just before it in the text (space or not) was a Latin letter or digit.
        var r0: UInt32 = 0, r1: UInt32 = 0, r2: UInt32 = 0, r3: UInt32 = 0
        var l0 = false, l1 = false, l2 = false, l3 = false
        var previousIsLatin = false
        var seen = 0
        var i = 0
        let has2 = hasLength[2], has3 = hasLength[3], has4 = hasLength[4]
        while i < bytes.count {
            let (scalar, next) = Self.decode(bytes, at: i)
            i = next
            let isLatin = NameScalars.isLatinAlnum(scalar)
            defer { previousIsLatin = isLatin }
            if NameScalars.isSpace(scalar) { continue }
            (r0, r1, r2, r3) = (r1, r2, r3, NameScalars.fold(scalar).value)
            (l0, l1, l2, l3) = (l1, l2, l3, previousIsLatin)
            seen += 1
            if has2 && seen >= 2 && opens(length: 2, Self.slot2(r2, r3), afterLatin: l2, bytes, next: i, bits) { return true }
            if has3 && seen >= 3 && opens(length: 3, Self.slot3(r1, r2, r3), afterLatin: l1, bytes, next: i, bits) { return true }
            if has4 && seen >= 4 && opens(length: 4, Self.slot4(r0, r1, r2, r3), afterLatin: l0, bytes, next: i, bits) { return true }
        }
        return false
    }

    /// Whether an opening of `length` scalars ending just before byte `next` may start a name,
    /// boundary rules included: a name starting with a Latin letter or digit cannot follow
    /// one, nor can one ending with one be followed by one.
    @inline(__always)
    private func opens(length: Int, _ s: Int, afterLatin: Bool, _ bytes: UnsafeBufferPointer<UInt8>, next: Int,
                       _ bits: UnsafeBufferPointer<UInt64>) -> Bool {
        @inline(__always) func has(_ rule: Int) -> Bool { bits[Self.table(length: length, rule: rule) + s >> 6] & (1 << UInt64(s & 63)) != 0 }
        guard has(0) else { return false }
        let nextIsLatin = next < bytes.count && NameScalars.isLatinAlnum(Self.decode(bytes, at: next).scalar)
        return has(1) || (!nextIsLatin && has(2)) || (!afterLatin && has(3)) || (!afterLatin && !nextIsLatin && has(4))
    }

    @inline(__always) private static func mix(_ h: UInt64, _ s: UInt32) -> UInt64 { (h ^ UInt64(s)) &* 0x9E37_79B9_7F4A_7C15 }
    @inline(__always) private static func finish(_ h: UInt64) -> Int { Int(truncatingIfNeeded: (h ^ (h >> 29)) >> UInt64(64 - tableBits)) }
    private static let seed: UInt64 = 0x243F_6A88_85A3_08D3
    @inline(__always) private static func slot2(_ a: UInt32, _ b: UInt32) -> Int { finish(mix(mix(seed, a), b)) }
    @inline(__always) private static func slot3(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> Int { finish(mix(mix(mix(seed, a), b), c)) }
    @inline(__always) private static func slot4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> Int {
        finish(mix(mix(mix(mix(seed, a), b), c), d))
    }

    private static func slot(_ opening: [UInt32]) -> Int {
        switch opening.count {
        case 2: slot2(opening[0], opening[1])
        case 3: slot3(opening[0], opening[1], opening[2])
        default: slot4(opening[0], opening[1], opening[2], opening[3])
        }
    }
}
