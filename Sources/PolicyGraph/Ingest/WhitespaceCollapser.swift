/// Collapses the whitespace of text taken out of markup the way a reader sees it rendered:
/// runs of spaces, tabs, line breaks and no-break spaces become one space, the ends are
/// trimmed, and a source line break between two CJK characters disappears (Chinese markup is
/// often wrapped mid-sentence, and a space there would be an artefact, not text).
///
/// ```swift
/// WhitespaceCollapser.collapse("  数字\n  贸易 &nbsp;rules ")   // "数字贸易 rules"
/// ```
enum WhitespaceCollapser {
    static func collapse(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var pendingBreak = false
        var previous: Unicode.Scalar?
        for s in raw.unicodeScalars {
            switch s.value {
            case 0x20, 0x09, 0x0C, 0xA0:
                pendingSpace = true
            case 0x0A, 0x0D:
                pendingSpace = true
                pendingBreak = true
            default:
                if pendingSpace, let p = previous {
                    // A line break between two CJK characters is source wrapping, not a space.
                    if !(pendingBreak && isCJK(p) && isCJK(s)) { out.append(" ") }
                }
                pendingSpace = false
                pendingBreak = false
                out.append(s)
                previous = s
            }
        }
        // Ideographic spaces indent Chinese paragraphs; at the ends they are layout only.
        while let first = out.first, first.value == 0x3000 { out.removeFirst() }
        while let last = out.last, last.value == 0x3000 { out.removeLast() }
        return String(out)
    }

    /// Han ideographs, CJK punctuation, kana and full-width forms.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }
}
