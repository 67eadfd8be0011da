/// Everything PolicyGraph learns from one document on its own: the unit the incremental
/// store caches and the graph is assembled from.
///
/// ```swift
/// let fragment = try DocumentPipeline(lexicon: .bundled()).process(document)
/// print(fragment.blocks.count, fragment.mentions.count)
/// ```
public struct DocumentFragment: Sendable, Hashable, Codable {
    /// Path relative to the input folder.
    public var path: String
    public var format: DocumentFormat
    public var encoding: TextEncoding
    public var byteCount: Int
    public var blocks: [Block]
    /// Mentions in reading order (block, then start offset).
    public var mentions: [Mention]
    public var aliasDefinitions: [AliasDefinition]
    public var relations: [MentionRelation]

    public init(path: String, format: DocumentFormat, encoding: TextEncoding, byteCount: Int,
                blocks: [Block], mentions: [Mention] = [], aliasDefinitions: [AliasDefinition] = [],
                relations: [MentionRelation] = []) {
        self.path = path
        self.format = format
        self.encoding = encoding
        self.byteCount = byteCount
        self.blocks = blocks
        self.mentions = mentions
        self.aliasDefinitions = aliasDefinitions
        self.relations = relations
    }
}
