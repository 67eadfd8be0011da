/// One recogniser in the extraction pipeline: reads a block, returns the mentions of the
/// kind it knows. Recognisers are independent and swappable; `ExtractionPipeline` runs them
/// all and settles overlaps.
///
/// A recogniser that needs the lexicon reads the shared `BlockAnalysis` (scalars and lexicon
/// names found once per block); one that does not implements `mentions(in: Block)` only.
public protocol EntityRecognizer: Sendable {
    func mentions(in block: Block) -> [Mention]
    func mentions(in analysis: BlockAnalysis) -> [Mention]
}

extension EntityRecognizer {
    public func mentions(in analysis: BlockAnalysis) -> [Mention] { mentions(in: analysis.block) }
}

/// What extraction learns from one document's blocks.
public struct Extraction: Sendable, Hashable {
    public var mentions: [Mention]
    public var aliasDefinitions: [AliasDefinition]
    public var relations: [MentionRelation]
    public init(mentions: [Mention] = [], aliasDefinitions: [AliasDefinition] = [], relations: [MentionRelation] = []) {
        self.mentions = mentions
        self.aliasDefinitions = aliasDefinitions
        self.relations = relations
    }
}

/// Runs the recognisers over every block of a document, settles overlapping names by
/// preferring the longest valid span (`欧盟-日本经济伙伴关系协定` is one agreement, not 欧盟 +
/// 日本 + an agreement), reads definitions in brackets (`世界贸易组织（WTO）`), and finds later
/// uses of the acronyms the document defined.
///
/// The lexicon automaton is built once here, when the pipeline is made (once per build).
///
/// ```swift
/// let extractor = ExtractionPipeline(lexicon: try .bundled())
/// let extraction = extractor.extract(blocks)
/// ```
public struct ExtractionPipeline: Sendable {
    public let lexicon: Lexicon
    public let matcher: LexiconMatcher
    public let vocabulary: NamePatternVocabulary
    /// Run in this order; add a recogniser by appending it.
    public var recognizers: [any EntityRecognizer]

    public init(lexicon: Lexicon, vocabulary: NamePatternVocabulary = .shared) {
        self.lexicon = lexicon
        self.vocabulary = vocabulary
        self.matcher = LexiconMatcher(lexicon: lexicon, blocking: vocabulary.blockingPhrases)
        self.recognizers = [
            YearRecognizer(), FigureRecognizer(),
            OrganizationRecognizer(), AgreementRecognizer(), CountryRecognizer(),
            TitleRecognizer(), EventRecognizer(),
        ]
    }

    public func extract(_ blocks: [Block]) -> Extraction { extractKeepingAnalyses(blocks).extraction }

    /// The extraction and the analysis of every block it read, so that the relation finder
    /// reuses their decoded scalars instead of decoding each block's text a second time.
    public func extractKeepingAnalyses(_ blocks: [Block]) -> (extraction: Extraction, analyses: [BlockAnalysis]) {
        var mentions: [Mention] = []
        var definitions: [AliasDefinition] = []
        var analyses: [BlockAnalysis] = []
        /// Where each analysed block's mentions sit in `mentions` (they are appended block by block).
        var mentionRanges: [Range<Int>] = []
        // The year and figure recognisers both read a block's years: found once per block.
        let years = recognizers.lazy.compactMap { ($0 as? YearRecognizer) ?? ($0 as? FigureRecognizer)?.years }.first
        for block in blocks where block.kind != .furniture {
            let analysis = BlockAnalysis(block: block, matcher: matcher, vocabulary: vocabulary, years: years)
            var found: [Mention] = []
            for r in recognizers { found += r.mentions(in: analysis) }
            var settled = Self.settle(found, scalars: analysis.scalars)
            let defined = AcronymDefinitionFinder().definitions(in: analysis, mentions: settled)
            // Settling a settled list gives it back unchanged: only new names need a second round.
            if !defined.mentions.isEmpty {
                settled = Self.settle(settled + defined.mentions, scalars: analysis.scalars)
            }
            definitions += defined.definitions
            mentionRanges.append(mentions.count..<(mentions.count + settled.count))
            mentions += settled
            analyses.append(analysis)
        }
        // Acronyms and names this document defined are found again wherever else it uses them.
        let learned = LearnedNames(definitions: definitions, mentions: mentions)
        if !learned.isEmpty {
            // A block's own mentions are its range when every block index is used once (as the
            // segmenter numbers blocks); otherwise grouped by index once (filtering all
            // mentions per block would be quadratic in long documents).
            let uniqueIndices = Set(analyses.map(\.block.index)).count == analyses.count
            let byBlock = uniqueIndices ? [:] : Dictionary(grouping: mentions, by: \.blockIndex)
            for (analysis, range) in zip(analyses, mentionRanges) {
                let more = uniqueIndices
                    ? learned.mentions(in: analysis.scalars, block: analysis.block, avoiding: mentions[range])
                    : learned.mentions(in: analysis.scalars, block: analysis.block, avoiding: byBlock[analysis.block.index] ?? [])
                mentions += more
            }
        }
        mentions.sort { ($0.blockIndex, $0.start, $0.end, Self.typeRank($0.type)) < ($1.blockIndex, $1.start, $1.end, Self.typeRank($1.type)) }
        var seen = Set<AliasDefinition>()
        definitions = definitions.filter { seen.insert($0).inserted }
        return (Extraction(mentions: mentions, aliasDefinitions: definitions), analyses)
    }

    /// `EntityType`'s order (its `allCases` order, as `<` compares), without building `allCases`.
    @inline(__always)
    static func typeRank(_ t: EntityType) -> Int {
        switch t {
        case .organization: return 0
        case .agreement: return 1
        case .country: return 2
        case .year: return 3
        case .figure: return 4
        case .publication: return 5
        case .event: return 6
        }
    }

    /// Whether a mention key is a lexicon entry's (`lexicon:organization:…`). Compared as UTF-8
    /// bytes: every key is `type:…` or `lexicon:type:…`, so no combining mark can follow the
    /// prefix and the bytes answer what `hasPrefix` would, without its grapheme breaking.
    @inline(__always)
    static func isLexicon(_ key: String) -> Bool {
        key.utf8.starts(with: "lexicon:".utf8)
    }

    /// Kinds that compete for a span: names of bodies, instruments, countries, publications.
    static func isName(_ t: EntityType) -> Bool {
        t == .organization || t == .agreement || t == .country || t == .publication
    }

    /// Longest span wins among names; on equal spans a lexicon name beats a pattern one. A
    /// 《title》 or an event keeps the lexicon names inside it (`《APEC 隐私框架》` still mentions
    /// APEC; `金砖国家会议` mentions 金砖国家) but not pattern names. Years and figures are
    /// settled among themselves the same way, apart from names (a year inside a title counts).
    static func settle(_ candidates: [Mention], scalars: [Unicode.Scalar]) -> [Mention] {
        func group(_ t: EntityType) -> Int {
            if isName(t) { return 0 }
            if t == .event { return 1 }
            return 2
        }
        func isTitle(_ start: Int, _ end: Int) -> Bool {
            var s = start, e = end
            while s > 0 && NameScalars.isSpace(scalars[s - 1]) { s -= 1 }
            while e < scalars.count && NameScalars.isSpace(scalars[e]) { e += 1 }
            return s > 0 && e < scalars.count && scalars[s - 1] == "《" && scalars[e] == "》"
        }
        /// A body's acronym opening a longer English name (`G20 Trade …`, `UNCITRAL Model Law`);
        /// a name written out in full (`United Nations Commission …`) is part of the longer one.
        func isLatinNamed(_ start: Int, _ end: Int) -> Bool {
            guard end < scalars.count, NameScalars.isSpace(scalars[end]), end - start >= 2 else { return false }
            return scalars[start..<end].allSatisfy { NameScalars.isUpper($0) || NameScalars.isASCIIDigit($0) }
        }
        // Longest first, lexicon names before pattern names, then by start, type and key. The
        // rank of each candidate is worked out once, not in every comparison.
        // (The comparison reads plain values: binding whole mentions in it retained and released
        // their strings at every step of the sort.)
        let isLexiconKey = candidates.map { isLexicon($0.key) }
        let ranks = candidates.indices.map { i in
            (-(candidates[i].end - candidates[i].start), isLexiconKey[i] ? 0 : 1, candidates[i].start, typeRank(candidates[i].type))
        }
        let order = candidates.indices.sorted { i, j in
            let ra = ranks[i], rb = ranks[j]
            if (ra.0, ra.1, ra.2) != (rb.0, rb.1, rb.2) { return (ra.0, ra.1, ra.2) < (rb.0, rb.1, rb.2) }
            if ra.3 != rb.3 { return ra.3 < rb.3 }
            return candidates[i].key < candidates[j].key
        }
        /// What the overlap rules read of an accepted candidate: plain values, so the pairwise
        /// loop copies no strings.
        struct Span {
            var start: Int
            var end: Int
            var type: EntityType
            var group: Int
            var isLexicon: Bool
            var index: Int
        }
        var accepted: [Span] = []
        for index in order {
            let m = Span(start: candidates[index].start, end: candidates[index].end, type: candidates[index].type,
                         group: group(candidates[index].type), isLexicon: isLexiconKey[index], index: index)
            let g = m.group
            let isLexicon = m.isLexicon
            var ok = true
            for a in accepted where a.start < m.end && m.start < a.end {
                let ag = a.group
                let inside = a.start <= m.start && m.end <= a.end
                if ag == g {
                    let sameSpan = a.start == m.start && a.end == m.end
                    // A title mentions the known bodies and instruments inside it.
                    if g == 0 && inside && isLexicon && !sameSpan && a.type != m.type && isTitle(a.start, a.end) { continue }
                    // A body named after its parent mentions the parent: `G20 研究小组`, `WTO 总理事会`.
                    // So is an instrument or report named after its author: `UNCITRAL Model Law on …`.
                    if g == 0 && inside && isLexicon && !sameSpan && a.start == m.start
                        && m.type == .organization && isLatinNamed(m.start, m.end) { continue }
                    if g == 0 && inside && isLexicon && !sameSpan && a.start == m.start && a.type == .organization
                        && m.type == .organization && !a.isLexicon { continue }
                    ok = false; break
                }
                if ag + g == 1 {
                    // Events and names: nested either way is fine, crossing is not; a pattern
                    // name on exactly the event's span is the event.
                    let around = m.start <= a.start && a.end <= m.end
                    if !inside && !around { ok = false; break }
                    if g == 0 && !isLexicon && a.start == m.start && a.end == m.end { ok = false; break }
                }
            }
            if ok { accepted.append(m) }
        }
        let events = accepted.filter { $0.type == .event }
        if !events.isEmpty {
            accepted.removeAll { m in
                isName(m.type) && !m.isLexicon && events.contains { $0.start == m.start && $0.end == m.end }
            }
        }
        accepted.sort { ($0.start, $0.end, typeRank($0.type)) < ($1.start, $1.end, typeRank($1.type)) }
        return accepted.map { candidates[$0.index] }
    }
}
