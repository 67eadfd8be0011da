/// Finds calendar years (1900–2100) used as a time, per the guidelines' `year` rule:
/// `2019 年`, `2019年`, `in 2019`, each end of a range (`2016－2020 年` → `2016` and
/// `2020 年`), the year of a date (`2019 年 1 月`, `January 2019`, month kept as an
/// attribute), `二〇二一年`, `２０２０年`, and a year inside a title. Never an amount
/// (`2019 亿美元`), an identifier (`IEEE P7000`, `ISO 2018`, `2016/679`) or a reference
/// (`第 2019 号`, `p. 2019`).
///
/// ```swift
/// let block = Block(index: 0, kind: .paragraph, lang: .zh, text: "截至 2020 年 6 月", firstLine: 1, lastLine: 1)
/// YearRecognizer().mentions(in: block)
/// // [Mention(type: .year, surface: "2020 年", start: 3, end: 9, key: "year:2020", year: 2020, month: 6)]
/// ```
public struct YearRecognizer: EntityRecognizer {
    public let vocabulary: FigureVocabulary

    public init(vocabulary: FigureVocabulary = .standard) {
        self.vocabulary = vocabulary
    }

    /// One year found: the surface (`2019 年`) and the whole date it heads (`2019 年 1 月 5 日`),
    /// which the figure recogniser must not read as quantities.
    struct YearMatch: Hashable {
        var start: Int
        var end: Int
        var year: Int
        var month: Int?
        var dateStart: Int
        var dateEnd: Int
    }

    public func mentions(in block: Block) -> [Mention] {
        mentions(in: ScalarText.scalars(block.text), block: block)
    }

    /// The block's scalars are already in the analysis: no second copy.
    public func mentions(in analysis: BlockAnalysis) -> [Mention] {
        mentions(in: analysis.scalars, block: analysis.block, matches: yearMatches(in: analysis))
    }

    /// The analysis's year matches when they were found with this vocabulary, else found now.
    func yearMatches(in analysis: BlockAnalysis) -> [YearMatch] {
        if let cached = analysis.yearMatches, analysis.yearMatchesVocabulary === vocabulary.identity { return cached }
        return yearMatches(in: analysis.scalars, block: analysis.block)
    }

    func mentions(in text: [Unicode.Scalar], block: Block, matches: [YearMatch]? = nil) -> [Mention] {
        (matches ?? yearMatches(in: text, block: block)).map { m in
            Mention(type: .year, surface: ScalarText.string(text[m.start..<m.end]),
                    blockIndex: block.index, start: m.start, end: m.end, key: "year:\(m.year)",
                    year: m.year, month: m.month)
        }
    }

    /// Scans the block once, stopping only at digits and Chinese numeral digits.
    func yearMatches(in text: [Unicode.Scalar], block: Block) -> [YearMatch] {
        var found: [YearMatch] = []
        var i = 0
        while i < text.count {
            let s = text[i]
            if NumberGrammar.isDigit(s) {
                guard let number = NumberGrammar.parse(text, at: i) else { i += 1; continue }
                let (matches, resume) = years(startingWith: number, in: text, block: block)
                found += matches
                i = max(resume, number.end)
            } else if NumberGrammar.chineseDigitValue(s) != nil {
                guard let number = NumberGrammar.parseChineseNumeralDigits(text, at: i) else { i += 1; continue }
                if let m = chineseNumeralYear(number, in: text) { found.append(m) }
                i = number.end
            } else {
                i += 1
            }
        }
        return found
    }

    // MARK: - Digit years

    static func isYearShaped(_ n: WrittenNumber) -> Bool {
        guard n.integerDigitCount == 4, n.isInteger, !n.hasGroupSeparators, let v = Int(n.digits) else { return false }
        return (1900...2100).contains(v)
    }

    private func years(startingWith number: WrittenNumber, in text: [Unicode.Scalar], block: Block) -> ([YearMatch], Int) {
        guard Self.isYearShaped(number), leftContextAllowsYear(number, in: text),
              rightContextAllowsYear(number, in: text) else { return ([], number.end) }
        let year = Int(number.digits)!
        let afterNumber = TextScan.skipSpaces(text, from: number.end)

        // `2019 年`, with an optional month and day: `2019 年 1 月 5 日`.
        if afterNumber < text.count, text[afterNumber] == "年" {
            return ([dateWithNianMarker(number, year: year, nian: afterNumber, in: text)], afterNumber + 1)
        }

        // A range of two years: `2016－2020 年`, `2014–2017`, `2014 to 2017`, `2009 至 2018 年`.
        if let second = rangeSecondYear(after: number, in: text) {
            let first = YearMatch(start: number.start, end: number.end, year: year, month: monthBefore(number.start, in: text),
                                  dateStart: number.start, dateEnd: number.end)
            let secondYear = Int(second.digits)!
            let afterSecond = TextScan.skipSpaces(text, from: second.end)
            if afterSecond < text.count, text[afterSecond] == "年" {
                return ([first, dateWithNianMarker(second, year: secondYear, nian: afterSecond, in: text)], afterSecond + 1)
            }
            if vocabulary.quantityFollows(text, at: second.end) { return ([], second.end) }
            return ([first, YearMatch(start: second.start, end: second.end, year: secondYear, month: nil,
                                      dateStart: second.start, dateEnd: second.end)], second.end)
        }

        // A bare number: a year only when nothing makes it a quantity and the context says time.
        // A table row or heading that opens with a year-shaped number is dated by it
        // (`2019 人工智能原则`), whatever word follows.
        let opensRow = (block.kind == .table || block.kind == .heading) && TextScan.isLineStart(text, number.start)
        if !opensRow && vocabulary.quantityFollows(text, at: number.end) { return ([], number.end) }
        let iso = isoDate(number, in: text)
        let month = monthBefore(number.start, in: text) ?? iso.month
        let bare = YearMatch(start: number.start, end: number.end, year: year, month: month,
                             dateStart: number.start, dateEnd: iso.end)
        if month != nil || isParenthesised(number, in: text) { return ([bare], number.end) }
        // `约 2000`, `up to 2000 companies`: a rounded amount, not a year.
        if vocabulary.qualifiersBefore.matchBackward(text, endingAt: TextScan.skipSpacesBackward(text, from: number.start)) != nil {
            return ([], number.end)
        }
        if isChineseContext(number, in: text, block: block) { return ([bare], number.end) }
        // A table cell holding a bare year-shaped number (`Signed` column: `CPTPP  2018  12`)
        // is a date: tables put counts next to their unit or under a heading, and the
        // quantity check above already turned away `2018 家`, `2018 companies`.
        if block.kind == .table { return ([bare], number.end) }
        switch vocabulary.contexts.matchBackward(text, endingAt: TextScan.skipSpacesBackward(text, from: number.start))?.value {
        case .yearCue?:
            return ([bare], number.end)
        case .yearDeterminer?:
            let k = TextScan.skipSpaces(text, from: number.end)
            if vocabulary.countedNoun(in: text, at: k, after: number.end, value: Double(year)) == nil { return ([bare], number.end) }
            // `a 2019 UNCTAD study`, `the 2020 Digital Economy Report`: a year modifying a
            // capitalised name; a count after an article is written with a lowercase noun.
            if k < text.count, TextScan.isLatinLetter(text[k]), NameScalars.isUpper(text[k]) { return ([bare], number.end) }
        default:
            break
        }
        // Followed by a comma, full stop (not a decimal point) or closing bracket: `…, 2019.`,
        // `(OECD 2019)` read as dates.
        if number.end < text.count, ",.;)）".unicodeScalars.contains(text[number.end]) {
            return ([bare], number.end)
        }
        if bare.dateEnd > number.end { return ([bare], number.end) }
        return ([], number.end)
    }

    /// What stands immediately before the number may make it part of an identifier, a
    /// reference, an amount or a longer number.
    private func leftContextAllowsYear(_ n: WrittenNumber, in text: [Unicode.Scalar]) -> Bool {
        let before = TextScan.skipSpacesBackward(text, from: n.start)
        switch vocabulary.contexts.matchBackward(text, endingAt: before)?.value {
        case .ordinal?, .identifier?: return false
        default: break
        }
        if vocabulary.prefixCurrencies.matchBackward(text, endingAt: before) != nil { return false }
        guard n.start > 0 else { return true }
        let p = text[n.start - 1]
        if TextScan.isLatinLetter(p) || NumberGrammar.isDigit(p) { return false }  // P7000, FY2019
        if p == "/" || p == "\\" || p == ":" || p == "+" || p == "#" || p == "." || p == "_" || p == "=" { return false }
        if TextScan.isRangeDash(p) {
            // `mid-2019` is a year; `COVID-2019`, `35273-2020` are identifiers.
            if case .yearCue? = vocabulary.contexts.matchBackward(text, endingAt: n.start)?.value { return true }
            if n.start >= 2, TextScan.isLatinLetter(text[n.start - 2]) || NumberGrammar.isDigit(text[n.start - 2]) { return false }
        }
        return true
    }

    private func rightContextAllowsYear(_ n: WrittenNumber, in text: [Unicode.Scalar]) -> Bool {
        guard n.end < text.count else { return true }
        let s = text[n.end]
        if TextScan.isLatinLetter(s) { return false }  // 1990s, 2019a
        if s == "+" || s == "_" || s == "@" { return false }
        if TextScan.isRangeDash(s) && n.end + 1 < text.count && TextScan.isLatinLetter(text[n.end + 1]) { return false }  // 2019-nCoV
        if s == ":" && n.end + 1 < text.count && NumberGrammar.isDigit(text[n.end + 1]) { return false }
        if s == "/" && n.end + 1 < text.count && NumberGrammar.isDigit(text[n.end + 1]) {
            return isoDate(n, in: text).month != nil  // `2019/12/31` is a date, `2016/679` an identifier
        }
        return true
    }

    /// `2019 年` plus the month and day that follow it, if any.
    private func dateWithNianMarker(_ n: WrittenNumber, year: Int, nian: Int, in text: [Unicode.Scalar]) -> YearMatch {
        var m = YearMatch(start: n.start, end: nian + 1, year: year, month: nil, dateStart: n.start, dateEnd: nian + 1)
        if let (month, end) = Self.dayOrMonth(text, at: TextScan.skipSpaces(text, from: nian + 1), marker: "月", range: 1...12) {
            m.month = month
            m.dateEnd = end
            if let (_, dayEnd) = Self.dayOrMonth(text, at: TextScan.skipSpaces(text, from: end), marker: "日", range: 1...31)
                ?? Self.dayOrMonth(text, at: TextScan.skipSpaces(text, from: end), marker: "号", range: 1...31) {
                m.dateEnd = dayEnd
            }
        }
        return m
    }

    /// `6 月`, `06月`, `六月`, `十二月` → (6, end offset after the marker).
    static func dayOrMonth(_ text: [Unicode.Scalar], at i: Int, marker: Unicode.Scalar, range: ClosedRange<Int>) -> (Int, Int)? {
        var value: Int?
        var end = i
        if let n = NumberGrammar.parse(text, at: i), n.isInteger, n.integerDigitCount <= 2 {
            value = Int(n.digits)
            end = n.end
        } else if let (v, e) = NumberGrammar.parseSmallChineseNumeral(text, at: i) {
            value = v
            end = e
        }
        guard let v = value, range.contains(v) else { return nil }
        let k = TextScan.skipSpaces(text, from: end)
        guard k < text.count, text[k] == marker else { return nil }
        return (v, k + 1)
    }

    /// The second year of `2016－2020`, `2014 to 2017`, `2009 至 2018`, when the separator is
    /// followed by another year-shaped number.
    private func rangeSecondYear(after n: WrittenNumber, in text: [Unicode.Scalar]) -> WrittenNumber? {
        let j = TextScan.skipSpaces(text, from: n.end)
        guard j < text.count else { return nil }
        var k: Int
        if TextScan.isRangeDash(text[j]) || text[j] == "至" || text[j] == "到" {
            k = j + 1
        } else if j + 2 < text.count, text[j] == "t", text[j + 1] == "o", TextScan.isHorizontalSpace(text[j + 2]) {
            k = j + 2
        } else {
            return nil
        }
        k = TextScan.skipSpaces(text, from: k)
        guard let second = NumberGrammar.parse(text, at: k), Self.isYearShaped(second),
              rightContextAllowsYear(second, in: text) else { return nil }
        return second
    }

    /// The month of `January 2019`, `Jan. 2019`, `1 January 2019`, `January 1, 2019`.
    private func monthBefore(_ start: Int, in text: [Unicode.Scalar]) -> Int? {
        var end = TextScan.skipSpacesBackward(text, from: start)
        if case .month(let m)? = vocabulary.contexts.matchBackward(text, endingAt: end)?.value { return m }
        // `January 1, 2019`: skip `, 1` back to the month name.
        if end > 0, text[end - 1] == "," { end = TextScan.skipSpacesBackward(text, from: end - 1) }
        var d = end
        while d > 0, NumberGrammar.isDigit(text[d - 1]), end - d < 2 { d -= 1 }
        guard d < end, let day = Int(ScalarText.string(text[d..<end])), (1...31).contains(day) else { return nil }
        if case .month(let m)? = vocabulary.contexts.matchBackward(text, endingAt: TextScan.skipSpacesBackward(text, from: d))?.value { return m }
        return nil
    }

    /// Month and end of a numeric date whose year is `n` — `2019-01-15`, `2019-01`,
    /// `2019/12/31`, `2019/1` — or `(nil, n.end)`. One separator throughout; parts of one or
    /// two digits, so `2016/679` is no date.
    private func isoDate(_ n: WrittenNumber, in text: [Unicode.Scalar]) -> (month: Int?, end: Int) {
        guard n.end < text.count, text[n.end] == "-" || text[n.end] == "/" else { return (nil, n.end) }
        let separator = text[n.end]
        var i = n.end
        var month: Int?
        for part in 0..<2 {
            guard i < text.count, text[i] == separator else { break }
            var j = i + 1
            var v = 0
            while j < text.count, j - i <= 2, let d = NumberGrammar.digitValue(text[j]) { v = v * 10 + d; j += 1 }
            guard j > i + 1, j == text.count || !NumberGrammar.isDigit(text[j]),
                  part == 0 ? (1...12).contains(v) : (1...31).contains(v) else { break }
            if part == 0 { month = v }
            i = j
        }
        return month == nil ? (nil, n.end) : (month, i)
    }

    private func isParenthesised(_ n: WrittenNumber, in text: [Unicode.Scalar]) -> Bool {
        let b = TextScan.skipSpacesBackward(text, from: n.start)
        let a = TextScan.skipSpaces(text, from: n.end)
        guard b > 0, a < text.count else { return false }
        return (text[b - 1] == "(" || text[b - 1] == "（") && (text[a] == ")" || text[a] == "）")
    }

    /// Chinese prose or a Chinese table row around the number: its nearest neighbours on the
    /// line are Chinese, or it stands alone at a line edge of a Chinese block.
    private func isChineseContext(_ n: WrittenNumber, in text: [Unicode.Scalar], block: Block) -> Bool {
        let b = TextScan.skipSpacesBackward(text, from: n.start)
        let a = TextScan.skipSpaces(text, from: n.end)
        let before: Unicode.Scalar? = b > 0 ? text[b - 1] : nil
        let after: Unicode.Scalar? = a < text.count ? text[a] : nil
        if let s = before, TextScan.isChinese(s) { return true }
        if let s = after, TextScan.isChinese(s) { return true }
        guard block.lang != .en else { return false }
        let lineEdgeBefore = before == nil || before == "\n"
        let lineEdgeAfter = after == nil || after == "\n"
        return lineEdgeBefore || lineEdgeAfter
    }

    // MARK: - Chinese numeral years

    /// `二〇二一年` (four positional numeral digits followed by 年), with its month if given.
    private func chineseNumeralYear(_ n: WrittenNumber, in text: [Unicode.Scalar]) -> YearMatch? {
        guard n.integerDigitCount == 4, let year = Int(n.digits), (1900...2100).contains(year) else { return nil }
        if n.start > 0, NumberGrammar.isChineseNumeral(text[n.start - 1]) || NumberGrammar.isDigit(text[n.start - 1]) { return nil }
        let nian = TextScan.skipSpaces(text, from: n.end)
        guard nian < text.count, text[nian] == "年" else { return nil }
        return dateWithNianMarker(n, year: year, nian: nian, in: text)
    }
}
