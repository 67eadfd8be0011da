/// What a logical line is, once footnote zones, furniture and tables are known.
enum LineRole: Sendable, Equatable {
    case blank
    /// A whitespace or rule line opening a footnote zone.
    case separator
    /// A line of footnote `id` (an index into `FootnoteExtractor.Result.footnotes`).
    case footnote(Int)
    case furniture
    /// A line of table `id` (an index into `TableDetector.Result.tables`).
    case table(Int)
    case body
}

/// One footnote found at a page bottom: its number (nil for a continuation whose start lies
/// outside the document) and the logical lines it spans, possibly across two zones.
struct FootnoteDraft: Sendable {
    var number: Int?
    var lineIndices: [Int]
}

/// Finds page-bottom footnote zones: after a separator line (a long run of spaces or a rule),
/// numbered lines start footnotes, unnumbered ones continue the current footnote, and the zone
/// ends where the next page's text resumes.
///
/// ```swift
/// let found = FootnoteExtractor().extract(lines, layout: layout)
/// found.footnotes.map(\.number)   // [1, 2, 3, 4, …]
/// ```
struct FootnoteExtractor: Sendable {
    struct Result: Sendable {
        var roles: [LineRole]
        var footnotes: [FootnoteDraft]
        var numbers: Set<Int> { Set(footnotes.compactMap(\.number)) }
        /// Footnote numbering starts again at 1 somewhere (per-chapter notes).
        var numberingRestarts: Bool { footnotes.filter { $0.number == 1 }.count > 1 }
    }

    func extract(_ lines: [SourceLine], layout: DocumentLayout) -> Result {
        var walker = ZoneWalker(lines: lines, layout: layout)
        var sawSeparator = false
        var i = 0
        while i < lines.count {
            if lines[i].isBlank {
                walker.roles[i] = Self.isSeparator(lines[i]) ? .separator : .blank
                if walker.roles[i] == .blank { i += 1; continue }
            } else if Self.isRule(lines[i]) {
                walker.roles[i] = .separator
            } else {
                i += 1
                continue
            }
            sawSeparator = true
            i = walker.walk(from: i + 1)
        }
        if !sawSeparator { findUnseparatedZones(&walker) }
        return Result(roles: walker.roles, footnotes: walker.footnotes)
    }

    /// Without separator lines, a footnote zone starts at a line `N text` whose number continues
    /// the footnote sequence and whose marker `N` is glued into the text above it.
    private func findUnseparatedZones(_ walker: inout ZoneWalker) {
        let lines = walker.lines
        let firstGlued = FootnoteMarkerRemover.firstGluedLines(in: lines)
        var i = 0
        while i < lines.count {
            guard walker.roles[i] == .body, let n = Self.leadingNumber(lines[i].scalars),
                  walker.lastNumber.map({ n == $0 + 1 }) ?? (n <= 200),
                  !HeadingDetector.startsWithMeasureWord(lines[i].scalars),
                  let marker = firstGlued[n], marker < i else { i += 1; continue }
            i = walker.walk(from: i)
        }
    }

    /// Walks one footnote zone from its first line and returns the index after it.
    struct ZoneWalker {
        let lines: [SourceLine]
        let layout: DocumentLayout
        var roles: [LineRole]
        var footnotes: [FootnoteDraft] = []
        var lastNumber: Int? = nil

        init(lines: [SourceLine], layout: DocumentLayout) {
            self.lines = lines
            self.layout = layout
            self.roles = [LineRole](repeating: .body, count: lines.count)
        }

        mutating func walk(from start: Int) -> Int {
            var current: Int? = nil
            var j = start
            zone: while j < lines.count {
                let line = lines[j]
                if line.isBlank {
                    roles[j] = FootnoteExtractor.isSeparator(line) ? .separator : .blank
                    j += 1
                    continue
                }
                if layout.singleSpaceResumes && line.leadingSpaces == 1 { break zone }
                if line.integerValue != nil { break zone }
                // `1 January 2022 for ten…` below an unfinished footnote line continues it: a
                // new footnote needs the next number, not a date or an amount.
                let continuesCurrent = current.map { c in
                    !FootnoteExtractor.isComplete(lines[footnotes[c].lineIndices.last!], layout: layout)
                } ?? false
                if continuesCurrent, let n = FootnoteExtractor.leadingNumber(line.scalars),
                   n != (lastNumber ?? 0) + 1 || FootnoteExtractor.numberReadsAsQuantity(line.scalars) {
                    footnotes[current!].lineIndices.append(j)
                } else if let n = FootnoteExtractor.leadingNumber(line.scalars),
                   lastNumber.map({ n > $0 && n <= $0 + 3
                       || n == 1 && $0 >= 1 && !HeadingDetector.startsWithMeasureWord(line.scalars) }) ?? (n <= 200) {
                    footnotes.append(FootnoteDraft(number: n, lineIndices: [j]))
                    current = footnotes.count - 1
                    lastNumber = n
                } else if HeadingDetector.isStrongHeading(line) || CaptionDetector.isCaption(line.scalars) {
                    break zone
                } else if let c = current {
                    if !layout.singleSpaceResumes,
                       FootnoteExtractor.isComplete(lines[footnotes[c].lineIndices.last!], layout: layout) {
                        break zone
                    }
                    footnotes[c].lineIndices.append(j)
                } else if let previous = footnotes.indices.last,
                          !FootnoteExtractor.isComplete(lines[footnotes[previous].lineIndices.last!], layout: layout) {
                    // The previous page's last footnote runs on below this separator.
                    footnotes[previous].lineIndices.append(j)
                    current = previous
                } else {
                    footnotes.append(FootnoteDraft(number: nil, lineIndices: [j]))
                    current = footnotes.count - 1
                }
                roles[j] = .footnote(current!)
                j += 1
            }
            return j
        }
    }

    static func isSeparator(_ line: SourceLine) -> Bool {
        line.isBlank && line.blankLength >= LineClassifier.separatorLength
    }

    /// `________` or `────────`: a drawn footnote rule.
    static func isRule(_ line: SourceLine) -> Bool {
        line.scalars.count >= 8 && line.scalars.allSatisfy { "_-—─━–".unicodeScalars.contains($0) }
    }

    /// A footnote line's own number: `12 中国信通院…`, `3. See…`, `[4] …`.
    static func leadingNumber(_ s: [Unicode.Scalar]) -> Int? {
        var k = 0
        let bracketed = s.first == "["
        if bracketed { k = 1 }
        var n = 0, digits = 0
        while k < s.count, ScalarClass.isDigit(s[k]), digits < 3 {
            n = n * 10 + ScalarClass.digitValue(s[k]); digits += 1; k += 1
        }
        guard digits > 0, k < s.count else { return nil }
        if bracketed { guard s[k] == "]" else { return nil }; k += 1 }
        else if s[k] == "." || s[k] == ")" { k += 1 }
        guard k < s.count else { return nil }
        let next = s[k]
        if ScalarClass.isDigit(next) || next == "%" || next == "." || next == "," { return nil }
        // `2019 年` style amounts are caught by the digit limit; a unit right after the number
        // (`5 个`, `3 项`) is still possible, so demand some substance after it.
        return s.count - k >= 2 ? n : nil
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december", "jan.", "feb.", "mar.", "apr.",
                             "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."]

    /// A leading number that is part of the text: a day before a month name (`1 January`), an
    /// amount before a measure word or unit (`5 个`, `12 月`, `3 per cent`).
    static func numberReadsAsQuantity(_ s: [Unicode.Scalar]) -> Bool {
        if HeadingDetector.startsWithMeasureWord(s) { return true }
        var k = 0
        while k < s.count, ScalarClass.isDigit(s[k]) { k += 1 }
        while k < s.count, s[k] == " " { k += 1 }
        guard k < s.count, ScalarClass.isLatinLetter(s[k]) else { return false }
        let wordStart = k
        while k < s.count, ScalarClass.isLatinLetter(s[k]) || s[k] == "." { k += 1 }
        let w = ScalarText.string(s[wordStart..<k]).lowercased()
        return monthNames.contains(w) || ["per", "percent", "million", "billion", "trillion", "thousand"].contains(w)
    }

    /// A footnote line that ends its footnote: an end mark, a sentence end, a closing title
    /// mark, or a line well short of the margin (wrapped footnote lines run to it).
    static func isComplete(_ line: SourceLine, layout: DocumentLayout) -> Bool {
        line.hasEndMark || line.endsWithSentencePunctuation || line.last == "》"
            || line.width * 10 < layout.typicalWidth * 8
    }
}

/// Removes footnote reference numbers glued into running text (`…下降了 2.8%；1`,
/// `流动总量4`, `最低标准22，`) while leaving years and amounts alone: a marker is the next
/// expected footnote number, a footnote with that number exists, and it sits between a word or
/// punctuation and a line end, a cut, a blank or punctuation.
///
/// ```swift
/// var remover = FootnoteMarkerRemover(footnoteNumbers: [1, 2])
/// remover.clean(Array("下降了 2.8%；1".unicodeScalars), cuts: [])   // "下降了 2.8%；", refs [1]
/// ```
struct FootnoteMarkerRemover: Sendable {
    let footnoteNumbers: Set<Int>
    /// The number the next marker should carry.
    private(set) var expected: Int
    /// Off only to survey every glued number of a document at once.
    var followsSequence = true

    init(footnoteNumbers: Set<Int>) {
        self.footnoteNumbers = footnoteNumbers
        self.expected = footnoteNumbers.min() ?? 1
    }

    /// For every number glued into the text in a marker position (whatever the sequence), the
    /// first line it appears in: one pass over the document.
    static func firstGluedLines(in lines: [SourceLine]) -> [Int: Int] {
        var probe = FootnoteMarkerRemover(footnoteNumbers: Set(1...999))
        probe.followsSequence = false
        var first: [Int: Int] = [:]
        for (i, line) in lines.enumerated() where !line.isBlank {
            if let n = line.integerValue, n < 1000 { if first[n] == nil { first[n] = i }; continue }
            for n in probe.clean(line.scalars, cuts: line.cuts).refs where first[n] == nil { first[n] = i }
        }
        return first
    }

    /// Whether a whole-line integer (`15`, ` 5`) is a detached marker; advances the sequence if so.
    mutating func acceptDetachedMarker(_ n: Int) -> Bool {
        guard accepts(n) else { return false }
        expected = n + 1
        return true
    }

    /// Numbering starts again at 1 (per chapter) somewhere in this document.
    var numberingRestarts = false

    func accepts(_ n: Int) -> Bool {
        guard footnoteNumbers.contains(n) else { return false }
        if !followsSequence { return true }
        return n >= expected && n <= expected + 2 || numberingRestarts && n == 1 && expected > 1
    }

    static func superscriptDigit(_ s: Unicode.Scalar) -> Int? {
        switch s.value {
        case 0x00B9: return 1
        case 0x00B2: return 2
        case 0x00B3: return 3
        case 0x2070: return 0
        case 0x2074...0x2079: return Int(s.value - 0x2070)
        default: return nil
        }
    }

    mutating func clean(_ s: [Unicode.Scalar], cuts: [Int]) -> (scalars: [Unicode.Scalar], refs: [Int]) {
        guard !footnoteNumbers.isEmpty || !cuts.isEmpty || s.contains(where: { Self.superscriptDigit($0) != nil })
        else { return (s, []) }
        // Without a cut, a digit, a superscript or a bracket nothing below changes the line (or
        // the expected number): return it as it is instead of copying it scalar by scalar.
        if cuts.isEmpty && !s.contains(where: { ScalarClass.isDigit($0) || $0 == "[" || Self.superscriptDigit($0) != nil }) {
            return (s, [])
        }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var refs: [Int] = []
        let cutSet = Set(cuts)
        var k = 0
        while k < s.count {
            if cutSet.contains(k), let before = out.last, k < s.count,
               !ScalarClass.isCJK(before), !ScalarClass.isCJK(s[k]), !ScalarClass.isWhitespace(before) {
                out.append(" ")
            }
            // Superscript digits (`¹²`) are markers whatever the footnote zones say.
            if Self.superscriptDigit(s[k]) != nil {
                var j = k, n = 0
                while j < s.count, let e = Self.superscriptDigit(s[j]) { n = n * 10 + e; j += 1 }
                refs.append(n)
                if n >= expected { expected = n + 1 }
                k = j
                continue
            }
            // `[12]` after a word: a bracketed marker.
            if s[k] == "[", !footnoteNumbers.isEmpty, k > 0, !ScalarClass.isWhitespace(s[k - 1]) {
                var j = k + 1, n = 0
                while j < s.count, ScalarClass.isDigit(s[j]) { n = n * 10 + ScalarClass.digitValue(s[j]); j += 1 }
                if j > k + 1, j - k <= 4, j < s.count, s[j] == "]", accepts(n) {
                    refs.append(n)
                    expected = n + 1
                    k = j + 1
                    continue
                }
            }
            guard ScalarClass.isDigit(s[k]), !footnoteNumbers.isEmpty else { out.append(s[k]); k += 1; continue }
            var j = k, n = 0
            while j < s.count, ScalarClass.isDigit(s[j]) { n = n * 10 + ScalarClass.digitValue(s[j]); j += 1 }
            let marker = j - k <= 3 && accepts(n) && isMarkerPosition(s, start: k, end: j, cuts: cutSet)
                || j - k <= 2 && followsSequence && n == expected && footnoteNumbers.contains(n)
                    && isMarkerBetweenHan(s, start: k, end: j)
            if marker {
                refs.append(n)
                expected = n + 1
            } else {
                out.append(contentsOf: s[k..<j])
            }
            k = j
        }
        return (out, refs)
    }

    /// `数字贸易1规模`: a number glued between two Han characters where no unit or measure word
    /// follows it and none of `第`/`约`-style words precedes it.
    private func isMarkerBetweenHan(_ s: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        guard start > 0, end < s.count, ScalarClass.isHan(s[start - 1]), ScalarClass.isHan(s[end]) else { return false }
        if Self.unitsAfterNumber.contains(s[end]) { return false }
        return !Self.wordsBeforeNumber.contains(s[start - 1])
    }

    /// Measure words, units and date parts that make a glued number an amount (`3家`, `5月`).
    static let unitsAfterNumber = Set("个项年月日号时分秒周天期届季度家份条种张名位次倍元角亿万千百十所座批轮款章节级点层类起架台部套岁人米吨克成里斤代股只件道门场轮票户国省市县".unicodeScalars)
    /// Words a count or ordinal follows (`第3`, `约5`, `共12`).
    static let wordsBeforeNumber = Set("第约共近逾超达为至到和与及或每前后上下近余".unicodeScalars)

    private func isMarkerPosition(_ s: [Unicode.Scalar], start: Int, end: Int, cuts: Set<Int>) -> Bool {
        // After the digits: line end, a cut, a blank, or punctuation (never a unit or a letter).
        let afterOK: Bool
        if end == s.count || cuts.contains(end) {
            afterOK = true
        } else {
            let a = s[end]
            afterOK = ScalarClass.isWhitespace(a) || ScalarClass.isCJKPunctuation(a) && !ScalarClass.isOpening(a)
                || a == "," || a == ";" || a == ":"
        }
        guard afterOK else { return false }
        guard start > 0 else {
            // Line-initial marker (`13。发达国家…`): only before punctuation.
            return end < s.count && ScalarClass.isCJKPunctuation(s[end]) && !ScalarClass.isOpening(s[end])
        }
        let b = s[start - 1]
        // Digits right before a superscript cut are a marker unless they follow a blank.
        if cuts.contains(end) { return !ScalarClass.isWhitespace(b) }
        if ScalarClass.isHan(b) { return true }
        if b == "%" || b == "％" { return true }
        if ScalarClass.isClosing(b) { return true }
        if ScalarClass.isCJKPunctuation(b) { return !ScalarClass.isOpening(b) && b != "—" && b != "·" }
        if b == "." || b == "," || b == ";" {
            // `trade.3` yes, `2.8` no.
            return start >= 2 && ScalarClass.isLatinLetter(s[start - 2])
        }
        if ScalarClass.isLowercaseLatin(b) {
            // `barriers12` yes; `G20`, `COVID19` no.
            return start >= 3 && ScalarClass.isLowercaseLatin(s[start - 2]) && ScalarClass.isLowercaseLatin(s[start - 3])
        }
        return false
    }
}
