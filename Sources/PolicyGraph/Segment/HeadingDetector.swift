/// Recognises heading lines: `第一章…`, `（一）…`, `一、…`, `1. …`, `3.1. …`, `2.1 …`,
/// `Chapter 2`, heading words (`摘 要`, `Abstract`, `前  言`), and short stand-alone lines.
///
/// ```swift
/// HeadingDetector.isStrongHeading(line)          // 第一章：数字全球化… → true
/// HeadingDetector().isHeading(line, standalone: true, layout: layout)
/// ```
struct HeadingDetector: Sendable {
    let resources: SegmentResources
    /// Scalar count of the longest heading word: a line with more non-blank scalars cannot be
    /// one (lower-casing never shortens text), so most lines skip building a lookup key.
    let longestHeadingWord: Int
    /// The first scalar of every heading word.
    let headingWordFirsts: Set<Unicode.Scalar>

    init(resources: SegmentResources = .shared) {
        self.resources = resources
        self.longestHeadingWord = resources.headingWords.map { $0.unicodeScalars.count }.max() ?? 0
        self.headingWordFirsts = Set(resources.headingWords.compactMap { $0.unicodeScalars.first })
    }

    /// Patterns that make a heading wherever they appear (used to end footnote zones too).
    static func isStrongHeading(_ line: SourceLine) -> Bool {
        let s = line.scalars
        return (chapterPattern(s) || bracketedNumeral(s) != nil) && s.count <= 40 && !endsContinuing(s)
            && !line.endsWithSentencePunctuation
    }

    /// `leadsText`: running text follows (a signature line — issuer above a date, or the last
    /// line of a document — leads nothing and is no heading unless numbered).
    func isHeading(_ line: SourceLine, standalone: Bool, endsBlock: Bool, layout: DocumentLayout,
                   leadsText: Bool = true) -> Bool {
        let s = line.scalars
        guard !s.isEmpty, s.count <= 80 else { return false }
        if Self.isDocumentNumber(s) || Self.isDateLine(s) { return false }
        if s.count <= 40, s.lazy.filter({ !ScalarClass.isWhitespace($0) }).count <= longestHeadingWord,
           mayOpenHeadingWord(s), resources.headingWords.contains(SegmentResources.compactKey(line.text)) { return true }
        if Self.chapterPattern(s) { return !Self.endsContinuing(s) && !line.endsWithSentencePunctuation && s.count <= 50 }
        guard standalone else { return false }
        if Self.endsContinuing(s) { return false }
        let short = s.count <= 40
        if let rest = Self.bracketedNumeral(s) ?? Self.numeralComma(s) {
            return short && rest > 0 && (!line.endsWithSentencePunctuation || s.count <= 16)
        }
        if let rest = Self.decimalNumbering(s) {
            return rest > 0 && s.count <= 60 && !line.endsWithSentencePunctuation
                && (endsBlock || s.count <= 30)
        }
        if Self.englishSectionWord(s) { return s.count <= 60 }
        // A short line standing alone, without sentence punctuation.
        if endsBlock, leadsText, !line.endsWithSentencePunctuation, line.width * 10 <= layout.typicalWidth * 6,
           let first = s.first, ScalarClass.isHan(first) || ScalarClass.isUppercaseLatin(first) {
            let words = s.split(separator: " ").count
            return ScalarClass.isHan(first) ? s.count <= 24 : words <= 10
        }
        return false
    }

    /// False when the line's lookup key cannot open with the first scalar of any heading word,
    /// which rules most short lines out before the key is built. The key's first scalar is the
    /// line's first non-blank one lower-cased: for ASCII and Han (no case) it is known without
    /// Unicode case tables; any other scalar is left to the full lookup.
    func mayOpenHeadingWord(_ s: [Unicode.Scalar]) -> Bool {
        guard let first = s.first(where: { !ScalarClass.isWhitespace($0) }) else { return true }
        if first.isASCII { return headingWordFirsts.contains(Self.asciiLowered(first)) }
        if ScalarClass.isHan(first) { return headingWordFirsts.contains(first) }
        return true
    }

    @inline(__always)
    static func asciiLowered(_ s: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(s.value) ? Unicode.Scalar(s.value + 32)! : s
    }

    /// `商办贸函〔2024〕57号`, `国发〔2023〕5 号`: an official document number, a paragraph of
    /// its own under the title.
    static func isDocumentNumber(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count <= 30, s.last == "号",
              let open = s.firstIndex(where: { "〔[［（(".unicodeScalars.contains($0) }), open + 5 < s.count else { return false }
        for k in (open + 1)...(open + 4) where !ScalarClass.isDigit(s[k]) { return false }
        return "〕]］）)".unicodeScalars.contains(s[open + 5])
    }

    /// A line that is only a date: `2024年4月18日`, `2024 年 4 月`, `16 September 2024`,
    /// `September 16, 2024`, `2024-04-18`.
    static func isDateLine(_ s: [Unicode.Scalar]) -> Bool {
        guard !s.isEmpty, s.count <= 24 else { return false }
        var digits = 0, han = 0, letters = 0
        for u in s {
            if ScalarClass.isDigit(u) { digits += 1 }
            else if "年月日".unicodeScalars.contains(u) { han += 1 }
            else if ScalarClass.isLatinLetter(u) { letters += 1 }
            else if !(ScalarClass.isWhitespace(u) || u == "-" || u == "/" || u == "." || u == ",") { return false }
        }
        guard digits >= 4 else { return false }
        if letters == 0 { return han >= 2 || han == 0 && digits >= 6 }
        guard han == 0 else { return false }
        let word = ScalarText.string(s.filter(ScalarClass.isLatinLetter)).lowercased()
        return FootnoteExtractor.monthNames.contains(word) || FootnoteExtractor.monthNames.contains(word + ".")
    }

    static func endsContinuing(_ s: [Unicode.Scalar]) -> Bool {
        guard let last = s.last else { return false }
        return ScalarClass.isContinuing(last) || last == "、" || last == "；" && s.count > 20
    }

    /// `第一章`, `第 3 节`, `第二部分`, `第四篇`.
    static func chapterPattern(_ s: [Unicode.Scalar]) -> Bool {
        guard s.first == "第" else { return false }
        var k = 1, numerals = 0
        while k < s.count, ScalarClass.isChineseNumeral(s[k]) || ScalarClass.isDigit(s[k]) || s[k] == " " {
            if s[k] != " " { numerals += 1 }
            k += 1
        }
        guard numerals > 0, k < s.count else { return false }
        if "章节篇编".unicodeScalars.contains(s[k]) { return true }
        return s[k] == "部" && k + 1 < s.count && s[k + 1] == "分"
    }

    /// `（一）…` / `(3) …`: returns the length of the text after the number.
    static func bracketedNumeral(_ s: [Unicode.Scalar]) -> Int? {
        guard let first = s.first, first == "（" || first == "(" else { return nil }
        var k = 1
        while k < s.count, ScalarClass.isChineseNumeral(s[k]) || ScalarClass.isDigit(s[k]) { k += 1 }
        guard k > 1, k < s.count, s[k] == "）" || s[k] == ")" else { return nil }
        return s.count - k - 1
    }

    /// `一、…`.
    static func numeralComma(_ s: [Unicode.Scalar]) -> Int? {
        var k = 0
        while k < s.count, ScalarClass.isChineseNumeral(s[k]) { k += 1 }
        guard k > 0, k <= 3, k < s.count, s[k] == "、" else { return nil }
        return s.count - k - 1
    }

    /// `1. …`, `3.1. …`, `2.1 …`, `4 Conclusions`: at most two digits per level, then a blank
    /// or dot, then a letter or Han character. Returns the length of the title.
    static func decimalNumbering(_ s: [Unicode.Scalar]) -> Int? {
        var k = 0, levels = 0
        while k < s.count {
            var digits = 0
            while k < s.count, ScalarClass.isDigit(s[k]) { digits += 1; k += 1 }
            guard digits > 0, digits <= 2 else { return nil }
            levels += 1
            if k < s.count, s[k] == "." || s[k] == "．", k + 1 < s.count, ScalarClass.isDigit(s[k + 1]) { k += 1; continue }
            break
        }
        guard levels > 0, k < s.count else { return nil }
        var sawSeparator = false
        if s[k] == "." || s[k] == "．" || s[k] == "、" { k += 1; sawSeparator = true }
        while k < s.count, s[k] == " " || s[k] == "\u{3000}" { k += 1; sawSeparator = true }
        guard sawSeparator, k < s.count else { return nil }
        let c = s[k]
        guard ScalarClass.isUppercaseLatin(c) || ScalarClass.isHan(c) else { return nil }
        // `5 项核心` reads as an amount, not a heading: a measure word right after the number.
        if ScalarClass.isHan(c), levels == 1, measureWords.contains(c) { return nil }
        return s.count - k
    }

    static let measureWords = Set("个项年月日家份条种张名位次倍元亿万千百所座项".unicodeScalars)

    /// `28 项…`, `5 个…`: a number followed by a measure word is an amount.
    static func startsWithMeasureWord(_ s: [Unicode.Scalar]) -> Bool {
        var k = 0
        while k < s.count, ScalarClass.isDigit(s[k]) { k += 1 }
        while k < s.count, s[k] == " " { k += 1 }
        return k > 0 && k < s.count && measureWords.contains(s[k])
    }

    static let sectionWordScalars: [[Unicode.Scalar]] = ["chapter ", "part ", "section ", "annex ", "appendix "]
        .map { Array($0.unicodeScalars) }

    /// `Chapter 3`, `Part II`, `Section 4.2`, `Annex 1`.
    static func englishSectionWord(_ s: [Unicode.Scalar]) -> Bool {
        // A line whose first scalars are not one of the words, ASCII capitals lowered, cannot
        // match below (no other scalar lower-cases to those letters alone): most lines stop here
        // without a lower-cased string being built.
        guard sectionWordScalars.contains(where: { w in
            w.count <= s.count && zip(w, s).allSatisfy { $0 == asciiLowered($1) }
        }) else { return false }
        let words = ["chapter ", "part ", "section ", "annex ", "appendix "]
        let lower = ScalarText.string(s.prefix(9)).lowercased()
        return words.contains { lower.hasPrefix($0) }
    }
}

/// Recognises caption lines: `表 1：…`, `图 2：…`, `Figure 3:`, `Table 2.`, `数据来源：…`,
/// `来源：…`, `Source: …`, `注：…`.
///
/// ```swift
/// CaptionDetector.isCaption(Array("图 1：全球贸易".unicodeScalars))   // true
/// CaptionDetector.opensTable(Array("表 2：议题".unicodeScalars))      // true
/// ```
enum CaptionDetector {
    static let numberedLabels = ["表", "图", "图表", "表格", "figure", "fig.", "table", "chart", "box", "exhibit", "map"]
    static let sourceLabels = ["数据来源", "资料来源", "来源", "注", "说明", "source", "sources", "note", "notes"]

    /// First scalars a caption label can start with (either case): a cheap test before the
    /// label comparison, which lower-cases text.
    static let labelInitials = Set("表图数资来注说FfTtCcBbEeMmSsNn".unicodeScalars)
    /// `labelInitials` as a 128-bit set for ASCII; the few Han initials are compared directly.
    static let asciiLabelInitials: (low: UInt64, high: UInt64) = labelInitials.reduce((0, 0)) { mask, s in
        guard s.value < 128 else { return mask }
        return s.value < 64 ? (mask.0 | 1 << UInt64(s.value), mask.1) : (mask.0, mask.1 | 1 << UInt64(s.value - 64))
    }
    static let hanLabelInitials = Array(labelInitials.filter { $0.value >= 128 })
    static let numberedLabelScalars = numberedLabels.map { Array($0.unicodeScalars) }
    static let sourceLabelScalars = sourceLabels.map { Array($0.unicodeScalars) }

    @inline(__always)
    static func isLabelInitial(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 64 { return asciiLabelInitials.low & (1 << UInt64(v)) != 0 }
        if v < 128 { return asciiLabelInitials.high & (1 << UInt64(v - 64)) != 0 }
        return hanLabelInitials.contains(s)
    }

    /// Whether the lower-cased `head` (`lowered(s.prefix(count))`) starts with `label`,
    /// compared in place when the head is printable ASCII and unified CJK ideographs (where
    /// lower-casing touches only A–Z and every scalar is a character of its own, equal only to
    /// itself; compatibility ideographs are not, they equal their unified forms); otherwise
    /// through the lower-cased string.
    static func headHasPrefix(_ s: [Unicode.Scalar], count: Int, label: [Unicode.Scalar], labelText: String,
                              lowered head: inout String?) -> Bool {
        let n = min(count, s.count)
        var simple = true
        for k in 0..<n {
            let v = s[k].value
            if !((0x20...0x7E).contains(v) || (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)) { simple = false; break }
        }
        if simple {
            guard label.count <= n else { return false }
            for k in 0..<label.count {
                let v = s[k].value
                let folded = (0x41...0x5A).contains(v) ? v + 32 : v
                if folded != label[k].value { return false }
            }
            return true
        }
        if head == nil { head = lowered(s.prefix(count)) }
        return head!.hasPrefix(labelText)
    }

    static func isCaption(_ s: [Unicode.Scalar]) -> Bool {
        guard let first = s.first, s.count <= 160, isLabelInitial(first) else { return false }
        return numberedLabel(s) != nil || sourceLabel(s)
    }

    /// A numbered table caption, after which table lines follow.
    static func opensTable(_ s: [Unicode.Scalar]) -> Bool {
        guard let label = numberedLabel(s) else { return false }
        return label == "表" || label == "表格" || label == "table"
    }

    static func numberedLabel(_ s: [Unicode.Scalar]) -> String? {
        guard let first = s.first, isLabelInitial(first) else { return nil }
        var head: String?
        for (n, label) in numberedLabels.enumerated()
            where headHasPrefix(s, count: 8, label: numberedLabelScalars[n], labelText: label, lowered: &head) {
            var k = label.unicodeScalars.count
            while k < s.count, s[k] == " " { k += 1 }
            var numbers = 0
            while k < s.count, ScalarClass.isDigit(s[k]) || ScalarClass.isChineseNumeral(s[k])
                    || (numbers > 0 && (s[k] == "." || s[k] == "-" || s[k] == "－")) {
                numbers += 1; k += 1
            }
            guard numbers > 0, numbers <= 6 else { continue }
            if k == s.count { return label }
            let c = s[k]
            if c == "：" || c == ":" || c == "." || c == " " || c == "\u{3000}" || c == "　" || ScalarClass.isHan(c) && label.unicodeScalars.allSatisfy(ScalarClass.isHan) {
                // `图 1 全球…` and `表1各国…` are captions; `表 2 项` would read as prose but
                // such lines are rare enough to accept.
                return label
            }
        }
        return nil
    }

    /// `表 1：…`, `Source: …`: a label closed by a colon, a caption even in mid-flow.
    static func hasColonLabel(_ s: [Unicode.Scalar]) -> Bool {
        guard let first = s.first, isLabelInitial(first) else { return false }
        if sourceLabel(s) { return true }
        guard numberedLabel(s) != nil else { return false }
        return s.prefix(14).contains { $0 == "：" || $0 == ":" }
    }

    static func sourceLabel(_ s: [Unicode.Scalar]) -> Bool {
        var head: String?
        for (n, label) in sourceLabels.enumerated()
            where headHasPrefix(s, count: 10, label: sourceLabelScalars[n], labelText: label, lowered: &head) {
            let k = label.unicodeScalars.count
            guard k < s.count else { continue }
            if s[k] == "：" || s[k] == ":" { return true }
        }
        return false
    }

    private static func lowered(_ s: ArraySlice<Unicode.Scalar>) -> String {
        ScalarText.string(s).lowercased()
    }
}
