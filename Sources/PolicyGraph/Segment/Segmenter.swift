/// Cuts a document into clean blocks (heading, paragraph, footnote, table, caption, furniture)
/// with their language. Plain text goes through the line rules (`LineClassifier` →
/// `FootnoteExtractor` → `FurnitureDetector` → `TableDetector` → `ParagraphAssembler`);
/// HTML and XML keep the blocks their markup delimits and only get whitespace cleaning and
/// language tags; Markdown is read into such blocks first (`MarkdownBlockReader`).
///
/// ```swift
/// let blocks = Segmenter().segment(document)
/// for block in blocks where block.kind == .paragraph { print(block.lang, block.text) }
/// ```
public struct Segmenter: Sendable {
    public init() {}

    public func segment(_ document: SourceDocument) -> [Block] {
        if let markup = document.markupBlocks { return segment(markup: markup) }
        if document.format == .markdown { return segment(markup: MarkdownBlockReader().blocks(of: document.text)) }
        // Decoded once: the line split and the document's dominant language both read the scalars.
        let scalars = ScalarText.scalars(document.text)
        let lines = LineClassifier().lines(of: scalars)
        let layout = DocumentLayout(lines: lines)
        return ParagraphAssembler(lines: lines, layout: layout, documentText: document.text, documentScalars: scalars).assemble()
    }

    /// Markup blocks keep their boundaries and kinds; whitespace runs collapse to one space,
    /// and line breaks next to Chinese text vanish. Consecutive table rows (one markup block
    /// per `tr`, cells tab-separated) become one table block: rows by `\n`, cells by a space.
    func segment(markup: [MarkupBlock]) -> [Block] {
        let tagger = LanguageTagger(fallback: LanguageTagger.dominantLanguage(of: markup.map(\.text).joined(separator: "\n")))
        var blocks: [Block] = []
        var ordinal = 0
        while ordinal < markup.count {
            let block = markup[ordinal]
            let first = ordinal
            var text: String
            var last = ordinal
            if block.kind == .table {
                var rows: [String] = []
                while last < markup.count, markup[last].kind == .table {
                    let row = Self.cleanTable(markup[last].text)
                    if !row.isEmpty { rows.append(row) }
                    last += 1
                }
                last -= 1
                text = rows.joined(separator: "\n")
            } else {
                text = Self.cleanWhitespace(block.text)
            }
            ordinal = last + 1
            guard !text.isEmpty else { continue }
            blocks.append(Block(index: blocks.count, kind: Self.refinedKind(block.kind, text: text), lang: tagger.language(of: text), text: text,
                                firstLine: first + 1, lastLine: last + 1))
        }
        return blocks
    }

    /// Markup says `p` for many a caption or numbered heading; the line patterns that are safe
    /// on their own (`数据来源：…`, `表 1：…`, `（一）…`, `第二章…`) correct the hint.
    static func refinedKind(_ kind: BlockKind, text: String) -> BlockKind {
        guard kind == .paragraph else { return kind }
        let scalars = ScalarText.scalars(text)
        if scalars.count <= 120, CaptionDetector.hasColonLabel(scalars) { return .caption }
        let line = SourceLine(firstLine: 0, lastLine: 0, scalars: scalars, leadingSpaces: 0, trailingSpaces: 0, blankLength: 0)
        if HeadingDetector.isStrongHeading(line) { return .heading }
        if let rest = HeadingDetector.numeralComma(scalars), rest > 0, scalars.count <= 30,
           !line.endsWithSentencePunctuation, !HeadingDetector.endsContinuing(scalars) {
            return .heading
        }
        return kind
    }

    /// One table row: cells (tab-separated) joined by a space, whitespace inside cells cleaned.
    static func cleanTable(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\t" || $0 == "\n" }).map { cleanWhitespace(String($0)) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func cleanWhitespace(_ text: String) -> String {
        var out: [Unicode.Scalar] = []
        var pendingSpace = false, pendingBreak = false
        for s in text.unicodeScalars {
            if ScalarClass.isWhitespace(s) {
                pendingSpace = true
                if s == "\n" || s == "\r" { pendingBreak = true }
                continue
            }
            if pendingSpace, let last = out.last {
                // A wrapped line inside Chinese text joins without a space.
                let cjkJoin = pendingBreak && (ScalarClass.isCJK(last) || ScalarClass.isCJK(s))
                if !cjkJoin { out.append(" ") }
            }
            pendingSpace = false; pendingBreak = false
            out.append(s)
        }
        return ScalarText.string(out)
    }
}
