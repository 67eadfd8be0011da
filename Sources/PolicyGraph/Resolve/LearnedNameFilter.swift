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
    /// Openings are compared on up to this many scalars: two are common in any text (`12`
    /// opens the matcher's own entry names, `0\tDETF`), four rarely are.
    private static let openingLength = 4
    /// 2^18 bits per table: a few thousand names set a few percent of them.
    private static let tableBits = 18
    /// One table per opening length (2...4) and boundary rule (start, end), at
    /// `table(length:start:end:)`; empty when no name needs it.
    private var tables = [[UInt64]](repeating: [], count: 4 * openingLength)
    /// Set when some name has a single scalar: no opening speaks for it alone, so every text
    /// is scanned.
    private var scansEverything = false

    @inline(__always)
    private static func table(length: Int, start: Bool, end: Bool) -> Int {
        (length - 1) * 4 + (start ? 2 : 0) + (end ? 1 : 0)
    }

    /// `names` as the matcher inserts them (every name of every entry of its lexicon).
    init<Names: Sequence<String>>(names: Names) {
        for name in names {
            // The same normal form the matcher builds its trie from.
            let scalars = ScalarText.compatibilityNormalized(name).unicodeScalars.filter { !NameScalars.isSpace($0) }
            if scalars.count == 1 { scansEverything = true }
            guard scalars.count >= 2, let first = scalars.first, let last = scalars.last else { continue }
            let opening = scalars.prefix(Self.openingLength).map { NameScalars.fold($0).value }
            let whole = scalars.count <= Self.openingLength
            let t = Self.table(length: opening.count, start: NameScalars.isLatinAlnum(first),
                               end: whole && NameScalars.isLatinAlnum(last))
            let s = Self.slot(opening[...])
            if tables[t].isEmpty { tables[t] = [UInt64](repeating: 0, count: (1 << Self.tableBits) / 64) }
            tables[t][s >> 6] |= 1 << UInt64(s & 63)
        }
    }

    /// False only when no learned name can occur in `text`.
    func mayContainName(_ text: String) -> Bool {
        if scansEverything { return true }
        if tables.allSatisfy(\.isEmpty) { return false }
        var text = text
        return text.withUTF8 { containsOpening($0) }
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

    private func containsOpening(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let width = Self.openingLength
        // The last `width` non-space folded scalars, most recent last, and for each whether
        // the scalar just before it in the text (space or not) was a Latin letter or digit.
        var recent = [UInt32](repeating: 0, count: width)
        var afterLatin = [Bool](repeating: false, count: width)
        var previousIsLatin = false
        var seen = 0
        var i = 0
        while i < bytes.count {
            let (scalar, next) = Self.decode(bytes, at: i)
            i = next
            let isLatin = NameScalars.isLatinAlnum(scalar)
            defer { previousIsLatin = isLatin }
            if NameScalars.isSpace(scalar) { continue }
            for k in 1..<width { recent[k - 1] = recent[k]; afterLatin[k - 1] = afterLatin[k] }
            recent[width - 1] = NameScalars.fold(scalar).value
            afterLatin[width - 1] = previousIsLatin
            seen += 1
            if seen < 2 { continue }
            // Openings ending here, of every length with names.
            for length in 2...min(seen, width) {
                let s = Self.slot(recent[(width - length)...])
                for rule in 0..<4 {
                    let start = rule & 2 != 0, end = rule & 1 != 0
                    let t = Self.table(length: length, start: start, end: end)
                    guard !tables[t].isEmpty, tables[t][s >> 6] & (1 << UInt64(s & 63)) != 0 else { continue }
                    // A name starting with a Latin letter or digit cannot follow one, nor can
                    // one ending with one be followed by one.
                    if start && afterLatin[width - length] { continue }
                    if end && i < bytes.count && NameScalars.isLatinAlnum(Self.decode(bytes, at: i).scalar) { continue }
                    return true
                }
            }
        }
        return false
    }

    @inline(__always)
    private static func slot(_ scalars: ArraySlice<UInt32>) -> Int {
        var mixed: UInt64 = 0x243F_6A88_85A3_08D3
        for s in scalars { mixed = (mixed ^ UInt64(s)) &* 0x9E37_79B9_7F4A_7C15 }
        return Int(truncatingIfNeeded: (mixed ^ (mixed >> 29)) >> UInt64(64 - tableBits))
    }
}
