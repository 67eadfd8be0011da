/// One block prepared once for every recogniser: its scalars and the lexicon names found in
/// it, so each recogniser reads the same facts without re-scanning the text.
///
/// A class, so that handing it to the recognisers and scanners is one reference count: as a
/// struct every copy retained and released each of its many arrays, the lexicon's and the
/// vocabulary's. It is read-only once made (`@unchecked Sendable` because `englishNames`, a
/// `var` only so that the initialiser can scan with the finished analysis, is set there and
/// never again).
///
/// ```swift
/// let analysis = BlockAnalysis(block: block, matcher: matcher, vocabulary: .shared)
/// analysis.lexiconMatches.count
/// ```
public final class BlockAnalysis: @unchecked Sendable {
    public let block: Block
    public let scalars: [Unicode.Scalar]
    /// Lexicon names (blocking phrases removed, and the names inside them too).
    public let lexiconMatches: [LexiconMatcher.Match]
    public let lexicon: Lexicon
    public let vocabulary: NamePatternVocabulary
    /// Lexicon names of bodies, instruments and countries by end offset, longest first:
    /// the anchors a pattern name may start with (`美国` in `美国对外关系委员会`).
    let anchorsByEnd: [Int: [LexiconMatcher.Match]]
    /// Offsets of the Han characters that open some Chinese head word: where the Chinese name
    /// scans of every recogniser start (found in one pass instead of one per head list).
    let chineseHeadPositions: [Int]
    /// English pattern names of every kind, found once (three recognisers read them).
    public private(set) var englishNames: [Mention] = []

    /// The block's years and dates, found once by `ExtractionPipeline` for the year and figure
    /// recognisers, with the identity of the vocabulary they were found with.
    let yearMatches: [YearRecognizer.YearMatch]?
    let yearMatchesVocabulary: FigureVocabulary.Identity?

    public convenience init(block: Block, matcher: LexiconMatcher, vocabulary: NamePatternVocabulary) {
        self.init(block: block, matcher: matcher, vocabulary: vocabulary, years: nil)
    }

    /// `years`: the recogniser whose year matches the recognisers will ask for.
    init(block: Block, matcher: LexiconMatcher, vocabulary: NamePatternVocabulary, years: YearRecognizer?) {
        self.block = block
        let scalars = ScalarText.scalars(block.text)
        self.scalars = scalars
        self.yearMatches = years?.yearMatches(in: scalars, block: block)
        self.yearMatchesVocabulary = years?.vocabulary.identity
        self.lexicon = matcher.lexicon
        self.vocabulary = vocabulary
        let all = matcher.matches(in: scalars)
        let blocking = all.filter { $0.entryIndex == nil }
        // A lexicon name written all in lowercase Latin (`the e-commerce moratorium`) is a
        // common noun in running text, not a name.
        let kept = all.filter { m in
            m.entryIndex != nil && !blocking.contains { $0.start <= m.start && m.end <= $0.end }
                && !Self.isLowercaseLatinPhrase(scalars[m.start..<m.end])
        }
        self.lexiconMatches = kept
        var byEnd: [Int: [LexiconMatcher.Match]] = [:]
        for m in kept {
            let type = matcher.lexicon.entries[m.entryIndex!].type
            if type == .organization || type == .agreement || type == .country {
                byEnd[m.end, default: []].append(m)
            }
        }
        for (k, v) in byEnd { byEnd[k] = v.sorted { $0.start < $1.start } }
        self.anchorsByEnd = byEnd
        var headPositions: [Int] = []
        for (i, s) in scalars.enumerated() where NameScalars.isHan(s) && vocabulary.mayOpenChineseHead(s) { headPositions.append(i) }
        self.chineseHeadPositions = headPositions
        // Only a block with Latin capitals can hold an English name.
        if scalars.contains(where: { NameScalars.isUpper(NameScalars.foldWidth($0)) }) {
            self.englishNames = EnglishNameScanner(analysis: self).names()
        }
    }

    static func isLowercaseLatinPhrase(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        var letters = 0
        for c in s {
            if NameScalars.isUpper(NameScalars.foldWidth(c)) || NameScalars.isASCIIDigit(c) || c.value > 0x24F { return false }
            if NameScalars.isLatinAlnum(c) { letters += 1 }
        }
        return letters > 0
    }

    public func entry(of match: LexiconMatcher.Match) -> Lexicon.Entry? {
        match.entryIndex.map { lexicon.entries[$0] }
    }

    /// The type of the entry a match names, read in place (`entry(of:)?.type` would copy the
    /// entry, its names and all, for every match every recogniser looks at).
    func entryType(of match: LexiconMatcher.Match) -> EntityType? {
        match.entryIndex.map { lexicon.entries[$0].type }
    }

    /// The resolution key of the entry a match names (`Lexicon.Entry.key`, precomputed).
    func key(of match: LexiconMatcher.Match) -> String? {
        match.entryIndex.map { lexicon.keys[$0] }
    }

    func text(_ start: Int, _ end: Int) -> String {
        ScalarText.string(scalars[start..<end])
    }

    /// A mention of a lexicon entry at a span.
    func lexiconMention(_ m: LexiconMatcher.Match) -> Mention? {
        guard let e = entry(of: m) else { return nil }
        return Mention(type: e.type, surface: text(m.start, m.end), blockIndex: block.index, start: m.start, end: m.end,
                       key: lexicon.keys[m.entryIndex!], canonicalName: e.canonical)
    }

    /// A mention of a name the lexicon does not know: keyed by type and normalised surface.
    func patternMention(_ type: EntityType, _ start: Int, _ end: Int) -> Mention {
        let surface = text(start, end)
        return Mention(type: type, surface: surface, blockIndex: block.index, start: start, end: end,
                       key: Self.patternKey(type, surface))
    }

    static func patternKey(_ type: EntityType, _ surface: String) -> String {
        // Written as bytes when the surface allows it, instead of interpolating a key string
        // built on its own.
        if let key = NameScalars.stableKey(of: surface, prefixedBy: type.rawValue + ":") { return key }
        return "\(type.rawValue):\(NameScalars.normalizedKey(surface))"
    }

    func hasPrefix(_ word: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + word.count <= scalars.count else { return false }
        for k in 0..<word.count where scalars[i + k] != word[k] { return false }
        return true
    }

    func hasSuffix(_ word: [Unicode.Scalar], endingAt end: Int, from start: Int) -> Bool {
        guard end - start >= word.count else { return false }
        return hasPrefix(word, at: end - word.count)
    }
}
