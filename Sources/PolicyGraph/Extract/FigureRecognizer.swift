import Foundation

/// Finds figures — quantities written with digits and a unit, magnitude, currency, percent
/// sign or measure word — with one grammar for Chinese and English, per the guidelines'
/// `figure` rule:
///
///     [currency] number [多|余] [magnitude] [多|余] [currency | unit | % | measure word | counted noun]
///     … optionally a range: `13-32％`, `13%-32%`, `13 至 32%`, `1000 万至 2000 万美元`
///
/// Qualifiers (`近 40%`, `超过 200 条`, `30%左右`, `about 5%`) become
/// `FigureValue.qualifier` and stay out of the surface. Years and dates, ordinals (`第 14.11 条`),
/// list numbers, footnote markers and names with digits (`G20`, `5G`, `3GPP`, `COVID-19`)
/// are not figures; neither is a number with nothing that says what it counts.
///
/// ```swift
/// let block = Block(index: 0, kind: .paragraph, lang: .zh, text: "出口额为 18.9 万亿美元", firstLine: 1, lastLine: 1)
/// FigureRecognizer().mentions(in: block).first?.figure
/// // FigureValue(value: 1.89e13, maxValue: nil, unit: "USD", qualifier: nil)
/// ```
public struct FigureRecognizer: EntityRecognizer {
    public let vocabulary: FigureVocabulary
    let years: YearRecognizer

    public init(vocabulary: FigureVocabulary = .standard) {
        self.vocabulary = vocabulary
        self.years = YearRecognizer(vocabulary: vocabulary)
    }

    public func mentions(in block: Block) -> [Mention] {
        mentions(in: ScalarText.scalars(block.text), block: block)
    }

    /// The block's scalars are already in the analysis: no second copy.
    public func mentions(in analysis: BlockAnalysis) -> [Mention] {
        mentions(in: analysis.scalars, block: analysis.block, yearMatches: years.yearMatches(in: analysis))
    }

    func mentions(in text: [Unicode.Scalar], block: Block, yearMatches: [YearRecognizer.YearMatch]? = nil) -> [Mention] {
        // Numbers inside a year or a date (`2020 年 6 月`) are never quantities.
        let dates = (yearMatches ?? years.yearMatches(in: text, block: block)).map { $0.dateStart..<$0.dateEnd }
        var found: [Mention] = []
        var i = 0
        while i < text.count {
            guard NumberGrammar.isDigit(text[i]), let number = NumberGrammar.parse(text, at: i) else { i += 1; continue }
            if let figure = figure(startingWith: number, in: text, block: block, dates: dates) {
                found.append(figure.mention)
                i = max(figure.consumedEnd, number.end)
            } else {
                i = number.end
            }
        }
        return found
    }

    /// The key of a figure: one entity per distinct surface (guidelines), compared
    /// NFKC-folded and without white space, so `18.9 万亿美元` and `18.9万亿美元` are one.
    public static func key(forSurface surface: String) -> String {
        // Text NFKC leaves alone (nearly every surface) is its own normal form, and none of its
        // scalars beyond ASCII is whitespace: dropping the ASCII blanks from its UTF-8 is the
        // key, with no scalar array and no Unicode property lookup per character.
        if surface.unicodeScalars.allSatisfy(ScalarText.isCompatibilityStable) {
            return "figure:" + String(decoding: surface.utf8.filter { !($0 == 0x20 || (0x09...0x0D).contains($0)) }, as: UTF8.self)
        }
        let folded = ScalarText.compatibilityNormalized(surface)
        return "figure:" + ScalarText.string(folded.unicodeScalars.filter { s in
            s.value < 0x80 ? !(s.value == 0x20 || (0x09...0x0D).contains(s.value)) : !s.properties.isWhitespace
        })
    }

    // MARK: - Grammar

    /// What follows a number: `多`, a magnitude, then a currency, unit or counted noun.
    private struct Tail {
        var magnitude: Int?
        var unit: String?
        var kind: FigureVocabulary.UnitKind?
        var isCurrency = false
        var inside: String?
        /// End of the last element read (the number's end when nothing was read).
        var end: Int
        var hasUnit: Bool { unit != nil }
    }

    private func tail(after number: WrittenNumber, in text: [Unicode.Scalar], currencyWritten: Bool) -> Tail? {
        var t = Tail(end: number.end)
        // A Latin letter glued to the digits must start a unit or magnitude (`10GB`, `5bn`);
        // otherwise the digits belong to a name (`5G`, `3GPP`, `1st`).
        let glued = number.end < text.count && TextScan.isLatinLetter(text[number.end])
        var k = TextScan.skipSpaces(text, from: number.end)
        if let q = vocabulary.qualifiersInside.matchForward(text, at: k) {
            t.inside = q.value
            k = TextScan.skipSpaces(text, from: q.end)
        }
        // A unit before a magnitude, so that `千米` is kilometres, not 千 × 米.
        let unitHere = vocabulary.units.matchForward(text, at: k)
        if unitHere == nil || unitHere!.value.kind == .measureWord,
           let m = vocabulary.magnitudes.matchForward(text, at: k), !m.value.needsCurrency || currencyWritten {
            t.magnitude = m.value.exponent
            t.end = m.end
            k = TextScan.skipSpaces(text, from: m.end)
            if t.inside == nil, let q = vocabulary.qualifiersInside.matchForward(text, at: k) {
                t.inside = q.value
                k = TextScan.skipSpaces(text, from: q.end)
            }
        }
        if let c = vocabulary.suffixCurrencies.matchForward(text, at: k) {
            t.unit = c.value
            t.isCurrency = true
            t.end = c.end
        } else if let u = vocabulary.units.matchForward(text, at: k) {
            t.unit = u.value.unit
            t.kind = u.value.kind
            t.end = u.end
        } else if !currencyWritten, let noun = vocabulary.countedNoun(in: text, at: k, after: t.end, value: number.value) {
            t.unit = noun.word
            t.end = noun.end
        }
        if glued && t.end == number.end { return nil }
        // `多`/`余` alone after a number is no unit: drop it.
        if t.inside != nil && t.end == number.end { t.inside = nil }
        return t
    }

    private struct Found {
        var mention: Mention
        var consumedEnd: Int
    }

    private func figure(startingWith n1: WrittenNumber, in text: [Unicode.Scalar], block: Block, dates: [Range<Int>]) -> Found? {
        if dates.contains(where: { $0.contains(n1.start) }) { return nil }
        if n1.hasLeadingZero { return nil }  // issue numbers, months: `02 期`
        let beforeNumber = TextScan.skipSpacesBackward(text, from: n1.start)
        var prefix = vocabulary.prefixCurrencies.matchBackward(text, endingAt: beforeNumber)
        guard let t1 = tail(after: n1, in: text, currencyWritten: prefix != nil) else { return nil }
        // `人民币 5000 亿元`: the currency written after the number is the figure's own; the word
        // before it stays out of the surface.
        if t1.isCurrency { prefix = nil }
        let start = prefix?.start ?? n1.start
        guard leftContextAllowsFigure(n1, surfaceStart: start, hasPrefixCurrency: prefix != nil, in: text, block: block),
              rightContextAllowsFigure(n1, in: text) else { return nil }

        let low = n1
        // The low end of `13-32 亿美元` borrows the high end's magnitude.
        var lowMagnitude = t1.magnitude
        var high: WrittenNumber?
        var t = t1
        if let (n2, t2) = rangeEnd(after: n1, tail: t1, in: text, currencyWritten: prefix != nil, dates: dates) {
            high = n2
            t = t2
            lowMagnitude = t1.magnitude ?? t2.magnitude
        }
        let unit = t.unit ?? prefix?.value
        guard unit != nil || t.magnitude != nil else { return nil }  // a bare number is no figure
        if t.kind == .measureWord, t.magnitude == nil, !low.isInteger || high.map({ !$0.isInteger }) == true { return nil }
        if unit == "年" {
            // A year-shaped number before 年 is a year, and `90 年代` a decade.
            if YearRecognizer.isYearShaped(low) { return nil }
            if t.end < text.count, text[t.end] == "代" { return nil }
        }
        let end = t.end

        let value = low.scaled(byPowerOfTen: lowMagnitude ?? 0)
        let maxValue = high.map { $0.scaled(byPowerOfTen: t.magnitude ?? 0) }
        var qualifiers: [String] = []
        if let q = vocabulary.qualifiersBefore.matchBackward(text, endingAt: TextScan.skipSpacesBackward(text, from: start)) {
            qualifiers.append(q.value)
        }
        if let q = t.inside ?? t1.inside { qualifiers.append(q) }
        if let q = vocabulary.qualifiersAfter.matchForward(text, at: TextScan.skipSpaces(text, from: end)) {
            qualifiers.append(q.value)
        }
        let surface = ScalarText.string(text[start..<end])
        let figureValue = FigureValue(value: value, maxValue: maxValue, unit: unit ?? "",
                                      qualifier: qualifiers.isEmpty ? nil : qualifiers.joined(separator: " "))
        let mention = Mention(type: .figure, surface: surface, blockIndex: block.index, start: start, end: end,
                              key: Self.key(forSurface: surface), figure: figureValue)
        return Found(mention: mention, consumedEnd: end)
    }

    /// The high end of a range: `13-32％`, `13%-32%`, `5–10 billion`, `13 至 32%`,
    /// `13 to 32 per cent`. A dash joins two figures of one unit; a word (`至`, `到`, `to`)
    /// joins only when the low end has no unit of its own (`从 5% 到 10%` stays two figures).
    private func rangeEnd(after n1: WrittenNumber, tail t1: Tail, in text: [Unicode.Scalar], currencyWritten: Bool,
                          dates: [Range<Int>]) -> (WrittenNumber, Tail)? {
        let j = TextScan.skipSpaces(text, from: t1.end)
        guard j < text.count else { return nil }
        var k: Int
        let isDash = TextScan.isRangeDash(text[j])
        if isDash || text[j] == "至" || text[j] == "到" {
            k = j + 1
        } else if j + 2 < text.count, text[j] == "t", text[j + 1] == "o", TextScan.isHorizontalSpace(text[j + 2]) {
            k = j + 2
        } else if j + 3 < text.count, text[j] == "a", text[j + 1] == "n", text[j + 2] == "d", TextScan.isHorizontalSpace(text[j + 3]),
                  Self.followsBetween(n1.start, in: text) {
            k = j + 3  // `between 13 and 32 per cent`
        } else {
            return nil
        }
        if !isDash && t1.hasUnit { return nil }
        k = TextScan.skipSpaces(text, from: k)
        guard let n2 = NumberGrammar.parse(text, at: k), !n2.hasLeadingZero,
              !dates.contains(where: { $0.contains(n2.start) }),
              rightContextAllowsFigure(n2, in: text),
              let t2 = tail(after: n2, in: text, currencyWritten: currencyWritten) else { return nil }
        if t1.hasUnit {
            guard t2.unit == t1.unit else { return nil }
        } else {
            guard t2.hasUnit || t2.magnitude != nil || currencyWritten else { return nil }
            // `5 million-10 billion` without a unit on the low end is too odd to trust.
            if t1.magnitude != nil && t2.magnitude == nil { return nil }
        }
        return (n2, t2)
    }

    /// `between` (any case) written right before the number at `start`.
    static func followsBetween(_ start: Int, in text: [Unicode.Scalar]) -> Bool {
        let b = TextScan.skipSpacesBackward(text, from: start)
        let word = Array("between".unicodeScalars)
        guard b >= word.count, b < start else { return false }
        for (n, w) in word.enumerated() where text[b - word.count + n].properties.lowercaseMapping != String(w) { return false }
        return b == word.count || !TextScan.isLatinLetter(text[b - word.count - 1])
    }

    /// Left of the number: names with digits (`G20`, `COVID-19`, `P7000`), ordinals and
    /// references (`第 3 条`, `Article 5`), footnote and list markers.
    private func leftContextAllowsFigure(_ n: WrittenNumber, surfaceStart: Int, hasPrefixCurrency: Bool,
                                         in text: [Unicode.Scalar], block: Block) -> Bool {
        let before = TextScan.skipSpacesBackward(text, from: surfaceStart)
        switch vocabulary.contexts.matchBackward(text, endingAt: before)?.value {
        case .ordinal?, .identifier?: return false
        default: break
        }
        if block.kind == .footnote && before == 0 && !hasPrefixCurrency { return false }  // the footnote's own number
        if !hasPrefixCurrency, n.start > 0 {
            let p = text[n.start - 1]
            if TextScan.isLatinLetter(p) || NumberGrammar.isDigit(p) { return false }
            if p == "+" || p == "/" || p == "\\" || p == "#" || p == "_" || p == "=" || p == "@" { return false }
            if (p == "." || p == ":") && n.start >= 2 && (NumberGrammar.isDigit(text[n.start - 2]) || TextScan.isLatinLetter(text[n.start - 2])) {
                return false  // `v1.2`, `9001:2015`
            }
            if TextScan.isRangeDash(p) && n.start >= 2 && (TextScan.isLatinLetter(text[n.start - 2]) || NumberGrammar.isDigit(text[n.start - 2])) {
                return false  // `COVID-19`, the second half of `95-46`
            }
        }
        // `1.`, `3.1.`, `2、` at the start of a line number a list, they count nothing; in a
        // heading or a table a line-initial number numbers the heading or row (`1 个人信息保护`).
        if TextScan.isLineStart(text, surfaceStart) {
            if block.kind == .heading || block.kind == .table { return false }
            if n.end < text.count, text[n.end] == "." || text[n.end] == "、" || text[n.end] == ")" || text[n.end] == "）" {
                return false
            }
        }
        return true
    }

    private func rightContextAllowsFigure(_ n: WrittenNumber, in text: [Unicode.Scalar]) -> Bool {
        guard n.end < text.count else { return true }
        let s = text[n.end]
        if s == "+" || s == "_" || s == "@" { return false }  // `10+6`, names and addresses
        if (s == "/" || s == ":") && n.end + 1 < text.count && NumberGrammar.isDigit(text[n.end + 1]) { return false }  // 95/46, 10:30
        if s == "-" && n.end + 1 < text.count && TextScan.isLatinLetter(text[n.end + 1]) { return false }  // `5-year`, `g20-insights`
        return true
    }
}
