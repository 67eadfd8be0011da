/// Walks the classified lines of a plain-text document once and builds the blocks in reading
/// order. A paragraph stays open across page breaks, furniture and footnote zones until a line
/// ends it; footnotes met meanwhile are placed right after it (guidelines, "The blocks file").
///
/// ```swift
/// let blocks = ParagraphAssembler(lines: lines, layout: layout, documentText: text).assemble()
/// ```
struct ParagraphAssembler {
    struct Draft {
        var kind: BlockKind
        var scalars: [Unicode.Scalar]
        var firstLine: Int
        var lastLine: Int
        var footnoteNumber: Int?
        var refs: [Int] = []
        /// A prepared text (tables) that replaces `scalars`.
        var preparedText: String?
    }

    let lines: [SourceLine]
    let layout: DocumentLayout
    let joiner: WrappedLineJoiner
    let headings = HeadingDetector()
    let furniture = FurnitureDetector()
    let tagger: LanguageTagger

    /// `documentScalars`, when given, are `documentText`'s scalars (decoded once by the caller).
    init(lines: [SourceLine], layout: DocumentLayout, documentText: String, documentScalars: [Unicode.Scalar]? = nil) {
        self.lines = lines
        self.layout = layout
        self.joiner = WrappedLineJoiner(hyphenation: HyphenationRepair(documentText: documentText))
        let dominant = documentScalars.map { LanguageTagger.dominantLanguage(ofScalars: $0) }
            ?? LanguageTagger.dominantLanguage(of: documentText)
        self.tagger = LanguageTagger(fallback: dominant)
    }

    func assemble() -> [Block] {
        let footnoteResult = FootnoteExtractor().extract(lines, layout: layout)
        var roles = footnoteResult.roles
        for i in furniture.runningTitleLines(lines, roles: roles, layout: layout) { roles[i] = .furniture }
        for (i, line) in lines.enumerated() where roles[i] == .body && furniture.isPageNumberLine(line) {
            roles[i] = .furniture
        }
        let tableDetector = TableDetector()
        let tables = tableDetector.detect(lines, roles: &roles, layout: layout)

        var drafts: [Draft] = []
        var footnoteDraftIndex: [Int: Int] = [:]
        var tableDraftIndex: [Int: Int] = [:]
        var markers = FootnoteMarkerRemover(footnoteNumbers: footnoteResult.numbers)
        markers.numberingRestarts = footnoteResult.numberingRestarts
        var open: Int? = nil          // index of the open paragraph draft
        var openEnded = true
        var lastTextBlock: Int? = nil // where a detached marker's reference is recorded
        var previousEndedSentence = true

        // Lookahead skips lone integers: they are page numbers or detached markers, never prose.
        let bodyIndices = lines.indices.filter { roles[$0] == .body && lines[$0].integerValue == nil }
        var nextBody: [Int: Int] = [:]
        for (k, i) in bodyIndices.enumerated() where k + 1 < bodyIndices.count { nextBody[i] = bodyIndices[k + 1] }

        let titles = titleGroups(bodyIndices: bodyIndices)
        var titleMember = Set<Int>()
        for group in titles { titleMember.formUnion(group) }

        for i in lines.indices {
            let line = lines[i]
            if titleMember.contains(i) {
                guard let group = titles.first(where: { $0.first == i }) else { continue }
                var text: [Unicode.Scalar] = []
                for k in group { joiner.append(lines[k].scalars, to: &text) }
                drafts.append(Draft(kind: .heading, scalars: text, firstLine: line.firstLine,
                                    lastLine: lines[group.last!].lastLine))
                lastTextBlock = drafts.count - 1
                continue
            }
            switch roles[i] {
            case .blank, .separator:
                continue
            case .furniture:
                drafts.append(Draft(kind: .furniture, scalars: Self.collapsingBlanks(line.scalars), firstLine: line.firstLine, lastLine: line.lastLine))
            case .footnote(let id):
                if let d = footnoteDraftIndex[id] {
                    joiner.append(line.scalars, to: &drafts[d].scalars)
                    drafts[d].lastLine = line.lastLine
                } else {
                    footnoteDraftIndex[id] = drafts.count
                    drafts.append(Draft(kind: .footnote, scalars: line.scalars, firstLine: line.firstLine,
                                        lastLine: line.lastLine, footnoteNumber: footnoteResult.footnotes[id].number))
                }
            case .table(let id):
                if tableDraftIndex[id] == nil {
                    open = nil; openEnded = true
                    tableDraftIndex[id] = drafts.count
                    let text = tableDetector.text(of: tables[id], lines: lines, joiner: joiner)
                    let last = lines[tables[id].lineIndices.last!].lastLine
                    drafts.append(Draft(kind: .table, scalars: [], firstLine: line.firstLine, lastLine: last, preparedText: text))
                    lastTextBlock = drafts.count - 1
                }
            case .body:
                if let n = line.integerValue {
                    if markers.acceptDetachedMarker(n) {
                        if let target = open ?? lastTextBlock { drafts[target].refs.append(n) }
                    } else {
                        drafts.append(Draft(kind: .furniture, scalars: line.scalars, firstLine: line.firstLine, lastLine: line.lastLine))
                    }
                    continue
                }
                let (clean, refs) = markers.clean(line.scalars, cuts: line.cuts)
                guard !clean.isEmpty else { continue }
                var cleanLine = line
                // Setting the scalars measures their width again: only when markers came out
                // (`clean` is most often the line's own array, compared by identity at once).
                if clean != line.scalars { cleanLine.scalars = clean }
                cleanLine.endedWithMarker = !refs.isEmpty && clean.count < line.scalars.count
                    && line.last.map(ScalarClass.isDigit) == true
                let next = nextBody[i].map { lines[$0] }
                let ends = endsParagraph(cleanLine, next: next, nextIndex: nextBody[i], currentIndex: i,
                                         footnoteNumbers: markers.footnoteNumbers)
                // A numbered heading right after a sentence end stands alone even when the
                // layout gave no other sign that the paragraph ended.
                let standalone = open == nil || openEnded
                    || previousEndedSentence && HeadingDetector.isStrongHeading(cleanLine)

                if let title = Self.markdownHeading(clean) {
                    open = nil; openEnded = true
                    drafts.append(Draft(kind: .heading, scalars: title, firstLine: line.firstLine,
                                        lastLine: line.lastLine, refs: refs))
                    lastTextBlock = drafts.count - 1
                    continue
                }
                if CaptionDetector.isCaption(clean) && (standalone || CaptionDetector.hasColonLabel(clean))
                    || headings.isHeading(cleanLine, standalone: standalone, endsBlock: ends, layout: layout,
                                          leadsText: next.map { !HeadingDetector.isDateLine($0.scalars) } ?? false) {
                    let isCaption = CaptionDetector.isCaption(clean)
                    open = nil; openEnded = true
                    drafts.append(Draft(kind: isCaption ? .caption : .heading, scalars: clean,
                                        firstLine: line.firstLine, lastLine: line.lastLine, refs: refs))
                    lastTextBlock = drafts.count - 1
                    continue
                }
                if let o = open, !openEnded, !startsNewParagraph(line) {
                    joiner.append(clean, to: &drafts[o].scalars)
                    drafts[o].lastLine = line.lastLine
                    drafts[o].refs.append(contentsOf: refs)
                } else {
                    drafts.append(Draft(kind: .paragraph, scalars: clean, firstLine: line.firstLine,
                                        lastLine: line.lastLine, refs: refs))
                    open = drafts.count - 1
                    lastTextBlock = open
                }
                openEnded = ends
                previousEndedSentence = cleanLine.endsWithSentencePunctuation
            }
        }

        var blocks: [Block] = []
        blocks.reserveCapacity(drafts.count)
        for d in drafts {
            let text = d.preparedText ?? ScalarText.string(d.scalars)
            guard !text.isEmpty else { continue }
            // The draft's scalars are the text's: tag them without decoding the text again.
            let lang = d.preparedText == nil ? tagger.language(of: d.scalars) : tagger.language(of: text)
            blocks.append(Block(index: blocks.count, kind: d.kind, lang: lang, text: text,
                                firstLine: d.firstLine, lastLine: d.lastLine, footnoteNumber: d.footnoteNumber,
                                footnoteRefs: d.refs))
        }
        return blocks
    }

    // MARK: - Document title

    /// The lines at the very top that form the document's title: short lines without sentence
    /// or clause punctuation. Lines directly below each other (no blank line) in one script are
    /// one wrapped title (`商务部办公厅关于做好…` / `…工作的通知`); a switch of script starts a
    /// parallel title in the other language (`… — Chair's Summary` / `…主席总结`).
    func titleGroups(bodyIndices: [Int]) -> [[Int]] {
        var groups: [[Int]] = []
        var k = 0
        while k < bodyIndices.count, groups.count < 3 {
            let i = bodyIndices[k]
            let line = lines[i]
            // A line right below a title, in the other script and followed by a blank line, is
            // its translation: titles in two languages need not be short by the same measure.
            let parallel = groups.last.map { g in
                line.firstLine == lines[g.last!].lastLine + 1
                    && Self.script(of: line.scalars) != Self.script(of: lines[g.last!].scalars)
                    && (i + 1 == lines.count || lines[i + 1].isBlank)
            } ?? false
            guard isTitleLike(line, widthPercent: parallel ? 90 : 75) else { break }
            if let previous = groups.last?.last, lines[i].firstLine == lines[previous].lastLine + 1,
               Self.script(of: line.scalars) == Self.script(of: lines[previous].scalars) {
                groups[groups.count - 1].append(i)
            } else if groups.isEmpty || lines[i].firstLine == lines[groups.last!.last!].lastLine + 1 {
                groups.append([i])
            } else {
                break
            }
            k += 1
        }
        return groups
    }

    func isTitleLike(_ line: SourceLine, widthPercent: Int) -> Bool {
        let s = line.scalars
        guard let first = s.first, let last = line.lastSignificant, s.count <= 80 else { return false }
        if line.endsWithSentencePunctuation || ScalarClass.isContinuing(last) || last == "-" || last == "、" { return false }
        if ScalarClass.isLowercaseLatin(first) { return false }
        if CaptionDetector.isCaption(s) || HeadingDetector.isStrongHeading(line) || HeadingDetector.decimalNumbering(s) != nil
            || HeadingDetector.numeralComma(s) != nil || HeadingDetector.bracketedNumeral(s) != nil { return false }
        if HeadingDetector.isDocumentNumber(s) || HeadingDetector.isDateLine(s) { return false }
        // A Chinese clause mark inside says running text, not a title.
        if s.contains(where: { $0 == "，" || $0 == "。" || $0 == "；" }) { return false }
        return layout.isUnwrapped ? s.count <= 40 : line.width * 100 < layout.typicalWidth * widthPercent
    }

    // MARK: - Paragraph boundaries

    /// Whether `line` closes its paragraph, from the evidence this document's layout supports.
    func endsParagraph(_ line: SourceLine, next: SourceLine?, nextIndex: Int?, currentIndex: Int,
                       footnoteNumbers: Set<Int>) -> Bool {
        guard let next else { return true }
        if let last = line.last, ScalarClass.isContinuing(last) { return false }
        // A marker line right below (`挑战。` / `15`) or a marker glued at the end of a line the
        // next one directly follows: the extractor cut one printed line at a superscript.
        if currentIndex + 1 < lines.count, let n = lines[currentIndex + 1].integerValue, footnoteNumbers.contains(n) {
            return false
        }
        if line.endedWithMarker, nextIndex == currentIndex + 1 { return false }
        if startsNewParagraph(next) { return true }
        if layout.isUnwrapped { return true }
        // A switch of language after a sentence end (a Chinese paragraph, then its English
        // translation) is a paragraph boundary.
        if line.endsWithSentencePunctuation {
            let lineScript = Self.script(of: line.scalars), nextScript = Self.script(of: next.scalars)
            if lineScript != nextScript, nextScript != .neutral, lineScript != .neutral { return true }
        }
        // The classic reflow test: had the next line's first word fitted here, the break was
        // the author's, not the typesetter's.
        let gap = (line.last.map(ScalarClass.isCJK) ?? false) || (next.scalars.first.map(ScalarClass.isCJK) ?? false) ? 0 : 1
        let short = line.width * 100 < layout.typicalWidth * 85
            || line.width + gap + next.firstWordWidth <= layout.typicalWidth
        // A line under half the usual width ends its block whatever the spacing says: wrapped
        // lines run to the margin, so such a line is a title, a heading or a paragraph's end
        // (`POLICY BRIEF No. 14` / `1. Why data matters`). Not before a lower-case word, which
        // continues a sentence, nor before punctuation.
        if line.width * 2 < layout.typicalWidth, !line.endedWithMarker,
           let first = Self.firstAfterLeadingMarker(next.scalars), !ScalarClass.isLowercaseLatin(first), !ScalarClass.isClosing(first),
           !ScalarClass.isSentenceFinal(first), !ScalarClass.isContinuing(first),
           !(ScalarClass.isCJKPunctuation(first) && !ScalarClass.isOpening(first)) {
            return true
        }
        if layout.trailingBlankMarksEnd {
            if line.hasEndMark { return true }
            return line.endsWithSentencePunctuation && line.width * 100 < layout.typicalWidth * 60
        }
        if !layout.isDoubleSpaced, let n = nextIndex, n > currentIndex + 1,
           (currentIndex + 1..<n).contains(where: { lines[$0].isBlank && !FootnoteExtractor.isSeparator(lines[$0]) }),
           line.endsWithSentencePunctuation || short {
            return true
        }
        return line.endsWithSentencePunctuation && short
    }

    /// The first scalar of a line, past a footnote marker cut onto its start (`13。发达…` → `。`).
    static func firstAfterLeadingMarker(_ s: [Unicode.Scalar]) -> Unicode.Scalar? {
        var k = 0
        while k < s.count, k < 3, ScalarClass.isDigit(s[k]) { k += 1 }
        if k > 0, k < s.count, ScalarClass.isCJKPunctuation(s[k]) && !ScalarClass.isOpening(s[k]) { return s[k] }
        return s.first
    }

    /// Runs of blanks become one space (`Title        3` → `Title 3`).
    static func collapsingBlanks(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        for u in s {
            if ScalarClass.isWhitespace(u) {
                if out.last != " " { out.append(" ") }
            } else {
                out.append(u)
            }
        }
        return out
    }

    /// `## Title` → `Title` (Markdown headings).
    static func markdownHeading(_ s: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var k = 0
        while k < s.count, s[k] == "#" { k += 1 }
        guard k >= 1, k <= 6, k < s.count, s[k] == " " else { return nil }
        let title = Array(s[(k + 1)...].drop(while: { $0 == " " }))
        return title.isEmpty ? nil : title
    }

    enum Script { case han, latin, neutral }

    /// Han if the line holds any Han character, Latin if it holds Latin letters only.
    static func script(of s: [Unicode.Scalar]) -> Script {
        var latin = false
        for u in s {
            if ScalarClass.isHan(u) { return .han }
            if ScalarClass.isLatinLetter(u) { latin = true }
        }
        return latin ? .latin : .neutral
    }

    /// Indentation (when the document does not indent every line) or a list bullet opens a
    /// paragraph whatever the previous line said.
    func startsNewParagraph(_ line: SourceLine) -> Bool {
        if line.leadingSpaces >= 2 && line.leadingSpaces > layout.usualIndent { return true }
        guard let first = line.scalars.first else { return false }
        if "•●▪◆■□◇○►➢✓".unicodeScalars.contains(first) { return true }
        return false
    }
}
