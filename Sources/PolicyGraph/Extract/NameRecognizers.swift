/// Organisations: lexicon names of organisations, Chinese names by head word
/// (`…委员会 …研究院 …联盟`), English capitalised names ending in a head
/// (`… Council`, `… Institute`, `… Group`).
///
/// ```swift
/// OrganizationRecognizer().mentions(in: analysis)   // 美国对外关系委员会, WTO, …
/// ```
public struct OrganizationRecognizer: EntityRecognizer {
    public init() {}
    public func mentions(in block: Block) -> [Mention] { [] }
    public func mentions(in analysis: BlockAnalysis) -> [Mention] {
        var out = analysis.lexiconMatches.compactMap { m -> Mention? in
            analysis.entryType(of: m) == .organization ? analysis.lexiconMention(m) : nil
        }
        let scanner = ChineseNameScanner(analysis: analysis)
        out += scanner.names(heads: analysis.vocabulary.orgHeadIndexZh, type: .organization)
        out += scanner.names(heads: analysis.vocabulary.departmentHeadIndexZh, type: .organization, department: true)
        out += analysis.englishNames.filter { $0.type == .organization }
        return out
    }
}

/// Agreements: lexicon names, Chinese names by head word (`…协定 …公约 …宣言`; `…框架 …体系`
/// only after a known body or instrument: `APEC 隐私框架`, `CBPR 体系`), English names ending in
/// `Agreement`, `Treaty`, `Act`, `Regulation`, ….
///
/// ```swift
/// AgreementRecognizer().mentions(in: analysis)   // 欧日自贸协定, GDPR, …
/// ```
public struct AgreementRecognizer: EntityRecognizer {
    public init() {}
    public func mentions(in block: Block) -> [Mention] { [] }
    public func mentions(in analysis: BlockAnalysis) -> [Mention] {
        var out = analysis.lexiconMatches.compactMap { m -> Mention? in
            analysis.entryType(of: m) == .agreement ? analysis.lexiconMention(m) : nil
        }
        let scanner = ChineseNameScanner(analysis: analysis)
        out += scanner.names(heads: analysis.vocabulary.agreementHeadIndexZh, type: .agreement)
        out += scanner.names(heads: analysis.vocabulary.anchoredAgreementHeadIndexZh, type: .agreement, requireAnchor: true)
        out += analysis.englishNames.filter { $0.type == .agreement }
        return out
    }
}

/// Countries and economies from the lexicon (`countries.tsv`), Chinese and English names and
/// the short forms listed there (`沙特`, `印尼`). Single-character abbreviations inside `中美`,
/// `美欧` are not counted: the guidelines record them as doubtful, and they are ambiguous.
/// A phrase that only contains a country name (`发展中国家`) blocks it. A Latin name
/// directly followed by `$` is part of a currency sign (`US$`, `HK$`, `S$`), not a country.
///
/// ```swift
/// CountryRecognizer().mentions(in: analysis)   // 美国, Germany, …
/// ```
public struct CountryRecognizer: EntityRecognizer {
    public init() {}
    public func mentions(in block: Block) -> [Mention] { [] }
    public func mentions(in analysis: BlockAnalysis) -> [Mention] {
        let t = analysis.scalars
        return analysis.lexiconMatches.compactMap { m -> Mention? in
            guard analysis.entryType(of: m) == .country else { return nil }
            if m.end < t.count, t[m.end] == "$" || t[m.end] == "＄", NameScalars.isLatinAlnum(t[m.end - 1]) { return nil }
            return analysis.lexiconMention(m)
        }
    }
}

/// Publications and events the lexicon knows, and Chinese event names by head word
/// (`杭州峰会`, `全球数字治理研讨会`). Recorded, not scored.
///
/// ```swift
/// EventRecognizer().mentions(in: analysis)
/// ```
public struct EventRecognizer: EntityRecognizer {
    public init() {}
    public func mentions(in block: Block) -> [Mention] { [] }
    public func mentions(in analysis: BlockAnalysis) -> [Mention] {
        var out = analysis.lexiconMatches.compactMap { m -> Mention? in
            let t = analysis.entryType(of: m)
            return t == .event || t == .publication ? analysis.lexiconMention(m) : nil
        }
        out += ChineseNameScanner(analysis: analysis).names(heads: analysis.vocabulary.eventHeadIndexZh, type: .event)
        return out
    }
}

/// Titles in `《…》`: an agreement when the title ends in an instrument's head word
/// (`协定 公约 宣言 声明 原则 法 条例 路线图 …`), otherwise a publication (reports, white
/// papers, reviews, books, journals, articles). A title the lexicon knows takes its entry.
///
/// ```swift
/// TitleRecognizer().mentions(in: analysis)   // 《巴黎协定》 → agreement, 《2020 年世界投资报告》 → publication
/// ```
public struct TitleRecognizer: EntityRecognizer {
    public init() {}
    public func mentions(in block: Block) -> [Mention] { [] }
    public func mentions(in analysis: BlockAnalysis) -> [Mention] {
        let t = analysis.scalars
        var out: [Mention] = []
        var i = 0
        while i < t.count {
            guard t[i] == "《" else { i += 1; continue }
            var j = i + 1
            while j < t.count && t[j] != "》" && t[j] != "《" && j - i < 80 { j += 1 }
            guard j < t.count, t[j] == "》" else { i += 1; continue }
            var s = i + 1, e = j
            while s < e && NameScalars.isSpace(t[s]) { s += 1 }
            while e > s && NameScalars.isSpace(t[e - 1]) { e -= 1 }
            if e - s >= 2 {
                if let lex = analysis.lexiconMatches.first(where: { $0.start == s && $0.end == e }), let m = analysis.lexiconMention(lex) {
                    out.append(m)
                } else {
                    out.append(analysis.patternMention(classify(analysis, s, e), s, e))
                }
            }
            i = j + 1
        }
        // English titles in title case with a publication head: `Handbook on Measuring Digital Trade`.
        out += analysis.englishNames.filter { $0.type == .publication }
        return out
    }

    func classify(_ a: BlockAnalysis, _ start: Int, _ end: Int) -> EntityType {
        // `平台经济与竞争政策观察（2020）`: a bracketed edition after the head does not count.
        var e = end
        if e > start, a.scalars[e - 1] == "）" || a.scalars[e - 1] == ")" {
            var k = e - 1
            while k > start && a.scalars[k] != "（" && a.scalars[k] != "(" { k -= 1 }
            if k > start { e = k }
        }
        if a.vocabulary.titlePublicationHeadsZh.contains(where: { a.hasSuffix($0, endingAt: e, from: start) }) { return .publication }
        if a.vocabulary.titleAgreementHeadsZh.contains(where: { a.hasSuffix($0, endingAt: e, from: start) }) { return .agreement }
        let words = a.text(start, e).split(separator: " ")
        if let last = words.last, a.vocabulary.agreementHeadsEn.contains(String(last)) { return .agreement }
        return .publication
    }
}
