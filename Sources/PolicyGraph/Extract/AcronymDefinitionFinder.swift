/// Reads the definitions a text gives in brackets and turns them into aliases:
/// `世界贸易组织（WTO）`, `the Digital Economy Task Force (DETF)`, `FSB（金融稳定理事会）`,
/// `跨太平洋伙伴协议 / 全面与进步跨太平洋伙伴关系协定（TPP/CPTPP）` (paired in order), and
/// `“跨境隐私规则体系”（CBPR）` or `区域全面经济伙伴关系（RCEP）`, where a known acronym names the
/// unrecognised words before it. A new acronym becomes a mention of the defined name's type; the
/// pair becomes an `AliasDefinition` the `Resolver` applies across the whole build. Two
/// different lexicon entries are never tied: the lexicon is the authority on what is one thing.
///
/// ```swift
/// let found = AcronymDefinitionFinder().definitions(in: analysis, mentions: settled)
/// found.definitions   // [AliasDefinition(type: .organization, keyA: "organization:数字经济任务组", keyB: "organization:detf")]
/// ```
public struct AcronymDefinitionFinder: Sendable {
    public init() {}

    public struct Found: Sendable {
        public var mentions: [Mention] = []
        public var definitions: [AliasDefinition] = []
    }

    static let definable: Set<EntityType> = [.organization, .agreement, .publication, .event]

    public func definitions(in analysis: BlockAnalysis, mentions: [Mention]) -> Found {
        let t = analysis.scalars
        var found = Found()
        var i = 0
        while i < t.count {
            guard t[i] == "（" || t[i] == "(" else { i += 1; continue }
            var j = i + 1
            while j < t.count && t[j] != "）" && t[j] != ")" && t[j] != "（" && t[j] != "(" && j - i <= 40 { j += 1 }
            guard j < t.count, t[j] == "）" || t[j] == ")" else { i += 1; continue }
            define(open: i, close: j, analysis: analysis, mentions: mentions, into: &found)
            i = j + 1
        }
        return found
    }

    private func define(open: Int, close: Int, analysis: BlockAnalysis, mentions: [Mention], into found: inout Found) {
        let t = analysis.scalars
        var before = open
        while before > 0 && NameScalars.isSpace(t[before - 1]) { before -= 1 }
        // Parts inside the bracket, split at `/`.
        var parts: [(start: Int, end: Int)] = []
        var s = open + 1
        for k in (open + 1)...close where k == close || t[k] == "/" || t[k] == "／" {
            var a = s, b = k
            while a < b && NameScalars.isSpace(t[a]) { a += 1 }
            while b > a && NameScalars.isSpace(t[b - 1]) { b -= 1 }
            if b > a { parts.append((a, b)) }
            s = k + 1
        }
        guard !parts.isEmpty else { return }
        let defined = mentions.last { $0.end == before && Self.definable.contains($0.type) }

        // `FSB（金融稳定理事会）`: a known name before, one full name inside.
        if parts.count == 1, let inner = mentions.first(where: { $0.start == parts[0].start && $0.end == parts[0].end }),
           Self.definable.contains(inner.type), let outer = defined {
            tie(outer, inner, into: &found)
            return
        }
        // `DETF（数字经济任务组）`: an unknown acronym before, one full name inside.
        if parts.count == 1, defined == nil,
           let inner = mentions.first(where: { $0.start == parts[0].start && $0.end == parts[0].end }),
           Self.definable.contains(inner.type) {
            var a = before
            while a > 0 && (NameScalars.isLatinAlnum(t[a - 1]) || t[a - 1] == "&" || t[a - 1] == "-") { a -= 1 }
            let word = analysis.text(a, before)
            if a < before, a == 0 || !NameScalars.isLatinAlnum(t[a - 1]), isAcronym(word, analysis.vocabulary),
               !analysis.vocabulary.genericAcronyms.contains(word),
               !mentions.contains(where: { $0.start < before && a < $0.end }) {
                let m = Mention(type: inner.type, surface: word, blockIndex: analysis.block.index, start: a, end: before,
                                key: BlockAnalysis.patternKey(inner.type, word))
                found.mentions.append(m)
                found.definitions.append(AliasDefinition(type: inner.type, keyA: inner.key, keyB: m.key))
                return
            }
        }
        // Acronyms inside; the names they define are the mentions before, separated by `/`.
        guard parts.allSatisfy({ isAcronym(analysis.text($0.start, $0.end), analysis.vocabulary) }) else { return }
        var names: [Mention] = []
        if let d = defined {
            names = [d]
            var cursor = d.start
            while names.count < parts.count {
                var k = cursor
                while k > 0 && NameScalars.isSpace(t[k - 1]) { k -= 1 }
                guard k > 0, t[k - 1] == "/" || t[k - 1] == "／" else { break }
                k -= 1
                while k > 0 && NameScalars.isSpace(t[k - 1]) { k -= 1 }
                guard let prev = mentions.last(where: { $0.end == k && Self.definable.contains($0.type) }) else { break }
                names.insert(prev, at: 0)
                cursor = prev.start
            }
            if names.count != parts.count { names = parts.count == 1 ? [d] : [] }
        }
        for (n, part) in parts.enumerated() {
            let known = mentions.first { $0.start == part.start && $0.end == part.end }
            if names.isEmpty {
                // A known acronym after words nothing recognised: those words are its name.
                // Not when the words go on after the bracket (`数字经济指导（DESG）小组`).
                let after = close + 1
                let continues = after < t.count && NameScalars.isHan(t[after])
                    && !analysis.vocabulary.leftStopStarts(in: t, at: after)
                if parts.count == 1, !continues, let k = known, k.key.hasPrefix("lexicon:"), Self.definable.contains(k.type),
                   let span = unrecognisedName(before: before, analysis: analysis, mentions: mentions) {
                    let m = analysis.patternMention(k.type, span.start, span.end)
                    found.mentions.append(m)
                    found.definitions.append(AliasDefinition(type: k.type, keyA: m.key, keyB: k.key))
                }
                continue
            }
            let name = names[n]
            if let k = known {
                tie(name, k, into: &found)
            } else {
                let surface = analysis.text(part.start, part.end)
                if analysis.vocabulary.genericAcronyms.contains(surface) { continue }
                let m = Mention(type: name.type, surface: surface, blockIndex: analysis.block.index,
                                start: part.start, end: part.end,
                                key: BlockAnalysis.patternKey(name.type, surface))
                found.mentions.append(m)
                found.definitions.append(AliasDefinition(type: name.type, keyA: name.key, keyB: m.key))
            }
        }
    }

    private func tie(_ a: Mention, _ b: Mention, into found: inout Found) {
        guard a.key != b.key else { return }
        if a.key.hasPrefix("lexicon:") && b.key.hasPrefix("lexicon:") { return }
        // An acronym the lexicon knows as another kind of thing is a homonym, not this name's
        // short form (`Pacific ICT Promotion Association (PIPA)` is not Korea's Personal
        // Information Protection Act): tying them would merge an organisation into a law.
        if a.type != b.type { return }
        let type = a.key.hasPrefix("lexicon:") ? a.type : b.type
        found.definitions.append(AliasDefinition(type: type, keyA: a.key, keyB: b.key))
    }

    /// `[A-Z][A-Za-z0-9&]{1,9}` with at least two capitals: `WTO`, `TiSA`, `G20`, `3GPP`.
    func isAcronym(_ s: String, _ v: NamePatternVocabulary) -> Bool {
        let u = Array(s.unicodeScalars).map(NameScalars.foldWidth)
        guard (2...10).contains(u.count), NameScalars.isUpper(u[0]) || NameScalars.isASCIIDigit(u[0]) else { return false }
        guard u.allSatisfy({ NameScalars.isLatinAlnum($0) || $0 == "&" || $0 == "-" }) else { return false }
        return u.filter(NameScalars.isUpper).count >= 2
    }

    /// The words right before a bracket that no recogniser took: a quoted phrase
    /// (`“跨境隐私规则体系”`), or a run of Han characters back to a stop (`区域全面经济伙伴关系`).
    func unrecognisedName(before end: Int, analysis: BlockAnalysis, mentions: [Mention]) -> (start: Int, end: Int)? {
        let t = analysis.scalars
        guard end > 0 else { return nil }
        if t[end - 1] == "”" || t[end - 1] == "\u{300D}" {
            var k = end - 2
            while k >= 0 && t[k] != "“" && t[k] != "\u{300C}" && end - k < 30 { k -= 1 }
            guard k >= 0, t[k] == "“" || t[k] == "\u{300C}", end - 1 - (k + 1) >= 2 else { return nil }
            return (k + 1, end - 1)
        }
        var p = end
        while p > 0 && NameScalars.isHan(t[p - 1]) && analysis.vocabulary.leftStopLength(in: t, endingAt: p) == 0 && end - p < 16 { p -= 1 }
        guard end - p >= 4, !mentions.contains(where: { $0.start < end && p < $0.end }) else { return nil }
        if analysis.vocabulary.isGenericStemZh(t[p..<end]) { return nil }
        return (p, end)
    }
}

/// Names a document (or a whole build) has learned from definitions, found again wherever
/// they occur without their definition: after `数字经济任务组（DETF）` every later `DETF` is the
/// same task force.
///
/// ```swift
/// let learned = LearnedNames(definitions: extraction.aliasDefinitions, mentions: extraction.mentions)
/// let more = learned.mentions(in: scalars, block: block, avoiding: existing)
/// ```
public struct LearnedNames: Sendable {
    let matcher: LexiconMatcher
    let keys: [String]
    let types: [EntityType]

    /// Surfaces of pattern mentions taking part in a definition (lexicon names are found anyway).
    public init(definitions: [AliasDefinition], mentions: [Mention]) {
        let defined = Set(definitions.flatMap { [$0.keyA, $0.keyB] }.filter { !$0.hasPrefix("lexicon:") })
        // The mention with the smallest key per normalised surface (indices: no Mention copies).
        var bySurface: [String: Int] = [:]
        if !defined.isEmpty {
            // By index: a `Mention` bound per step would retain and release its strings.
            for i in mentions.indices where defined.contains(mentions[i].key) {
                let norm = NameScalars.normalizedKey(mentions[i].surface)
                if let old = bySurface[norm], mentions[old].key <= mentions[i].key { continue }
                bySurface[norm] = i
            }
        }
        let ordered = bySurface.keys.sorted()
        // A document that defined nothing needs no trie (a lexicon and its matcher were made
        // and freed for every one).
        guard !ordered.isEmpty else {
            matcher = Self.noNames
            keys = []
            types = []
            return
        }
        var entries: [Lexicon.Entry] = []
        var keys: [String] = [], types: [EntityType] = []
        for norm in ordered {
            let m = mentions[bySurface[norm]!]
            entries.append(Lexicon.Entry(type: m.type, canonical: m.surface, aliases: []))
            keys.append(m.key); types.append(m.type)
        }
        // Entry keys could collide by slug; index entries by position instead.
        var lexicon = Lexicon()
        lexicon = Lexicon(entries: entries.enumerated().map { i, e in
            Lexicon.Entry(type: e.type, canonical: "\(i)\t\(e.canonical)", aliases: [e.canonical]) })
        self.matcher = LexiconMatcher(lexicon: lexicon)
        self.keys = keys
        self.types = types
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// The matcher of no names, shared by every document that learned none.
    private static let noNames = LexiconMatcher(lexicon: Lexicon())

    /// `existing`: the block's mentions so far (an array or a slice of the document's).
    public func mentions(in scalars: [Unicode.Scalar], block: Block, avoiding existing: some Collection<Mention>) -> [Mention] {
        var out: [Mention] = []
        for m in matcher.matches(in: scalars) {
            guard let idx = m.entryIndex else { continue }
            if existing.contains(where: { $0.start < m.end && m.start < $0.end && ExtractionPipeline.isName($0.type) }) { continue }
            if out.contains(where: { $0.start < m.end && m.start < $0.end }) { continue }
            out.append(Mention(type: types[idx], surface: ScalarText.string(scalars[m.start..<m.end]), blockIndex: block.index, start: m.start, end: m.end, key: keys[idx]))
        }
        return out
    }
}
