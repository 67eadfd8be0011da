/// What a block of a document is, in the terms of the annotation guidelines.
public enum BlockKind: String, Sendable, Codable, Hashable, CaseIterable {
    case heading, paragraph, footnote, table, caption, furniture
}

/// The language of a block: `mixed` only when it holds whole sentences in both languages.
public enum BlockLanguage: String, Sendable, Codable, Hashable, CaseIterable {
    case zh, en, mixed
}

/// A clean block of text out of the segmentation stage: the unit entities are found in and
/// the unit provenance points to.
///
/// ```swift
/// let blocks = Segmenter().segment(document)
/// for block in blocks where block.kind == .paragraph { print(block.lang, block.text) }
/// ```
public struct Block: Sendable, Hashable, Codable {
    /// Position in the document's reading order, from 0.
    public var index: Int
    public var kind: BlockKind
    public var lang: BlockLanguage
    /// Clean text: wrapped lines joined, furniture and footnote markers removed.
    public var text: String
    /// First and last source line (1-based, inclusive) the block was built from; for markup
    /// blocks, the element's ordinal.
    public var firstLine: Int
    public var lastLine: Int
    /// For a footnote block, its number (`1 世界贸易组织，…` → 1).
    public var footnoteNumber: Int?
    /// For a paragraph, the footnote numbers whose markers were removed from its text.
    public var footnoteRefs: [Int]

    public init(index: Int, kind: BlockKind, lang: BlockLanguage, text: String,
                firstLine: Int, lastLine: Int, footnoteNumber: Int? = nil, footnoteRefs: [Int] = []) {
        self.index = index
        self.kind = kind
        self.lang = lang
        self.text = text
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.footnoteNumber = footnoteNumber
        self.footnoteRefs = footnoteRefs
    }
}
