import Foundation

/// Composes the text of one benchmark document: picks the facts (organisations, agreements,
/// countries, years, figures) each sentence states, words them in Chinese and/or English,
/// and lays them out as a PDF extraction or an HTML page would show them.
///
/// ```swift
/// var composer = DocumentComposer(plan: plan, seed: 1, material: material, names: SyntheticNames())
/// let bytes = composer.renderPlainText()
/// ```
struct DocumentComposer {
    let plan: BenchCorpusGenerator.DocumentPlan
    let material: BenchSourceMaterial
    let names: SyntheticNames
    var random: SeededRandom
    var out: [UInt8] = []

    /// Growth of the name space: document `i` may mention invented organisations up to
    /// `organizationVocabulary` and agreements up to `agreementVocabulary`.
    let organizationVocabulary: Int
    let agreementVocabulary: Int
    let years: ClosedRange<Int>
    let topic: Int
    /// Share of sentences taken from the real corpus instead of templates.
    let corpusShare: Double

    // Plain-text layout of this document.
    let width: Int
    let doubleSpaced: Bool
    let linesPerPage: Int
    let circledFootnotes: Bool
    let pageNumberStyle: Int
    let formFeeds: Bool
    let trailingSpaceAtParagraphEnd: Bool
    var runningTitle: [UInt8] = []

    // Layout state.
    var linesOnPage = 0
    var page = 1
    var footnoteNumber = 0
    var pendingFootnotes: [[UInt8]] = []
    /// Invented organisations already introduced with their acronym in this document.
    var definedAcronyms: Set<Int> = []

    init(plan: BenchCorpusGenerator.DocumentPlan, seed: UInt64, material: BenchSourceMaterial, names: SyntheticNames) {
        self.plan = plan
        self.material = material
        self.names = names
        var random = SeededRandom(seed: seed, stream: UInt64(plan.index) &* 2)
        let i = plan.index
        organizationVocabulary = min(names.organizationCount, 120 + 2 * i)
        agreementVocabulary = min(names.agreementCount, 40 + i / 2)
        years = (2015 - min(25, i / 40))...(2024 + min(6, i / 300))
        topic = random.below(names.topicCount)
        corpusShare = material.chineseSentences.isEmpty && material.englishSentences.isEmpty ? 0 : 0.4
        let chinese = plan.language != .en
        width = chinese ? random.int(in: 60...80) : random.int(in: 68...92)
        doubleSpaced = random.chance(0.5)
        linesPerPage = random.int(in: 34...48)
        circledFootnotes = chinese && random.chance(0.3)
        pageNumberStyle = random.below(4)
        formFeeds = random.chance(0.2)
        trailingSpaceAtParagraphEnd = random.chance(0.6)
        self.random = random
        out.reserveCapacity(plan.targetBytes + 8_192)
    }

    var target: Int { plan.gb18030 ? plan.targetBytes * 7 / 5 : plan.targetBytes }

    // MARK: - Facts and sentences

    enum Language { case zh, en }

    struct Organization {
        var zh: String, en: String, acronym: String?, synthetic: Int?
    }

    mutating func organization() -> Organization {
        if !material.organizations.isEmpty && random.chance(0.25) {
            let known = random.pick(material.organizations)
            return Organization(zh: known.zh, en: known.en, acronym: nil, synthetic: nil)
        }
        // Mostly well-known invented bodies, some newcomers from the edge of the name space.
        let i = random.chance(0.15) ? max(0, organizationVocabulary - 1 - random.below(60))
                                    : random.skewed(below: organizationVocabulary)
        let name = names.organization(i)
        return Organization(zh: name.zh, en: name.en, acronym: name.acronym, synthetic: i)
    }

    mutating func agreement() -> (zh: String, en: String) {
        if !material.agreements.isEmpty && random.chance(0.3) { return random.pick(material.agreements) }
        let i = random.chance(0.15) ? max(0, agreementVocabulary - 1 - random.below(20))
                                    : random.skewed(below: agreementVocabulary)
        let name = names.agreement(i)
        return (name.zh, name.en)
    }

    /// The organisation as written here: the first time an invented one appears it is defined
    /// with its acronym (`北京数字经济研究院（BDEI）`), later often by the acronym alone.
    mutating func write(_ org: Organization, _ language: Language) -> String {
        let full = language == .zh ? org.zh : org.en
        guard let i = org.synthetic, let acronym = org.acronym else { return full }
        if definedAcronyms.contains(i) { return random.chance(0.5) ? acronym : full }
        if random.chance(0.6) {
            definedAcronyms.insert(i)
            return language == .zh ? "\(full)（\(acronym)）" : "\(full) (\(acronym))"
        }
        return full
    }

    struct Figure { var zh: String, en: String }

    mutating func figure() -> Figure {
        switch random.below(4) {
        case 0:
            let yi = random.int(in: 12...98_000)
            return Figure(zh: "\(yi)亿美元", en: "US$\(Self.decimal(Double(yi) / 10, digits: 1)) billion")
        case 1:
            let trillion = Double(random.int(in: 11...999)) / 10
            return Figure(zh: "\(Self.decimal(trillion, digits: 1))万亿元", en: "RMB \(Self.decimal(trillion, digits: 1)) trillion")
        case 2:
            let wan = random.int(in: 3...90_000)
            return Figure(zh: "\(wan)万人", en: "\(Self.decimal(Double(wan) / 100, digits: 2)) million people")
        default:
            let million = random.int(in: 5...9_000)
            return Figure(zh: "\(million)百万欧元", en: "EUR \(million) million")
        }
    }

    mutating func percent() -> String { "\(random.int(in: 0...60)).\(random.below(10))%" }

    static func decimal(_ value: Double, digits: Int) -> String {
        let scale = digits == 1 ? 10.0 : 100.0
        let n = Int((value * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        if frac == 0 { return "\(whole)" }
        return digits == 1 ? "\(whole).\(frac)" : "\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }

    static let monthsEnglish = ["January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"]

    /// One statement in the requested languages (both share the same facts, so a bilingual
    /// document says the same thing twice, as the real ones do).
    mutating func templateSentence(_ languages: [Language]) -> [String] {
        let kind = random.below(8)
        let org = organization(), org2 = organization()
        let agr = agreement()
        let country = random.pick(material.countries)
        let year = random.int(in: years)
        let year2 = min(years.upperBound + 1, year + random.int(in: 1...4))
        let month = random.int(in: 1...12)
        let fig = figure()
        let pct = percent()
        let n = random.int(in: 3...40), n2 = random.int(in: 5...120)
        let topic = names.topic(random.chance(0.6) ? self.topic : random.below(names.topicCount))
        var result: [String] = []
        for language in languages {
            let o = write(org, language), o2 = write(org2, language)
            switch (kind, language) {
            case (0, .zh): result.append("\(year)年，\(o)发布《\(topic.zh)发展报告》，估计全球\(topic.zh)市场规模达到\(fig.zh)。")
            case (0, .en): result.append("In \(year), the \(o) published its \(topic.en) Report, estimating the global market at \(fig.en).")
            case (1, .zh): result.append("\(o)与\(o2)于\(year)年\(month)月签署《\(agr.zh)》，双方同意在\(topic.zh)领域开展联合研究。")
            case (1, .en): result.append("The \(o) and the \(o2) signed the \(agr.en) in \(Self.monthsEnglish[month - 1]) \(year), agreeing to joint research on \(Self.lowercased(topic.en)).")
            case (2, .zh): result.append("据\(o)统计，\(year)年\(country.zh)\(topic.zh)相关投资约为\(fig.zh)，同比增长\(pct)。")
            case (2, .en): result.append("According to the \(o), investment in \(Self.lowercased(topic.en)) in \(country.en) reached about \(fig.en) in \(year), up \(pct) on the previous year.")
            case (3, .zh): result.append("\(country.zh)于\(year)年\(month)月正式加入《\(agr.zh)》，成为该协定第\(n)个缔约方。")
            case (3, .en): result.append("\(country.en) formally joined the \(agr.en) in \(Self.monthsEnglish[month - 1]) \(year), becoming its party number \(n).")
            case (4, .zh): result.append("\(o)成立于\(year)年，现有成员单位\(n2)家，覆盖\(n)个国家和地区。")
            case (4, .en): result.append("The \(o) was founded in \(year) and now has \(n2) member institutions in \(n) countries and territories.")
            case (5, .zh): result.append("截至\(year)年底，\(country.zh)累计投入\(fig.zh)用于\(topic.zh)基础设施建设，其中\(pct)来自\(o)的专项资金。")
            case (5, .en): result.append("By the end of \(year), \(country.en) had committed \(fig.en) to \(Self.lowercased(topic.en)) infrastructure, \(pct) of it from dedicated funds of the \(o).")
            case (6, .zh): result.append("\(year)年至\(year2)年，\(o)共组织\(n)轮\(topic.zh)磋商，参与方包括\(o2)和\(country.zh)政府。")
            case (6, .en): result.append("Between \(year) and \(year2), the \(o) held \(n) rounds of consultations on \(Self.lowercased(topic.en)) with the \(o2) and the government of \(country.en).")
            case (_, .zh): result.append("《\(agr.zh)》自\(year)年生效以来，缔约方之间的\(topic.zh)贸易额累计达到\(fig.zh)。")
            case (_, .en): result.append("Since the \(agr.en) entered into force in \(year), \(Self.lowercased(topic.en)) trade between its parties has reached a cumulative \(fig.en).")
            }
        }
        return result
    }

    static let fillerZh = [
        "各方应进一步加强%@领域的政策协调，推动形成开放、公平、非歧视的发展环境。",
        "从长远看，%@的发展既带来新的机遇，也对现有监管框架提出了新的挑战。",
        "有关部门需要在鼓励创新与防范风险之间保持平衡，稳步推进%@相关制度建设。",
        "在此背景下，完善%@统计口径、提高数据可比性显得尤为重要。",
        "总体而言，%@规则的碎片化趋势仍在持续，协调成本不断上升。",
        "下一步，应加快建立健全%@标准体系，积极参与国际规则制定。",
    ]
    static let fillerEn = [
        "Closer coordination on %@ would help create an open, fair and non-discriminatory environment.",
        "Over the longer term, %@ brings new opportunities but also tests existing regulatory frameworks.",
        "Regulators need to balance support for innovation against the management of risk in %@.",
        "Against this background, comparable statistics on %@ matter more than ever.",
        "Overall, the rules governing %@ remain fragmented, and the cost of reconciling them keeps rising.",
        "The next step is to build a coherent set of standards for %@ and to take part in setting international rules.",
    ]

    /// A sentence naming no entity, in each requested language.
    mutating func fillerSentence(_ languages: [Language]) -> [String] {
        let k = random.below(Self.fillerZh.count)
        let topic = names.topic(random.chance(0.7) ? self.topic : random.below(names.topicCount))
        return languages.map { language in
            language == .zh ? Self.fillerZh[k].replacingOccurrences(of: "%@", with: topic.zh)
                            : Self.fillerEn[k].replacingOccurrences(of: "%@", with: Self.lowercased(topic.en))
        }
    }

    /// A sentence of the real corpus with every year moved into this document's range and
    /// every other number redrawn with as many digits, so figures keep changing.
    mutating func corpusSentence(_ language: Language) -> [UInt8]? {
        let pool = language == .zh ? material.chineseSentences : material.englishSentences
        guard !pool.isEmpty else { return nil }
        var bytes = pool[random.below(pool.count)]
        var i = 0
        while i < bytes.count {
            guard Self.isDigit(bytes[i]) else { i += 1; continue }
            var j = i
            while j < bytes.count && Self.isDigit(bytes[j]) { j += 1 }
            let run = j - i
            if run == 4 && (bytes[i] == UInt8(ascii: "1") || bytes[i] == UInt8(ascii: "2")) {
                let year = Array(String(random.int(in: years)).utf8)
                bytes.replaceSubrange(i..<j, with: year)
            } else if run <= 2 && Self.monthFollows(bytes, at: j) {
                let month = Array(String(random.int(in: 1...12)).utf8)
                bytes.replaceSubrange(i..<j, with: month)
                j = i + month.count
            } else {
                for k in i..<j {
                    let low = (k == i && run > 1) ? 1 : 0
                    bytes[k] = UInt8(ascii: "0") + UInt8(random.int(in: low...9))
                }
            }
            i = j
        }
        return bytes
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `月` (after optional spaces) at `index`: the number before it is a month.
    static func monthFollows(_ bytes: [UInt8], at index: Int) -> Bool {
        var k = index
        while k < bytes.count && bytes[k] == 0x20 { k += 1 }
        return k + 2 < bytes.count && bytes[k] == 0xE6 && bytes[k + 1] == 0x9C && bytes[k + 2] == 0x88
    }

    /// A paragraph per requested language: 2–6 sentences, some ending in a footnote marker.
    mutating func paragraph(_ languages: [Language]) -> [[UInt8]] {
        var texts = Array(repeating: [UInt8](), count: languages.count)
        for _ in 0..<random.int(in: 2...6) {
            var sentences: [[UInt8]]
            if random.chance(0.4) {
                // Most sentences of a real policy text name nothing: argument and exhortation.
                sentences = fillerSentence(languages).map { Array($0.utf8) }
            } else if random.chance(corpusShare) {
                // Real sentences exist in one language only; a bilingual paragraph pair gets
                // them in the language they were written in.
                let which = random.below(languages.count)
                sentences = Array(repeating: [], count: languages.count)
                sentences[which] = corpusSentence(languages[which]) ?? []
            } else {
                sentences = templateSentence(languages).map { Array($0.utf8) }
            }
            let marker = random.chance(0.07) ? nextFootnote(languages[0]) : nil
            for (k, sentence) in sentences.enumerated() where !sentence.isEmpty {
                if languages[k] == .en && !texts[k].isEmpty { texts[k].append(0x20) }
                texts[k] += sentence
                if k == 0, let marker { texts[k] += marker }
            }
        }
        return texts
    }

    /// Queues a footnote for the current page and returns its marker, glued to the text as
    /// PDF extraction leaves it (`…规模。3`, `…in 2019.3`, `…①`).
    mutating func nextFootnote(_ language: Language) -> [UInt8] {
        footnoteNumber += 1
        let marker = circledFootnotes && footnoteNumber <= 20
            ? String(Unicode.Scalar(0x2460 + footnoteNumber - 1)!) : String(footnoteNumber)
        let org = organization()
        let year = random.int(in: years)
        let topic = names.topic(random.below(names.topicCount))
        var text: String
        if language == .zh {
            let source = random.chance(0.5) ? (corpusSentence(.zh).map { String(decoding: $0, as: UTF8.self) } ?? "")
                                            : "\(write(org, .zh))：《\(year)年\(topic.zh)发展报告》，第\(random.int(in: 3...180))页。"
            text = "\(marker) \(source)"
        } else {
            text = "\(marker) \(write(org, .en)), \(topic.en) Outlook \(year), p. \(random.int(in: 3...180))."
        }
        pendingFootnotes.append(Array(text.utf8))
        return Array(marker.utf8)
    }

    static let chineseNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    static let headingsZh = ["发展态势", "主要进展", "国际比较", "存在的问题", "合作机制", "政策建议", "典型案例", "数据与方法"]
    static let headingsEn = ["Recent trends", "Main developments", "International comparison", "Open issues",
                             "Cooperation mechanisms", "Policy recommendations", "Case studies", "Data and method"]

    mutating func heading(_ section: Int, _ language: Language) -> String {
        let i = random.below(Self.headingsZh.count)
        let topic = names.topic(self.topic)
        if language == .zh {
            return "\(Self.chineseNumerals[(section - 1) % 10])、\(topic.zh)\(Self.headingsZh[i])"
        }
        return "\(section). \(Self.headingsEn[i]) in \(Self.lowercased(topic.en))"
    }

    var languages: [Language] {
        switch plan.language {
        case .zh: return [.zh]
        case .en: return [.en]
        case .bilingual: return [.zh, .en]
        }
    }

    mutating func title() -> (zh: String, en: String) {
        let topic = names.topic(self.topic)
        let year = random.int(in: years)
        let issue = random.int(in: 1...12)
        return ("\(topic.zh)政策观察（\(year)年第\(issue)期）", "\(topic.en) Policy Review \(year), No. \(issue)")
    }

    // MARK: - Tables

    /// Rows of a small statistics table: a label column and 3–5 numeric columns.
    mutating func table(_ language: Language) -> (caption: String, header: [String], rows: [[String]], source: String) {
        let first = random.int(in: years.lowerBound...(years.upperBound - 3))
        let columns = random.int(in: 3...5)
        let topic = names.topic(self.topic)
        let caption = language == .zh
            ? "表 \(random.int(in: 1...9))：\(first)—\(first + columns - 1)年主要经济体\(topic.zh)规模（亿美元）"
            : "Table \(random.int(in: 1...9)): \(topic.en) in selected economies, \(first)–\(first + columns - 1) (US$ billion)"
        var header = [language == .zh ? "经济体" : "Economy"]
        for c in 0..<columns { header.append(String(first + c)) }
        var rows: [[String]] = []
        for _ in 0..<random.int(in: 3...8) {
            let country = random.pick(material.countries)
            var row = [language == .zh ? country.zh : country.en]
            for _ in 0..<columns { row.append(Self.decimal(Double(random.int(in: 10...99_999)) / 10, digits: 1)) }
            rows.append(row)
        }
        let org = organization()
        let source = language == .zh ? "数据来源：\(write(org, .zh))，作者整理。" : "Source: \(write(org, .en)); author's calculations."
        return (caption, header, rows, source)
    }

    // MARK: - Plain text (PDF extraction)

    mutating func renderPlainText() -> [UInt8] {
        let t = title()
        let languages = self.languages
        runningTitle = Array((languages[0] == .zh ? t.zh : t.en).utf8)
        for language in languages { emitLine(Array((language == .zh ? t.zh : t.en).utf8)) }
        emitBlank()
        var section = 0
        while out.count < target {
            if section == 0 || random.chance(0.15) {
                section += 1
                for language in languages { emitLine(Array(heading(section, language).utf8)); emitBlank() }
            }
            if random.chance(0.08) {
                emitTable(languages[0])
            } else {
                for text in paragraph(languages) where !text.isEmpty { emitWrapped(text) }
            }
        }
        endPage()
        return out
    }

    mutating func emitBlank() {
        out.append(0x0A)
    }

    /// One physical line; a full page gets its footnotes, running title and page number.
    mutating func emitLine(_ line: some Collection<UInt8>) {
        out += line
        out.append(0x0A)
        if doubleSpaced { out.append(0x0A) }
        linesOnPage += 1
        if linesOnPage >= linesPerPage { endPage() }
    }

    mutating func endPage() {
        if linesOnPage == 0 && pendingFootnotes.isEmpty { return }
        linesOnPage = 0
        let footnotes = pendingFootnotes
        pendingFootnotes.removeAll()
        if !footnotes.isEmpty {
            out += Array(repeating: 0x20, count: random.int(in: 20...40))
            out += [0x0A, 0x0A]
            var lines: [UInt8] = []
            for note in footnotes {
                wrap(note) { line, hyphen in
                    lines += line
                    if hyphen { lines.append(UInt8(ascii: "-")) }
                    lines += [0x0A, 0x0A]
                }
            }
            out += lines
        }
        out.append(0x0A)
        let padding = Array(repeating: UInt8(0x20), count: random.int(in: 8...36))
        switch pageNumberStyle {
        case 0: out += runningTitle + padding + Array("— \(page) —".utf8)
        case 1: out += runningTitle + padding + Array(String(page).utf8)
        case 2: out += padding + Array("- \(page) -".utf8)
        default: out += Array("第 \(page) 页".utf8) + padding + runningTitle
        }
        out += [0x0A, 0x0A]
        if formFeeds { out.append(0x0C) }
        page += 1
    }

    mutating func emitWrapped(_ text: [UInt8]) {
        var lines: [(ArraySlice<UInt8>, Bool)] = []
        wrap(text) { line, hyphen in lines.append((line, hyphen)) }
        for (k, (line, hyphen)) in lines.enumerated() {
            var bytes = Array(line)
            if hyphen { bytes.append(UInt8(ascii: "-")) }
            if k == lines.count - 1 && trailingSpaceAtParagraphEnd { bytes.append(0x20) }
            emitLine(bytes)
        }
        if !doubleSpaced || random.chance(0.3) { emitBlank() }
    }

    /// Hard-wraps UTF-8 text at `width` columns (CJK counts two), breaking English at spaces
    /// and now and then inside a word with a hyphen, the way PDF text comes out.
    mutating func wrap(_ text: [UInt8], _ emit: (ArraySlice<UInt8>, Bool) -> Void) {
        var lineStart = 0, i = 0, column = 0, lastSpace = -1
        let n = text.count
        while i < n {
            let b = text[i]
            let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            let w = length >= 3 ? 2 : 1
            if column + w > width && i > lineStart {
                var cut = i, next = i, hyphen = false
                if b == 0x20 {
                    next = i + 1
                } else if Self.isLetter(b) && Self.isLetter(text[i - 1]) {
                    // Hyphenate only with three letters either side (`interna-` / `tional`).
                    var before = i, after = i
                    while before > lineStart && Self.isLetter(text[before - 1]) { before -= 1 }
                    while after < n && Self.isLetter(text[after]) { after += 1 }
                    if i - before >= 3 && after - i >= 3 && random.chance(0.3) {
                        hyphen = true
                    } else if lastSpace > lineStart {
                        cut = lastSpace
                        next = lastSpace + 1
                    }
                } else if b < 0x80 && b != 0x20 && lastSpace > lineStart && !Self.isLetter(text[i - 1]) {
                    cut = lastSpace
                    next = lastSpace + 1
                }
                emit(text[lineStart..<cut], hyphen)
                lineStart = next
                i = next
                column = 0
                lastSpace = -1
                continue
            }
            if b == 0x20 { lastSpace = i }
            column += w
            i += length
        }
        if lineStart < n { emit(text[lineStart..<n], false) }
    }

    /// A topic inside an English sentence: lower case unless it is an acronym (`ICT`).
    static func lowercased(_ topic: String) -> String {
        topic.unicodeScalars.allSatisfy { $0.properties.isUppercase } ? topic : topic.lowercased()
    }

    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    mutating func emitTable(_ language: Language) {
        let t = table(language)
        emitLine(Array(t.caption.utf8))
        emitBlank()
        for row in [t.header] + t.rows {
            var line = ""
            for (c, cell) in row.enumerated() {
                line += cell
                if c < row.count - 1 { line += String(repeating: " ", count: max(2, (c == 0 ? 14 : 10) - cell.count)) }
            }
            emitLine(Array(line.utf8))
        }
        emitBlank()
        emitLine(Array(t.source.utf8))
        emitBlank()
    }

    // MARK: - HTML

    mutating func renderHTML() -> [UInt8] {
        let t = title()
        let languages = self.languages
        let lang = languages[0] == .zh ? "zh-CN" : "en"
        let titleText = languages[0] == .zh ? t.zh : t.en
        out += Array("""
            <!DOCTYPE html>
            <html lang="\(lang)">
            <head><meta charset="utf-8"><title>\(Self.escaped(titleText))</title>
            <style>body{font-family:serif} .fn{font-size:small}</style></head>
            <body>
            <nav><a href="/">首页</a> | <a href="/policy">Policy</a> | <a href="/research">Research</a></nav>
            <article>
            <h1>\(Self.escaped(titleText))</h1>

            """.utf8)
        var section = 0
        var footnotes: [[UInt8]] = []
        while out.count < target {
            if section == 0 || random.chance(0.15) {
                section += 1
                for language in languages { out += Array("<h2>\(Self.escaped(heading(section, language)))</h2>\n".utf8) }
            }
            if random.chance(0.08) {
                let table = table(languages[0])
                out += Array("<table>\n<caption>\(Self.escaped(table.caption))</caption>\n".utf8)
                out += Array(("<tr>" + table.header.map { "<th>\(Self.escaped($0))</th>" }.joined() + "</tr>\n").utf8)
                for row in table.rows {
                    out += Array(("<tr>" + row.map { "<td>\(Self.escaped($0))</td>" }.joined() + "</tr>\n").utf8)
                }
                out += Array("</table>\n<p class=\"source\">\(Self.escaped(table.source))</p>\n".utf8)
            } else {
                for text in paragraph(languages) where !text.isEmpty {
                    out += Array("<p>".utf8)
                    out += Self.escaped(text)
                    out += Array("</p>\n".utf8)
                }
                footnotes += pendingFootnotes
                pendingFootnotes.removeAll()
            }
        }
        if !footnotes.isEmpty {
            out += Array("<section class=\"fn\">\n<ol>\n".utf8)
            for note in footnotes {
                out += Array("<li>".utf8)
                out += Self.escaped(note)
                out += Array("</li>\n".utf8)
            }
            out += Array("</ol>\n</section>\n".utf8)
        }
        out += Array("</article>\n<footer>© \(years.upperBound) Policy Research Network · <a href=\"/about\">About</a></footer>\n</body>\n</html>\n".utf8)
        return out
    }

    static func escaped(_ text: String) -> String {
        String(decoding: escaped(Array(text.utf8)), as: UTF8.self)
    }

    static func escaped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for b in bytes {
            switch b {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            default: out.append(b)
            }
        }
        return out
    }
}
