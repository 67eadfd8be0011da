/// Finds Chinese names by their head word (`…委员会`, `…协定`) and a left boundary: the name
/// runs leftwards over Han characters until punctuation, a non-Han character, a function word
/// or common verb (`的 和 在 设立 根据`, from `name-patterns.txt`), or a known name that can
/// open it (`美国` in `美国对外关系委员会`, `G20` in `G20 研究小组`), which is taken in and ends
/// the scan. Stems made only of generic words (`国际组织`, `自由贸易协定`) are rejected.
///
/// ```swift
/// let scanner = ChineseNameScanner(analysis: analysis)
/// scanner.names(heads: analysis.vocabulary.orgHeadIndexZh, type: .organization)
/// ```
struct ChineseNameScanner {
    let analysis: BlockAnalysis
    /// Longest stem without an anchor; a longer run of Han characters is a clause, not a name.
    static let maxStem = 12

    struct Found {
        var start: Int
        var end: Int
        /// The known name the scan took in, if any.
        var anchor: LexiconMatcher.Match?
        /// Characters of the stem outside the anchor and spaces.
        var freeStem: Int
    }

    /// Left boundary for a name whose head starts at `headStart`; nil when the run is too long.
    ///
    /// A stop word right after a known name does not end the scan when the name can open
    /// this one: an event named after its organiser (`亚太经合组织无纸化贸易研讨会`, where `无`
    /// is no negation), or a body whose remit is a country's act written right before the
    /// head (`中国加入工作组`, the accession working party).
    func scanLeft(headStart: Int, allowQuotedPrefix: Bool = false, type: EntityType? = nil) -> Found? {
        let text = analysis.scalars
        var p = headStart
        var free = 0
        while true {
            var q = p
            while q > 0 && NameScalars.isSpace(text[q - 1]) { q -= 1 }
            if var anchor = analysis.anchorsByEnd[q]?.first, anchor.start < q {
                // Parties joined by a dash open the name together: `欧盟-日本经济伙伴关系协定`.
                var start = anchor.start
                while start > 1, "-－–—".unicodeScalars.contains(text[start - 1]),
                      let other = analysis.anchorsByEnd[start - 1]?.first {
                    start = other.start
                    anchor = other
                }
                return Found(start: start, end: 0, anchor: anchor, freeStem: free)
            }
            if p == 0 { break }
            let c = text[p - 1]
            // An event name may open with a quoted name: `“一带一路”国际合作高峰论坛`.
            if c == "”" && allowQuotedPrefix, let open = text[..<(p - 1)].lastIndex(of: "“"), p - 1 - open <= 8, p - 1 - open >= 2 {
                free += p - open
                p = open
                break
            }
            // PDF text puts stray spaces between Han characters (`数字经济 任务组`).
            if NameScalars.isSpace(c) && p >= 2 && NameScalars.isHan(text[p - 2]) && p < text.count && NameScalars.isHan(text[p]) {
                p -= 1
                continue
            }
            if !NameScalars.isHan(c) { break }
            let stop = analysis.vocabulary.leftStopLength(in: text, endingAt: p)
            if stop > 0 {
                guard let before = analysis.anchorsByEnd[p - stop]?.first, before.start < p - stop,
                      let kind = analysis.entryType(of: before) else { break }
                let opensEvent = type == .event && kind == .organization
                let countryAct = type == .organization && kind == .country && p == headStart && stop >= 2
                guard opensEvent || countryAct else { break }
                p -= stop
                free += stop
                continue
            }
            p -= 1
            free += 1
            if free > Self.maxStem { return nil }
        }
        return Found(start: p, end: 0, anchor: nil, freeStem: free)
    }

    /// Names ending in one of `heads`. An unanchored stem must be at least `minStem` long and
    /// not generic; an anchored one needs some text of its own unless `aliasOfAnchor` allows
    /// the bare form (`GATS 协议` is GATS).
    /// `department`: the heads are sub-unit heads (`办公厅`, `司`), checked against the
    /// department blockers; after a known body they make a new body (`商务部办公厅`).
    func names(heads index: NamePatternVocabulary.HeadIndex, type: EntityType,
               requireAnchor: Bool = false, department: Bool = false) -> [Mention] {
        let text = analysis.scalars
        let heads = index.heads
        var out: [Mention] = []
        // A position is tried only against the heads that can start there, in list
        // (longest-first) order, so the first match is the one a scan over the whole list would find.
        // Only the block's head positions can start a head of this list (they are the Han
        // characters opening a head of any list), visited in order as a scan would.
        for i in analysis.chineseHeadPositions {
            guard let candidates = index.candidates(startingWith: text[i]) else { continue }
            for k in candidates where analysis.hasPrefix(heads[k].head, at: i) {
                let (head, minStem) = heads[k]
                let end = i + head.count
                if department && ((i > 0 && analysis.vocabulary.departmentLeftBlockersZh.contains(text[i - 1]))
                                  || (end < text.count && analysis.vocabulary.departmentRightBlockersZh.contains(text[end]))) { break }
                if let m = candidate(headStart: i, end: end, minStem: minStem, type: type, requireAnchor: requireAnchor,
                                     department: department) {
                    out.append(m)
                }
                break
            }
        }
        return out
    }

    func candidate(headStart: Int, end: Int, minStem: Int, type: EntityType, requireAnchor: Bool, department: Bool = false) -> Mention? {
        guard var found = scanLeft(headStart: headStart, allowQuotedPrefix: type == .event, type: type) else { return nil }
        let head = Array(analysis.scalars[headStart..<end])
        let strict = analysis.vocabulary.strictHeadsZh.contains(head)
        found.end = end
        // The lexicon knows a full name ending here that starts inside the run: trust it
        // (`美国智库布鲁金斯学会` is 布鲁金斯学会).
        // Unless what the run adds is only generic (`国际服务贸易协定` around 服务贸易协定).
        if let lex = analysis.lexiconMatches.first(where: { $0.end == end && $0.start > found.start
                && (type == .event || analysis.entryType(of: $0) == type) }) {
            let extra = analysis.scalars[found.start..<lex.start].filter { !NameScalars.isSpace($0) }
            if type == .event || !analysis.vocabulary.isGenericStemZh(ArraySlice(extra)) { return nil }
        }
        // `影子银行监管`, `倡议成立`: the head is a modifier or a verb here.
        if analysis.vocabulary.rightBlockersZh.contains(where: { analysis.hasPrefix($0, at: end) }) { return nil }
        // `共组织`, `先后组织`: an adverb makes the head a verb.
        if analysis.vocabulary.verbalHeadPhrasesZh.contains(where: { $0.count <= end && analysis.hasPrefix($0, at: end - $0.count) }) {
            return nil
        }

        if let anchor = found.anchor {
            let anchorEntry = analysis.entry(of: anchor)
            if found.freeStem == 0 && department {
                // `商务部办公厅`: the general office of the ministry, a body of its own.
                guard anchorEntry?.type == .organization else { return nil }
                return analysis.patternMention(type, found.start, end)
            }
            if found.freeStem == 0 {
                // `GATS 协议`, `CBPR 体系`, `腾讯公司`, `APEC 论坛`: the head only restates what the
                // known instrument or body is (for bodies only the generic heads marked `!`:
                // `WTO 委员会` is a committee, not the WTO).
                guard let e = anchorEntry, e.type == type,
                      type == .agreement || (type == .organization && strict) else { return nil }
                return Mention(type: type, surface: analysis.text(found.start, end), blockIndex: analysis.block.index,
                               start: found.start, end: end, key: analysis.key(of: anchor)!, canonicalName: e.canonical)
            }
            if requireAnchor && found.freeStem > 6 { return nil }
            let free = analysis.scalars[anchor.end..<headStart].filter { !NameScalars.isSpace($0) }
            if strict && anchorEntry?.type != .country && analysis.vocabulary.isGenericStemZh(ArraySlice(free)) { return nil }
            if strict && analysis.vocabulary.isGenericStemZh(ArraySlice(free)) && free.count <= 2 { return nil }
            return analysis.patternMention(type, found.start, end)
        }
        if requireAnchor { return nil }
        guard found.freeStem >= minStem else { return nil }
        if analysis.vocabulary.isGenericStemZh(analysis.scalars[found.start..<headStart]) { return nil }
        return analysis.patternMention(type, found.start, end)
    }
}
