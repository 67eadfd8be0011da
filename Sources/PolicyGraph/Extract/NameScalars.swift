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
        var bytes: [UInt8] = []
        if appendStableKey(of: surface, to: &bytes) { return String(decoding: bytes, as: UTF8.self) }
        var out: [Unicode.Scalar] = []
        for s in ScalarText.compatibilityNormalized(surface).unicodeScalars where !isSpace(s) {
            out.append(fold(s))
        }
        return ScalarText.string(out)
    }

    /// `normalizedKey(surface)`'s UTF-8 appended to `bytes`, worked out on the bytes when
    /// NFKC leaves the surface alone (nearly always); false, with nothing appended, otherwise.
    /// Among such text the only spaces are ASCII blanks, the only scalars folding changes are
    /// `A`–`Z` (full-width forms are not in it), and the bytes of other scalars are all above
    /// ASCII: dropping the blanks and lowering the capitals byte by byte is the whole key.
    static func appendStableKey(of surface: String, to bytes: inout [UInt8]) -> Bool {
        guard surface.unicodeScalars.allSatisfy(ScalarText.isCompatibilityStable) else { return false }
        for b in surface.utf8 where !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D) {
            bytes.append((0x41...0x5A).contains(b) ? b + 32 : b)
        }
        return true
    }
}

import Foundation
