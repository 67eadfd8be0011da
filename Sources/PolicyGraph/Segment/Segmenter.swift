/// Cuts a document into clean blocks (heading, paragraph, footnote, table, caption, furniture)
/// with their language. Plain text goes through the line rules (`LineClassifier` →
/// `FootnoteExtractor` → `FurnitureDetector` → `TableDetector` → `ParagraphAssembler`);
/// HTML and XML keep the blocks their markup delimits and only get whitespace cleaning and
/// language tags.
///
/// ```swift
/// let blocks = Segmenter().segment(document)
/// for block in blocks where block.kind == .paragraph { print(block.lang, block.text) }
/// ```
public struct Segmenter: Sendable {
    public init() {}

    public func segment(_ document: SourceDocument) -> [Block] {
        if let markup = document.markupBlocks { return segment(markup: markup) }
        let lines = LineClassifier().lines(of: document.text)
        let layout = DocumentLayout(lines: lines)
        return ParagraphAssembler(lines: lines, layout: layout, documentText: document.text).assemble()
    }

    /// Markup blocks keep their boundaries and kinds; whitespace runs collapse to one space,
    /// and line breaks next to Chinese text vanish.
    func segment(markup: [MarkupBlock]) -> [Block] {
        let tagger = LanguageTagger(fallback: LanguageTagger.dominantLanguage(of: markup.map(\.text).joined(separator: "\n")))
        var blocks: [Block] = []
        for (ordinal, block) in markup.enumerated() {
            let text = block.kind == .table ? Self.cleanTable(block.text) : Self.cleanWhitespace(block.text)
            guard !text.isEmpty else { continue }
            blocks.append(Block(index: blocks.count, kind: block.kind, lang: tagger.language(of: text), text: text,
                                firstLine: ordinal + 1, lastLine: ordinal + 1))
        }
        return blocks
    }

    static func cleanTable(_ text: String) -> String {
        text.split(separator: "\n").map { cleanWhitespace(String($0)) }.filter { !$0.isEmpty }.joined(separator: "\n")
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
        return String(String.UnicodeScalarView(out))
    }
}
