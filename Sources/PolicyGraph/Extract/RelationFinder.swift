/// Finds the relations one document states between its own mentions: a figure and the year
/// its clause names (`refers_to_year`), an organisation or country and an agreement it
/// signed, joined or ratified (`party_to`). A pure function of the blocks and mentions, so it
/// runs per document inside the cached `DocumentPipeline`.
///
/// ```swift
/// let relations = RelationFinder().relations(in: blocks, mentions: extraction.mentions)
/// // [MentionRelation(kind: .refersToYear, from: 1, to: 0, evidence: "2019 年，全球商品贸易出口额为 18.9 万亿美元。")]
/// ```
///
/// `from` and `to` index into `mentions`. Relations come sorted by (from, to, kind).
public struct RelationFinder: Sendable {
    public init() {}

    /// `analyses`: blocks already decoded by extraction; a block whose analysis holds the same
    /// text is read from its scalars instead of being decoded again.
    public func relations(in blocks: [Block], mentions: [Mention], analyses: [BlockAnalysis] = []) -> [MentionRelation] {
        var analysisByIndex: [Int: BlockAnalysis] = [:]
        for a in analyses where analysisByIndex[a.block.index] == nil { analysisByIndex[a.block.index] = a }
        var mentionsByBlock: [Int: [Int]] = [:]
        for (i, m) in mentions.enumerated() { mentionsByBlock[m.blockIndex, default: []].append(i) }
        var blockByIndex: [Int: Block] = [:]
        for b in blocks where blockByIndex[b.index] == nil { blockByIndex[b.index] = b }

        var found: [MentionRelation] = []
        for blockIndex in mentionsByBlock.keys.sorted() {
            guard let block = blockByIndex[blockIndex], let members = mentionsByBlock[blockIndex] else { continue }
            let ordered = members.sorted { (mentions[$0].start, mentions[$0].end, $0) < (mentions[$1].start, mentions[$1].end, $1) }
            // The block's entity types as bits (a `Set` per block hashed every mention).
            var types = 0
            for i in ordered { types |= 1 << ExtractionPipeline.typeRank(mentions[i].type) }
            func has(_ t: EntityType) -> Bool { types & (1 << ExtractionPipeline.typeRank(t)) != 0 }
            let wantsYears = has(.figure) && has(.year)
            let wantsParties = has(.agreement) && (has(.organization) || has(.country))
            // Most blocks hold neither combination: skip the scalar work for them.
            guard wantsYears || wantsParties else { continue }
            let decoded = analysisByIndex[blockIndex].flatMap { $0.block.text == block.text ? $0.scalars : nil }
            let text = decoded.map(SentenceSpans.init(scalars:)) ?? SentenceSpans(block.text)
            if wantsYears { found += yearLinks(ordered, mentions, text) }
            if wantsParties { found += partyLinks(ordered, mentions, text) }
        }
        found.sort { ($0.from, $0.to, $0.kind.rawValue) < ($1.from, $1.to, $1.kind.rawValue) }
        var unique: [MentionRelation] = []
        for r in found where unique.last.map({ ($0.from, $0.to, $0.kind) != (r.from, r.to, r.kind) }) ?? true {
            unique.append(r)
        }
        return unique
    }

    // MARK: - refers_to_year

    /// The nearest year in the figure's clause; failing that, the nearest year before the
    /// figure in its sentence (`2019 年，全球商品贸易出口额为 18.9 万亿美元`).
    private func yearLinks(_ ordered: [Int], _ mentions: [Mention], _ text: SentenceSpans) -> [MentionRelation] {
        let years = ordered.filter { mentions[$0].type == .year }
        var out: [MentionRelation] = []
        // Figures of one sentence share its evidence text: made once per sentence.
        var evidence: (sentence: Range<Int>, text: String)?
        // Offsets are read in place: binding whole mentions in the figure-by-year loop retained
        // and released their strings at every step.
        for f in ordered where mentions[f].type == .figure {
            let figureStart = mentions[f].start, figureEnd = mentions[f].end
            let clause = text.clause(containing: figureStart)
            let sentence = text.sentence(containing: figureStart)
            var best: (index: Int, distance: Int)?
            for y in years {
                let yearStart = mentions[y].start, yearEnd = mentions[y].end
                guard yearEnd <= figureStart || yearStart >= figureEnd else { continue }
                guard clause.contains(yearStart) else { continue }
                // A preceding year wins a tie: the usual order is `2019 年……18.9 万亿美元`.
                let distance = yearEnd <= figureStart ? 2 * (figureStart - yearEnd) : 2 * (yearStart - figureEnd) + 1
                if best == nil || distance < best!.distance { best = (y, distance) }
            }
            if best == nil {
                for y in years {
                    let yearStart = mentions[y].start, yearEnd = mentions[y].end
                    guard yearEnd <= figureStart, sentence.contains(yearStart) else { continue }
                    let distance = figureStart - yearEnd
                    if best == nil || distance < best!.distance { best = (y, distance) }
                }
            }
            if let best {
                if evidence?.sentence != sentence { evidence = (sentence, text.text(of: sentence)) }
                out.append(MentionRelation(kind: .refersToYear, from: f, to: best.index, evidence: evidence!.text))
            }
        }
        return out
    }

    // MARK: - party_to

    /// Cue words of `X <cue> Y` (X a party to Y) and `Y <cue> X` (Y's members include X).
    /// Kept short on purpose: a party_to edge is a claim about the world, so only verbs that
    /// say it outright count.
    static let forwardCues: [String] = [
        "签署", "签订", "加入", "主导", "参与", "批准", "缔结",
        "signed", "joined", "ratified", "acceded to", "accessed to", "is a party to", "are parties to",
        "became a party to", "become a party to", "is party to", "are party to", "is a signatory to",
        "are signatories to", "became a signatory to", "is a member of", "are members of",
    ]
    static let reverseCues: [String] = [
        "成员国包括", "成员包括", "成员方包括", "缔约方包括", "成员国有", "成员有", "缔约方有", "成员国为",
        "members include", "members included", "parties include", "signatories include", "members are",
    ]
    /// Words that, just before a forward cue, turn the statement into an intention, a refusal
    /// or a negation (`申请加入`, `has not signed`).
    static let blockingWords: [String] = [
        "未", "没有", "不", "拒绝", "申请", "提出", "拟", "计划", "考虑", "寻求", "有意", "希望", "退出", "谈判", "争取", "将", "推动",
        // `76 个 WTO 成员签署`: the members sign, not the organisation.
        "成员", " members ",
        " not ", " never ", " refused to ", " declined to ", " applied to ", " plans to ", " planning to ", " seeks to ",
        " seeking to ", " will ", " would ", " could ", " wants to ", " intends to ", " yet to ", " cannot ",
    ]
    /// Both cue lists in one, forward cues first: a block is searched once for both.
    static let cueList = CueList(forwardCues + reverseCues)

    /// `blockingWords` as scalars, for the in-place search of `leadBlocks`.
    static let blockingScalars: [[Unicode.Scalar]] = blockingWords.map { Array($0.unicodeScalars) }

    /// Whether a blocking word occurs in the text between subject and cue, lower-cased and
    /// padded with spaces so English words match whole (`" not "`).
    ///
    /// Text made only of scalars that never combine with their neighbours (ASCII, CJK
    /// ideographs and punctuation, full-width forms, general punctuation) is searched scalar
    /// by scalar, where a match is exactly a match of Foundation's `contains`; other text
    /// goes through Foundation as before.
    static func leadBlocks(_ text: SentenceSpans, _ range: Range<Int>) -> Bool {
        let scalars = text.scalars
        var lo = max(0, range.lowerBound), hi = min(scalars.count, range.upperBound)
        while lo < hi && scalars[lo].properties.isWhitespace { lo += 1 }
        while hi > lo && scalars[hi - 1].properties.isWhitespace { hi -= 1 }
        guard hi - lo <= 400, scalars[lo..<hi].allSatisfy(isSimpleForSearch) else {
            let lead = " " + text.text(of: range).lowercased() + " "
            return blockingWords.contains(where: { lead.contains($0) })
        }
        var lead: [Unicode.Scalar] = [" "]
        lead.reserveCapacity(hi - lo + 2)
        for s in scalars[lo..<hi] {
            // The only scalars with a lower-case mapping among the simple ones.
            let v = s.value
            lead.append((0x41...0x5A).contains(v) || (0xFF21...0xFF3A).contains(v) ? Unicode.Scalar(v + 32)! : s)
        }
        lead.append(" ")
        for word in blockingScalars where word.count <= lead.count {
            var i = 0
            while i + word.count <= lead.count {
                if lead[i] == word[0] {
                    var k = 1
                    while k < word.count && lead[i + k] == word[k] { k += 1 }
                    if k == word.count { return true }
                }
                i += 1
            }
        }
        return false
    }

    /// Scalars without canonical decomposition that never join a neighbour into one
    /// character: printable ASCII, tab and line feed, CJK ideographs, CJK punctuation (not the
    /// combining tone marks), full-width forms, general punctuation.
    @inline(__always)
    static func isSimpleForSearch(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x20...0x7E, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x3000...0x3029, 0x3030...0x303F,
             0xFF01...0xFF5E, 0x2010...0x2027:
            return true
        default:
            return false
        }
    }

    /// A scalar right after a Chinese cue that makes it a noun or a setting, not a verb:
    /// `参与者` (participants), `主导下` (under the lead of), `加入国`.
    static let nounSuffixes: Set<Unicode.Scalar> = ["者", "方", "下", "国", "度", "式"]
    /// Words right after the agreement that turn the statement into an application or a
    /// negotiation in progress (`提出加入 DEPA 的申请`, `加入 CPTPP 的谈判`).
    static let pendingAfterObject: [String] = ["的申请", "申请", "的谈判", "谈判", "进展", "的进程", "进程"]
    /// What may stand between two parties of one list (`中国、日本和韩国`, `China, Japan and Korea`).
    static let connectors: Set<String> = ["", "、", "，", ",", "和", "与", "及", "以及", "同", "跟", "and", ", and", "&", "/"]

    /// Whether a gap between two list items is only a connector, an English article allowed
    /// after it (`RCEP and the CPTPP`).
    static func isConnector(_ gap: String) -> Bool {
        var g = gap.lowercased()
        if g == "the" { g = "" } else if g.hasSuffix(" the") { g.removeLast(4) }
        while g.last == " " { g.removeLast() }
        return connectors.contains(g)
    }

    private func partyLinks(_ ordered: [Int], _ mentions: [Mention], _ text: SentenceSpans) -> [MentionRelation] {
        var out: [MentionRelation] = []
        func isParty(_ i: Int) -> Bool { mentions[i].type == .organization || mentions[i].type == .country }
        func isAgreement(_ i: Int) -> Bool { mentions[i].type == .agreement }
        // Years, figures and other incidental mentions may sit inside a gap; parties and
        // agreements may not (they would belong to another statement).
        func gapIsClean(_ from: Int, _ to: Int) -> Bool {
            !ordered.contains { i in
                let m = mentions[i]
                return (isParty(i) || isAgreement(i)) && m.start >= from && m.end <= to
            }
        }
        /// A list of mentions of one kind running backwards from `last`, joined by connectors.
        func chain(from start: Int, step: Int, where accepts: (Int) -> Bool, within sentence: Range<Int>) -> [Int] {
            var result = [ordered[start]]
            var pos = start + step
            while pos >= 0 && pos < ordered.count {
                let candidate = ordered[pos]
                guard accepts(candidate) else { break }
                let prev = result.last!
                let (a, b) = step < 0 ? (mentions[candidate].end, mentions[prev].start) : (mentions[prev].end, mentions[candidate].start)
                guard a <= b, sentence.contains(mentions[candidate].start),
                      Self.isConnector(text.text(of: a..<b)) else { break }
                result.append(candidate)
                pos += step
            }
            return result
        }

        let cues = text.occurrences(of: Self.cueList, splitAt: Self.forwardCues.count)
        for cue in cues.first {
            let sentence = text.sentence(containing: cue.lowerBound)
            if cue.upperBound < text.count, Self.nounSuffixes.contains(text.scalars[cue.upperBound]) { continue }
            // Subject: the nearest party before the cue, close by and with nothing in between
            // that would make it someone else's statement.
            guard let lastSubject = ordered.lastIndex(where: { isParty($0) && mentions[$0].end <= cue.lowerBound }) else { continue }
            let subject = mentions[ordered[lastSubject]]
            guard sentence.contains(subject.start), cue.lowerBound - subject.end <= 24,
                  gapIsClean(subject.end, cue.lowerBound),
                  !text.containsClauseStop(subject.end..<cue.lowerBound, allowComma: false) else { continue }
            // Padded with spaces so English words match whole (`" not "`).
            if Self.leadBlocks(text, subject.end..<cue.lowerBound) { continue }
            // Object: an agreement right after the cue (`签署了《…》`, `signed the …`).
            guard let firstObject = ordered.firstIndex(where: { isAgreement($0) && mentions[$0].start >= cue.upperBound }) else { continue }
            let object = mentions[ordered[firstObject]]
            guard sentence.contains(object.start), object.start - cue.upperBound <= 8,
                  gapIsClean(cue.upperBound, object.start),
                  !text.containsClauseStop(cue.upperBound..<object.start, allowComma: false) else { continue }
            let subjects = chain(from: lastSubject, step: -1, where: isParty, within: sentence)
            let objects = chain(from: firstObject, step: 1, where: isAgreement, within: sentence)
            let objectEnd = mentions[objects.last!].end
            let tail = text.text(of: objectEnd..<max(objectEnd, min(sentence.upperBound, objectEnd + 8)))
            let afterObject = tail.hasPrefix("》") || tail.hasPrefix("”") ? String(tail.dropFirst()) : tail
            if Self.pendingAfterObject.contains(where: { afterObject.hasPrefix($0) }) { continue }
            let evidence = text.text(of: sentence)
            for s in subjects { for o in objects { out.append(MentionRelation(kind: .partyTo, from: s, to: o, evidence: evidence)) } }
        }
        for cue in cues.rest {
            let sentence = text.sentence(containing: cue.lowerBound)
            guard let lastObject = ordered.lastIndex(where: { isAgreement($0) && mentions[$0].end <= cue.lowerBound }) else { continue }
            let object = mentions[ordered[lastObject]]
            guard sentence.contains(object.start), cue.lowerBound - object.end <= 6,
                  gapIsClean(object.end, cue.lowerBound),
                  !text.containsClauseStop(object.end..<cue.lowerBound, allowComma: false) else { continue }
            guard let firstSubject = ordered.firstIndex(where: { isParty($0) && mentions[$0].start >= cue.upperBound }) else { continue }
            let subject = mentions[ordered[firstSubject]]
            guard sentence.contains(subject.start), subject.start - cue.upperBound <= 4,
                  gapIsClean(cue.upperBound, subject.start) else { continue }
            let subjects = chain(from: firstSubject, step: 1, where: isParty, within: sentence)
            let evidence = text.text(of: sentence)
            for s in subjects { out.append(MentionRelation(kind: .partyTo, from: s, to: ordered[lastObject], evidence: evidence)) }
        }
        return out
    }
}

/// Sentence and clause boundaries of one block, computed once over its Unicode scalars.
/// Sentences end at `。！？!?`, a line break, or a `.` followed by a space or the end (not
/// the point of `18.9`); clauses also end at `，；,;：:`.
///
/// ```swift
/// let spans = SentenceSpans("2019 年，出口额为 18.9 万亿美元。")
/// spans.text(of: spans.sentence(containing: 8))  // the whole sentence
/// ```
public struct SentenceSpans: Sendable {
    public let scalars: [Unicode.Scalar]
    /// Scalar offsets just after each sentence end, ascending; the last equals `count`.
    private var sentenceEnds: [Int] = []
    private var clauseEnds: [Int] = []

    public init(_ text: String) { self.init(scalars: ScalarText.scalars(text)) }

    public init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        let n = scalars.count
        for i in 0..<n {
            let s = scalars[i]
            // Letters and Han characters, most of the text, end nothing: every stop below is
            // ASCII punctuation before `A`, `…` (U+2026), `。` (U+3002) or a full-width form in
            // U+FF01–U+FF1F, so the rest skip the switch's comparisons.
            let v = s.value
            if (0x41..<0x2026).contains(v) || (0x3003..<0xFF01).contains(v) || v > 0xFF1F { continue }
            switch s {
            case "。", "！", "？", "!", "?", "\n", "…":
                sentenceEnds.append(i + 1); clauseEnds.append(i + 1)
            case ".", "．":
                let next = i + 1 < n ? scalars[i + 1] : " "
                let prevIsDigit = i > 0 && ("0"..."9").contains(scalars[i - 1])
                let nextIsDigit = ("0"..."9").contains(next)
                // A one-letter word before the point is an abbreviation (`U.S. exports`, `e.g. `).
                let letterBefore = i >= 1 && scalars[i - 1].properties.isAlphabetic
                let letterTwoBefore = i >= 2 && scalars[i - 2].properties.isAlphabetic
                let abbreviation = letterBefore && !letterTwoBefore
                if !abbreviation && (next == " " || next == "\n" || (!prevIsDigit && !nextIsDigit && next.properties.isWhitespace)) {
                    sentenceEnds.append(i + 1); clauseEnds.append(i + 1)
                }
            case "，", "；", ";", "：":
                clauseEnds.append(i + 1)
            case ",", ":":
                // `18,900` and `10:30` are numbers, not clause breaks.
                let next = i + 1 < n ? scalars[i + 1] : " "
                if !("0"..."9").contains(next) { clauseEnds.append(i + 1) }
            default:
                break
            }
        }
        if sentenceEnds.last != n { sentenceEnds.append(n) }
        if clauseEnds.last != n { clauseEnds.append(n) }
    }

    public var count: Int { scalars.count }

    public func sentence(containing offset: Int) -> Range<Int> { span(containing: offset, ends: sentenceEnds) }
    public func clause(containing offset: Int) -> Range<Int> { span(containing: offset, ends: clauseEnds) }

    private func span(containing offset: Int, ends: [Int]) -> Range<Int> {
        // First end strictly after the offset, by binary search.
        var lo = 0, hi = ends.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] > offset { hi = mid } else { lo = mid + 1 }
        }
        let end = ends[lo]
        let start = lo > 0 ? ends[lo - 1] : 0
        return min(start, end)..<end
    }

    /// The text of a range with surrounding whitespace trimmed; a range longer than 400
    /// scalars (a table without punctuation) is cut to keep evidence readable.
    public func text(of range: Range<Int>) -> String {
        var lo = max(0, range.lowerBound), hi = min(count, range.upperBound)
        while lo < hi && scalars[lo].properties.isWhitespace { lo += 1 }
        while hi > lo && scalars[hi - 1].properties.isWhitespace { hi -= 1 }
        if hi - lo > 400 { return ScalarText.string(scalars[lo..<(lo + 400)]) + "…" }
        return ScalarText.string(scalars[lo..<hi])
    }

    /// The sentence around a mention, cut to 400 scalars around it when longer.
    public func sentenceText(around start: Int, end: Int) -> String {
        let s = sentence(containing: start)
        if s.count <= 400 { return text(of: s) }
        let lo = max(s.lowerBound, start - 200), hi = min(s.upperBound, max(end, lo) + 200)
        return text(of: lo..<hi)
    }

    /// Whether a clause or sentence stop lies inside the range.
    func containsClauseStop(_ range: Range<Int>, allowComma: Bool) -> Bool {
        guard range.lowerBound < range.upperBound else { return false }
        for i in range where i < count {
            switch scalars[i] {
            case "。", "！", "？", "!", "?", "\n", "；", ";": return true
            case "，", ",", "：", ":": if !allowComma { return true }
            default: break
            }
        }
        return false
    }

    /// Every place a cue occurs, ASCII letters compared case-insensitively; Latin cues must
    /// stand as whole words (`signed` but not `assigned`).
    func occurrences(of cues: [String]) -> [Range<Int>] {
        occurrences(of: CueList(cues))
    }

    /// The same, in one pass over the text: at each position only the cues starting with its
    /// scalar are compared.
    func occurrences(of cues: CueList) -> [Range<Int>] {
        var found: [Range<Int>] = []
        forEachOccurrence(of: cues) { range, _ in found.append(range) }
        return found.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
    }

    /// `occurrences(of:)` of the first `split` cues and of the rest, found in one pass.
    func occurrences(of cues: CueList, splitAt split: Int) -> (first: [Range<Int>], rest: [Range<Int>]) {
        var first: [Range<Int>] = [], rest: [Range<Int>] = []
        forEachOccurrence(of: cues) { range, c in
            if c < split { first.append(range) } else { rest.append(range) }
        }
        func sorted(_ r: [Range<Int>]) -> [Range<Int>] { r.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) } }
        return (sorted(first), sorted(rest))
    }

    /// Calls `body` with the range and index of every cue found.
    private func forEachOccurrence(of cues: CueList, _ body: (Range<Int>, Int) -> Void) {
        // ASCII capitals are lowered as they are read (no lowered copy of the block per call).
        @inline(__always) func lowered(_ s: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(s) ? Unicode.Scalar(s.value + 32)! : s
        }
        @inline(__always) func isLatinLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        scalars.withUnsafeBufferPointer { text in
            for i in 0..<text.count {
                let first = lowered(text[i])
                // Inside a Latin word no cue starts: every cue opening with a Latin letter is a
                // Latin cue, which needs a word boundary before it.
                if i > 0 && isLatinLetter(first) && isLatinLetter(text[i - 1]) { continue }
                guard let candidates = cues.startingWith(first) else { continue }
                for c in candidates {
                    let pattern = cues.patterns[c]
                    guard i + pattern.count <= text.count else { continue }
                    var equal = true
                    for k in 0..<pattern.count where lowered(text[i + k]) != pattern[k] { equal = false; break }
                    guard equal else { continue }
                    let end = i + pattern.count
                    let latin = cues.latin[c]
                    let boundaryBefore = !latin || i == 0 || !isLatinLetter(text[i - 1])
                    let boundaryAfter = !latin || end == text.count || !isLatinLetter(text[end])
                    if boundaryBefore && boundaryAfter { body(i..<end, c) }
                }
            }
        }
    }
}

/// Cue phrases prepared for `SentenceSpans.occurrences`: their scalars, whether they are
/// Latin words, and which start with a given scalar (a table for ASCII; a bitmap, then a
/// dictionary, for the rest, so Chinese text costs a bit test per character).
struct CueList: Sendable {
    let patterns: [[Unicode.Scalar]]
    let latin: [Bool]
    private let asciiFirst: [[Int]]
    private let otherFirst: [Unicode.Scalar: [Int]]
    private let otherBits: [UInt64]

    init(_ cues: [String]) {
        patterns = cues.map { Array($0.unicodeScalars) }
        latin = patterns.map { p in p.first.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } ?? false }
        var ascii = [[Int]](repeating: [], count: 128)
        var other: [Unicode.Scalar: [Int]] = [:]
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for (c, p) in patterns.enumerated() {
            guard let first = p.first else { continue }
            if first.value < 128 {
                ascii[Int(first.value)].append(c)
            } else {
                other[first, default: []].append(c)
                if first.value < 0x10000 { bits[Int(first.value >> 6)] |= 1 << UInt64(first.value & 63) }
            }
        }
        asciiFirst = ascii
        otherFirst = other
        otherBits = bits
    }

    @inline(__always)
    func startingWith(_ s: Unicode.Scalar) -> [Int]? {
        let v = s.value
        if v < 128 { return asciiFirst[Int(v)].isEmpty ? nil : asciiFirst[Int(v)] }
        if v < 0x10000 && otherBits[Int(v >> 6)] & (1 << UInt64(v & 63)) == 0 { return nil }
        return otherFirst[s]
    }
}
