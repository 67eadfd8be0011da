/// One recogniser in the extraction pipeline: reads a block, returns the mentions of the
/// kind it knows. Recognisers are independent and swappable; `ExtractionPipeline` runs them
/// all and settles overlaps.
public protocol EntityRecognizer: Sendable {
    func mentions(in block: Block) -> [Mention]
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

/// Runs the recognisers over every block of a document.
///
/// ```swift
/// let extractor = ExtractionPipeline(lexicon: try .bundled())
/// let extraction = extractor.extract(blocks)
/// ```
public struct ExtractionPipeline: Sendable {
    public let lexicon: Lexicon
    public var recognizers: [any EntityRecognizer]

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        self.recognizers = [YearRecognizer(), FigureRecognizer()]
    }

    public func extract(_ blocks: [Block]) -> Extraction {
        var mentions: [Mention] = []
        for block in blocks where block.kind != .furniture {
            for r in recognizers { mentions += r.mentions(in: block) }
        }
        mentions.sort { ($0.blockIndex, $0.start, $0.end) < ($1.blockIndex, $1.start, $1.end) }
        return Extraction(mentions: mentions)
    }
}
