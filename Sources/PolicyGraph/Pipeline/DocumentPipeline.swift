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
        let extraction = extractor.extract(blocks)
        return DocumentFragment(path: document.path, format: document.format, encoding: document.encoding,
                                byteCount: document.byteCount, blocks: blocks, mentions: extraction.mentions,
                                aliasDefinitions: extraction.aliasDefinitions,
                                relations: extraction.relations + RelationFinder().relations(in: blocks, mentions: extraction.mentions))
    }
}
