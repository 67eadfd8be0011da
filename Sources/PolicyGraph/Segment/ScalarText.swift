import Foundation

/// Strings made from Unicode scalars, for the hot paths of segmentation and extraction that
/// work on `[Unicode.Scalar]` and build a `String` only for what they keep.
///
/// `String.UnicodeScalarView.append(contentsOf:)` appends scalar by scalar through generic
/// code (thousands of instructions for a short word); `ScalarText.string` measures the UTF-8
/// once and writes it straight into the new string's storage. The result holds exactly the
/// same scalars, so the same bytes.
///
/// ```swift
/// let scalars = Array("世界贸易组织（WTO）".unicodeScalars)
/// ScalarText.string(scalars[0..<6])                 // "世界贸易组织"
/// ScalarText.compatibilityNormalized("１８.９％")      // "18.9%", as NFKC
/// ```
enum ScalarText {
    /// A string of exactly these scalars.
    @inline(__always)
    static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var count = 0
        for s in scalars { count += UTF8.width(s) }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            for s in scalars {
                let v = s.value
                if v < 0x80 {
                    buffer[i] = UInt8(truncatingIfNeeded: v); i += 1
                } else if v < 0x800 {
                    buffer[i] = UInt8(truncatingIfNeeded: 0xC0 | (v >> 6))
                    buffer[i + 1] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)); i += 2
                } else if v < 0x10000 {
                    buffer[i] = UInt8(truncatingIfNeeded: 0xE0 | (v >> 12))
                    buffer[i + 1] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F))
                    buffer[i + 2] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)); i += 3
                } else {
                    buffer[i] = UInt8(truncatingIfNeeded: 0xF0 | (v >> 18))
                    buffer[i + 1] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F))
                    buffer[i + 2] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F))
                    buffer[i + 3] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)); i += 4
                }
            }
            return i
        }
    }

    /// The scalars of `text`, decoded straight from its UTF-8 storage: one pass counts the
    /// scalars (every byte that is not a continuation byte starts one), a second decodes them.
    /// (`Array(text.unicodeScalars)` walks the text twice through the generic decoder.)
    static func scalars(_ text: String) -> [Unicode.Scalar] {
        let decoded = text.utf8.withContiguousStorageIfAvailable { bytes -> [Unicode.Scalar] in
            let count = bytes.count - continuationBytes(bytes)
            return [Unicode.Scalar](unsafeUninitializedCapacity: count) { out, initialized in
                var i = 0, n = 0
                while i < bytes.count {
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
                            | UInt32(bytes[i + 3] & 0x3F)
                        i += 4
                    }
                    // A String's UTF-8 is valid, so every value is a scalar.
                    (out.baseAddress! + n).initialize(to: Unicode.Scalar(v).unsafelyUnwrapped)
                    n += 1
                }
                initialized = n
            }
        }
        return decoded ?? Array(text.unicodeScalars)
    }

    /// How many bytes are UTF-8 continuation bytes (`10xxxxxx`), read eight at a time: a
    /// byte's top bit set and the bit below it clear is `w & ~(w << 1)` masked to the top bits
    /// (the shift moves each byte's bit 6 onto its bit 7; what crosses into the next byte is
    /// masked away), instead of a test per byte.
    static func continuationBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0, i = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= bytes.count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                n += (w & ~(w << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                i += 8
            }
        }
        while i < bytes.count {
            if bytes[i] & 0xC0 == 0x80 { n += 1 }
            i += 1
        }
        return n
    }

    /// Scalars that NFKC leaves as they are wherever they stand: no compatibility or canonical
    /// mapping, combining class 0, and never the second half of a composition. ASCII, Latin-1
    /// letters, CJK ideographs (basic block and extension A) and the Chinese punctuation and
    /// quotes of running text. (Full-width forms, the ideographic space and `…` are mapped by
    /// NFKC, so they are not here.)
    @inline(__always)
    static func isCompatibilityStable(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x7F, 0xC0...0xFF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0x3001, 0x3002, 0x3008...0x3011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D:
            return true
        default:
            return false
        }
    }

    /// `text` in Unicode normalisation form KC. Text made only of scalars NFKC leaves alone is
    /// returned as it is; anything else goes through Foundation's normaliser.
    static func compatibilityNormalized(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isCompatibilityStable) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }
}
