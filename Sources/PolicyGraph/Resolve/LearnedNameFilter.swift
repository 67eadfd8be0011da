/// A quick test of whether a text can hold any of a build's learned names, read straight from
/// its UTF-8 bytes: most blocks of a build hold none, and for them decoding the block into
/// scalars and walking the names' trie at every position is pure cost.
///
/// The matcher finds a name from its folded scalars with whitespace skipped, and every name it
/// finds has at least two scalars; so a text holds a name only if some pair of neighbouring
/// non-space scalars, folded, is the opening pair of a name. The filter keeps those opening
/// pairs in a bit table (hashed: a collision costs only a needless scan, never a missed name).
///
/// ```swift
/// let filter = LearnedNameFilter(names: ["数字经济任务组", "DETF"])
/// filter.mayContainName("各方设立了 DETF。")  // true
/// filter.mayContainName("全球货物贸易")        // false
/// ```
struct LearnedNameFilter: Sendable {
    /// 2^18 bits: a few hundred names set well under 1% of them.
    private static let tableBits = 18
    private var openingPairs = [UInt64](repeating: 0, count: (1 << tableBits) / 64)
    /// Set when some name has a single scalar: no pair speaks for it, so every text is scanned.
    private var scansEverything = false

    /// `names` as the matcher inserts them (every name of every entry of its lexicon).
    init<Names: Sequence<String>>(names: Names) {
        for name in names {
            // The same normal form the matcher builds its trie from.
            var opening: [UInt32] = []
            for s in ScalarText.compatibilityNormalized(name).unicodeScalars where !NameScalars.isSpace(s) {
                opening.append(NameScalars.fold(s).value)
                if opening.count == 2 { break }
            }
            switch opening.count {
            case 2: setPair(opening[0], opening[1])
            case 1: scansEverything = true
            default: break
            }
        }
    }

    /// False only when no learned name can occur in `text`.
    func mayContainName(_ text: String) -> Bool {
        if scansEverything { return true }
        var text = text
        return text.withUTF8 { containsOpeningPair($0) }
    }

    private func containsOpeningPair(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt32 = 0
        var havePrevious = false
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
            let folded = NameScalars.fold(scalar).value
            if havePrevious && hasPair(previous, folded) { return true }
            previous = folded
            havePrevious = true
        }
        return false
    }

    @inline(__always)
    private static func slot(_ a: UInt32, _ b: UInt32) -> Int {
        let mixed = (UInt64(a) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(b) &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: (mixed ^ (mixed >> 29)) >> UInt64(64 - tableBits))
    }

    private mutating func setPair(_ a: UInt32, _ b: UInt32) {
        let s = Self.slot(a, b)
        openingPairs[s >> 6] |= 1 << UInt64(s & 63)
    }

    @inline(__always)
    private func hasPair(_ a: UInt32, _ b: UInt32) -> Bool {
        let s = Self.slot(a, b)
        return openingPairs[s >> 6] & (1 << UInt64(s & 63)) != 0
    }
}
