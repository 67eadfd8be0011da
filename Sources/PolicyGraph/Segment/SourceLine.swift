/// One logical line of a plain-text document: its trimmed scalars plus the layout facts the
/// rules read (indentation, trailing blanks, display width). A line the PDF extractor cut at a
/// superscript (`…下降了 2.8%；1` / ` 服务贸易出口`) is rebuilt into one logical line.
///
/// ```swift
/// let lines = LineClassifier().lines(of: "甲乙。 \n\n丙")
/// lines[0].hasEndMark    // true: trailing blank after sentence punctuation
/// ```
struct SourceLine: Sendable {
    /// 1-based source line numbers this logical line covers.
    var firstLine: Int
    var lastLine: Int
    /// The text without leading and trailing whitespace.
    var scalars: [Unicode.Scalar] {
        didSet { scalarsWidth = Self.displayWidth(of: scalars) }
    }
    /// Display width of `scalars`, kept in step with them: the rules ask for a line's width
    /// many times over.
    private(set) var scalarsWidth: Int
    var leadingSpaces: Int
    var trailingSpaces: Int
    /// Raw length of a whitespace-only line (0 for an empty one).
    var blankLength: Int
    /// Offsets in `scalars` where a line cut at a superscript was rejoined (no space inserted).
    var cuts: [Int] = []
    /// Set by the assembler when a footnote marker was removed from the end of the line.
    var endedWithMarker = false
    var isBlank: Bool { scalars.isEmpty }

    init(firstLine: Int, lastLine: Int, scalars: [Unicode.Scalar], leadingSpaces: Int, trailingSpaces: Int, blankLength: Int) {
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.scalars = scalars
        self.scalarsWidth = Self.displayWidth(of: scalars)
        self.leadingSpaces = leadingSpaces
        self.trailingSpaces = trailingSpaces
        self.blankLength = blankLength
    }

    static func displayWidth(of scalars: [Unicode.Scalar]) -> Int {
        var width = 0
        for s in scalars { width += s.value < 0x80 ? 1 : ScalarClass.width(s) }
        return width
    }

    var text: String {
        ScalarText.string(scalars)
    }

    /// Display width including indentation (CJK counts two columns).
    var width: Int { leadingSpaces + scalarsWidth }

    /// Width of the widest printed line this logical line was rebuilt from (a line rejoined at
    /// a superscript cut spans two printed lines).
    var printedWidth: Int {
        guard !cuts.isEmpty else { return width }
        var widest = 0, current = leadingSpaces, cut = 0
        for (k, s) in scalars.enumerated() {
            if cut < cuts.count, k == cuts[cut] { widest = max(widest, current); current = 1; cut += 1 }
            current += ScalarClass.width(s)
        }
        return max(widest, current)
    }

    var last: Unicode.Scalar? { scalars.last }

    /// Display width of the first word (a Latin word, or one CJK character).
    var firstWordWidth: Int {
        guard let first = scalars.first else { return 0 }
        if ScalarClass.isCJK(first) { return 2 }
        var w = 0
        for s in scalars {
            if ScalarClass.isWhitespace(s) || ScalarClass.isCJK(s) { break }
            w += 1
        }
        return w
    }

    /// Last scalar that is not a closing quote or bracket.
    var lastSignificant: Unicode.Scalar? { scalars.last(where: { !ScalarClass.isClosing($0) }) }

    var endsWithSentencePunctuation: Bool {
        guard let s = lastSignificant else { return false }
        return ScalarClass.isSentenceFinal(s)
    }

    /// Trailing whitespace after a non-Latin character: several PDF extractors write it where a
    /// text block ends (`…重要动能。 `) and never inside a wrapped paragraph.
    var hasEndMark: Bool {
        guard trailingSpaces > 0, let s = last else { return false }
        return !(ScalarClass.isLatinLetter(s) || ScalarClass.isDigit(s) || s == "-" || s == "/")
    }

    /// Whole line is an integer (`5`, `17`), the shape of both page numbers and detached
    /// footnote markers.
    var integerValue: Int? {
        guard !scalars.isEmpty, scalars.count <= 4, scalars.allSatisfy(ScalarClass.isDigit) else { return nil }
        return scalars.reduce(0) { $0 * 10 + ScalarClass.digitValue($1) }
    }
}

/// Facts about a whole document's layout that decide which line cues are trustworthy there.
///
/// ```swift
/// let layout = DocumentLayout(lines: lines)
/// layout.typicalWidth        // e.g. 60 columns
/// ```
struct DocumentLayout: Sendable {
    /// A high percentile of text-line widths: what a full wrapped line looks like.
    var typicalWidth: Int
    /// Blank lines separate nearly every wrapped line, so a single blank line is no boundary.
    var isDoubleSpaced: Bool
    /// Trailing blanks mark block ends (never seen after a comma in this document).
    var trailingBlankMarksEnd: Bool
    /// Pages resume with a line indented by exactly one space.
    var singleSpaceResumes: Bool
    /// Paragraphs are single long lines (most lines end a sentence): every line break counts.
    var isUnwrapped: Bool
    /// Most text lines are indented (then indentation says nothing about paragraphs).
    var usualIndent: Int

    init(lines: [SourceLine]) {
        // One pass over the text lines gathers every per-line fact; no line is copied.
        var widths: [Int] = [], substantialWidths: [Int] = [], indents: [Int] = []
        widths.reserveCapacity(lines.count); indents.reserveCapacity(lines.count)
        var sentenceEnds = 0, single = 0
        var commaLines = 0, commaWithTrailing = 0, finalWithTrailing = 0
        for line in lines where !line.isBlank {
            widths.append(line.printedWidth)
            indents.append(line.leadingSpaces)
            if line.leadingSpaces == 1 { single += 1 }
            let endsSentence = line.endsWithSentencePunctuation
            if line.scalars.count >= 12 {
                substantialWidths.append(line.width)
                if endsSentence { sentenceEnds += 1 }
            }
            guard let s = line.last else { continue }
            if ScalarClass.isContinuing(s) {
                commaLines += 1
                if line.trailingSpaces > 0 { commaWithTrailing += 1 }
            } else if endsSentence && line.trailingSpaces > 0 {
                finalWithTrailing += 1
            }
        }
        let textCount = widths.count
        widths.sort()
        if widths.isEmpty { widths = [0] }
        typicalWidth = max(widths[min(widths.count - 1, Int(Double(widths.count) * 0.85))], 1)

        // Double spacing is judged on wrapped lines (full width, no sentence end): are they
        // followed by a blank line? Short documents fall back to every unfinished line.
        func spacing(_ include: (SourceLine) -> Bool) -> (blank: Int, text: Int) {
            var blank = 0, text = 0
            for i in 0..<max(lines.count - 1, 0) where !lines[i].isBlank && include(lines[i]) {
                if lines[i + 1].isBlank { blank += 1 } else { text += 1 }
            }
            return (blank, text)
        }
        let width = typicalWidth
        var counts = spacing { $0.width * 10 >= width * 7 && !$0.endsWithSentencePunctuation }
        if counts.blank + counts.text < 2 { counts = spacing { !$0.endsWithSentencePunctuation } }
        isDoubleSpaced = counts.blank > counts.text

        trailingBlankMarksEnd = finalWithTrailing >= 2 && commaWithTrailing * 20 <= commaLines

        let substantial = substantialWidths.count
        substantialWidths.sort()
        let medianWidth = substantial == 0 ? 0 : substantialWidths[substantial / 2]
        isUnwrapped = substantial >= 2 && sentenceEnds * 10 >= substantial * 6
            && (substantial >= 8 || medianWidth >= 100)

        singleSpaceResumes = single >= 1 && single * 3 <= textCount
        indents.sort()
        usualIndent = indents.isEmpty ? 0 : indents[indents.count / 4]
    }
}

/// Splits plain text into `SourceLine`s and rebuilds lines the extractor broke at a
/// superscript footnote marker.
///
/// ```swift
/// let lines = LineClassifier().lines(of: document.text)
/// ```
struct LineClassifier: Sendable {
    /// Whitespace-only lines at least this long are footnote separators, not blank lines.
    static let separatorLength = 12

    func lines(of text: String) -> [SourceLine] {
        lines(of: ScalarText.scalars(text))
    }

    /// The same, from the text's scalars: each line is cut out of them (a line holding a
    /// carriage return, which is dropped, is copied without it first).
    func lines(of text: [Unicode.Scalar]) -> [SourceLine] {
        var result: [SourceLine] = []
        var number = 0
        var withoutReturns: [Unicode.Scalar] = []
        func finish(_ raw: ArraySlice<Unicode.Scalar>) {
            number += 1
            if raw.contains("\r") {
                withoutReturns.removeAll(keepingCapacity: true)
                for s in raw where s != "\r" { withoutReturns.append(s) }
                result.append(makeLine(withoutReturns[...], number: number))
            } else {
                result.append(makeLine(raw, number: number))
            }
        }
        var start = 0
        for i in text.indices where text[i] == "\n" {
            finish(text[start..<i])
            start = i + 1
        }
        // The last line, unless nothing but carriage returns follows the last line feed.
        if text[start...].contains(where: { $0 != "\r" }) { finish(text[start...]) }
        return rejoinSuperscriptCuts(result)
    }

    func makeLine(_ raw: [Unicode.Scalar], number: Int) -> SourceLine {
        makeLine(raw[...], number: number)
    }

    func makeLine(_ raw: ArraySlice<Unicode.Scalar>, number: Int) -> SourceLine {
        var start = raw.startIndex, end = raw.endIndex
        while start < end, ScalarClass.isWhitespace(raw[start]) { start += 1 }
        while end > start, ScalarClass.isWhitespace(raw[end - 1]) { end -= 1 }
        let blank = start == end
        return SourceLine(firstLine: number, lastLine: number, scalars: Array(raw[start..<end]),
                          leadingSpaces: blank ? 0 : start - raw.startIndex, trailingSpaces: blank ? 0 : raw.endIndex - end,
                          blankLength: blank ? raw.count : 0)
    }

    /// `…40%。3` directly followed by ` 要素的…` is one printed line: the extractor broke it
    /// after the superscript. Joining them keeps width and end-of-line cues honest.
    func rejoinSuperscriptCuts(_ lines: [SourceLine]) -> [SourceLine] {
        var out: [SourceLine] = []
        out.reserveCapacity(lines.count)
        var i = 0
        while i < lines.count {
            var line = lines[i]
            while i + 1 < lines.count, let last = line.last, ScalarClass.isDigit(last), line.integerValue == nil,
                  line.trailingSpaces == 0, !line.isBlank,
                  lines[i + 1].leadingSpaces == 1, !lines[i + 1].isBlank {
                let next = lines[i + 1]
                line.cuts.append(line.scalars.count)
                line.scalars.append(contentsOf: next.scalars)
                line.trailingSpaces = next.trailingSpaces
                line.lastLine = next.lastLine
                i += 1
            }
            out.append(line)
            i += 1
        }
        return out
    }
}
