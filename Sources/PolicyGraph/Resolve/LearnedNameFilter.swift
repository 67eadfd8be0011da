/// A quick test of whether a text can hold any of a build's learned names, read straight from
/// its UTF-8 bytes: most blocks of a build hold none, and for them decoding the block into
/// scalars and walking the names' trie at every position is pure cost.
///
/// The matcher finds a name from its folded scalars with whitespace skipped, so a text holds
/// a name only if some run of neighbouring non-space scalars, folded, is the opening of a
/// name: its first four scalars, or all of a shorter one. The filter keeps those openings,
/// hashed, in a bit table per length (a collision costs only a needless scan, never a
/// missed name).
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
    /// `tables[n - 1]` holds the openings of length `n` (index 0, single scalars, stays empty).
    private var tables = [[UInt64]](repeating: [], count: openingLength)
    /// Set when some name has a single scalar: no opening speaks for it alone, so every text
    /// is scanned.
    private var scansEverything = false

    /// `names` as the matcher inserts them (every name of every entry of its lexicon).
    init<Names: Sequence<String>>(names: Names) {
        for name in names {
            // The same normal form the matcher builds its trie from.
            var opening: [UInt32] = []
            for s in ScalarText.compatibilityNormalized(name).unicodeScalars where !NameScalars.isSpace(s) {
                opening.append(NameScalars.fold(s).value)
                if opening.count == Self.openingLength { break }
            }
            if opening.count == 1 { scansEverything = true }
            guard opening.count >= 2 else { continue }
            let s = Self.slot(opening[...])
            if tables[opening.count - 1].isEmpty { tables[opening.count - 1] = [UInt64](repeating: 0, count: (1 << Self.tableBits) / 64) }
            tables[opening.count - 1][s >> 6] |= 1 << UInt64(s & 63)
        }
    }

    /// False only when no learned name can occur in `text`.
    func mayContainName(_ text: String) -> Bool {
        if scansEverything { return true }
        if tables.allSatisfy(\.isEmpty) { return false }
        var text = text
        return text.withUTF8 { containsOpening($0) }
    }

    private func containsOpening(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // The last `openingLength` non-space folded scalars, most recent last.
        var recent = [UInt32](repeating: 0, count: Self.openingLength)
        var seen = 0
        var i = 0
        let n = bytes.count
        while i < n {
            // Decode one scalar (the text is valid UTF-8: it is a Swift String).
            let b = UInt32(bytes[i])
            var v: UInt32
            if b < 0x80 {
                v = b; i += 1
            } else if b < 0xE0 {
                v = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
            } else if b < 0xF0 {
                v = (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
            } else {
                v = (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F); i += 4
            }
            let scalar = Unicode.Scalar(v) ?? " "
            if NameScalars.isSpace(scalar) { continue }
            for k in 1..<Self.openingLength { recent[k - 1] = recent[k] }
            recent[Self.openingLength - 1] = NameScalars.fold(scalar).value
            seen += 1
            if seen < 2 { continue }
            // Openings ending here, of every length with names.
            for length in 2...min(seen, Self.openingLength) where !tables[length - 1].isEmpty {
                let s = Self.slot(recent[(Self.openingLength - length)...])
                if tables[length - 1][s >> 6] & (1 << UInt64(s & 63)) != 0 { return true }
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
