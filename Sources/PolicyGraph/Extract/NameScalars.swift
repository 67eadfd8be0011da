/// Classification and folding of single Unicode scalars, shared by the name recognisers so
/// every component agrees on what a letter, a Han character or a boundary is.
///
/// ```swift
/// NameScalars.isHan("世")            // true
/// NameScalars.fold("Ｗ")              // "w": full-width folded, Latin lower-cased
/// ```
enum NameScalars {
    /// The segmenter's Han ranges plus `〇`, which names and numeral years (`二〇二一年`) use.
    @inline(__always) static func isHan(_ s: Unicode.Scalar) -> Bool {
        ScalarClass.isHan(s) || s.value == 0x3007
    }
    @inline(__always) static func isUpper(_ s: Unicode.Scalar) -> Bool { (0x41...0x5A).contains(s.value) }
    @inline(__always) static func isLower(_ s: Unicode.Scalar) -> Bool { (0x61...0x7A).contains(s.value) }
    @inline(__always) static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { (0x30...0x39).contains(s.value) }
    /// Latin letter or digit, ASCII or full-width: what a Latin word is made of.
    @inline(__always) static func isLatinAlnum(_ s: Unicode.Scalar) -> Bool {
        let f = foldWidth(s).value
        return (0x30...0x39).contains(f) || (0x41...0x5A).contains(f) || (0x61...0x7A).contains(f)
            || (0xC0...0x24F).contains(f)
    }
    @inline(__always) static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x20 || s.value == 0x09 || s.value == 0x0A || s.value == 0x0D || s.value == 0xA0
            || s.value == 0x3000 || (0x2000...0x200B).contains(s.value)
    }
    /// Full-width ASCII (`Ａ`, `１`, `（`) to ASCII; everything else unchanged.
    @inline(__always) static func foldWidth(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if (0xFF01...0xFF5E).contains(s.value) { return Unicode.Scalar(s.value - 0xFEE0)! }
        return s
    }
    /// Width-folded and ASCII lower-cased: the form lexicon names are matched in.
    @inline(__always) static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let w = foldWidth(s)
        if isUpper(w) { return Unicode.Scalar(w.value + 32)! }
        return w
    }
    /// Normalised comparison form of a surface: NFKC, Latin case-folded, whitespace removed.
    /// Two surfaces that differ only in these ways are the same name.
    static func normalizedKey(_ surface: String) -> String {
        if let key = stableKey(of: surface) { return key }
        var out: [Unicode.Scalar] = []
        for s in ScalarText.compatibilityNormalized(surface).unicodeScalars where !isSpace(s) {
            out.append(fold(s))
        }
        return ScalarText.string(out)
    }

    /// `prefix` + `normalizedKey(surface)`, worked out on the UTF-8 bytes when NFKC leaves the
    /// surface alone (nearly always); nil otherwise. Among such text the only spaces are ASCII
    /// blanks, the only scalars folding changes are `A`–`Z` (full-width forms are not in it),
    /// and the bytes of other scalars are all above ASCII: dropping the blanks and lowering the
    /// capitals byte by byte is the whole key, written straight into the new string.
    static func stableKey(of surface: String, prefixedBy prefix: String = "") -> String? {
        var surface = surface, prefix = prefix
        return surface.withUTF8 { text -> String? in
            guard isCompatibilityStable(text) else { return nil }
            return prefix.withUTF8 { head in
                String(unsafeUninitializedCapacity: head.count + text.count) { out in
                    var n = 0
                    for b in head { out[n] = b; n += 1 }
                    for b in text where !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D) {
                        out[n] = (0x41...0x5A).contains(b) ? b + 32 : b
                        n += 1
                    }
                    return n
                }
            }
        }
    }

    /// `ScalarText.isCompatibilityStable` for every scalar of valid UTF-8, decoded in place
    /// (every stable scalar is in the BMP, so a four-byte one answers no at once).
    static func isCompatibilityStable(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < text.count {
            let b = UInt32(text[i])
            let v: UInt32
            if b < 0x80 { i += 1; continue }
            if b < 0xE0 {
                v = (b & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F); i += 2
            } else if b < 0xF0 {
                v = (b & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F); i += 3
            } else {
                return false
            }
            guard let scalar = Unicode.Scalar(v), ScalarText.isCompatibilityStable(scalar) else { return false }
        }
        return true
    }
}

import Foundation
