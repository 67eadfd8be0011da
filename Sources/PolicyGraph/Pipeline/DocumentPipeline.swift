/// The per-document route: segment, then extract. Pure: the same document and lexicon give
/// the same fragment, which is what lets the store cache fragments.
///
/// ```swift
/// let pipeline = DocumentPipeline(lexicon: try .bundled())
/// let fragment = pipeline.process(document)
/// ```
public struct DocumentPipeline: Sendable {
    /// Bump when segmentation or extraction changes what it produces: cached fragments from
    /// another version are re-extracted.
    public static let version = "0.3.2"

    public let segmenter: Segmenter
    public let extractor: ExtractionPipeline

    public init(lexicon: Lexicon) {
        self.segmenter = Segmenter()
        self.extractor = ExtractionPipeline(lexicon: lexicon)
    }

    public func process(_ document: SourceDocument) -> DocumentFragment {
        let blocks = segmenter.segment(document)
        // Relations read the scalars extraction decoded, so each block is decoded once.
        let (extraction, analyses) = extractor.extractKeepingAnalyses(blocks)
        let relations = RelationFinder().relations(in: blocks, mentions: extraction.mentions, analyses: analyses)
        return DocumentFragment(path: document.path, format: document.format, encoding: document.encoding,
                                byteCount: document.byteCount, blocks: blocks, mentions: Self.compacted(extraction.mentions),
                                aliasDefinitions: extraction.aliasDefinitions, relations: extraction.relations + relations)
    }

    /// The same elements in a buffer of their exact size. Extraction grows its arrays by
    /// appending, which leaves up to half of each buffer unused; a fragment lives for the
    /// whole build, so that slack would be held for every document at once.
    static func compacted<T>(_ items: [T]) -> [T] {
        guard items.capacity > items.count + items.count / 8 else { return items }
        var exact: [T] = []
        exact.reserveCapacity(items.count)
        exact.append(contentsOf: items)
        return exact
    }
}
