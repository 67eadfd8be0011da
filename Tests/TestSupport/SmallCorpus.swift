import PolicyGraph

/// A two-document corpus written for these tests, with its mentions placed by hand the way
/// the recognisers would place them, so graph tests do not depend on extraction.
///
/// Expected graph: 13 nodes (2 documents, 1 organisation, 3 countries, 1 agreement, 3 years,
/// 3 figures) and 31 edges (16 mentions, 8 co_occurs, 4 refers_to_year, 3 party_to).
/// Shared by the graph and export test targets (a test target cannot import another's sources).
public enum SmallCorpus {
    public static let lexicon = Lexicon(entries: [
        .init(type: .organization, canonical: "World Trade Organization", aliases: ["WTO", "世界贸易组织"], wikidata: "Q7825"),
        .init(type: .agreement, canonical: "Regional Comprehensive Economic Partnership", aliases: ["RCEP"]),
        .init(type: .country, canonical: "China", aliases: ["中国"]),
    ])
    public static let wto = "lexicon:organization:world-trade-organization"
    public static let rcep = "lexicon:agreement:regional-comprehensive-economic-partnership"
    public static let china = "lexicon:country:china"

    /// Finds the `occurrence`-th `surface` in the block and makes a mention of it.
    public static func mention(_ type: EntityType, _ surface: String, in block: Block, key: String, occurrence: Int = 0,
                        figure: FigureValue? = nil, year: Int? = nil, canonical: String? = nil) -> Mention {
        let text = Array(block.text.unicodeScalars), pattern = Array(surface.unicodeScalars)
        var seen = 0
        for i in 0...(text.count - pattern.count) where Array(text[i..<(i + pattern.count)]) == pattern {
            if seen == occurrence {
                return Mention(type: type, surface: surface, blockIndex: block.index, start: i, end: i + pattern.count,
                               key: key, canonicalName: canonical, figure: figure, year: year)
            }
            seen += 1
        }
        fatalError("\(surface) not in \(block.text)")
    }

    public static func year(_ y: Int, _ surface: String, in block: Block, occurrence: Int = 0) -> Mention {
        mention(.year, surface, in: block, key: "year:\(y)", occurrence: occurrence, year: y)
    }

    public static func figure(_ surface: String, _ value: Double, _ unit: String, in block: Block, occurrence: Int = 0,
                       qualifier: String? = nil) -> Mention {
        mention(.figure, surface, in: block, key: "figure:\(surface)", occurrence: occurrence,
                figure: FigureValue(value: value, unit: unit, qualifier: qualifier))
    }

    /// A fragment as `DocumentPipeline` makes it: mentions in reading order, relations found
    /// by `RelationFinder`.
    public static func fragment(_ path: String, _ blocks: [Block], _ mentions: [Mention]) -> DocumentFragment {
        let mentions = mentions.sorted { ($0.blockIndex, $0.start, $0.end) < ($1.blockIndex, $1.start, $1.end) }
        return DocumentFragment(path: path, format: .plainText, encoding: .utf8, byteCount: 100, blocks: blocks,
                                mentions: mentions, relations: RelationFinder().relations(in: blocks, mentions: mentions))
    }

    public static var documentA: DocumentFragment {
        let b0 = Block(index: 0, kind: .heading, lang: .zh, text: "数字贸易概况", firstLine: 1, lastLine: 1)
        let b1 = Block(index: 1, kind: .paragraph, lang: .zh,
                       text: "2019 年，全球商品贸易出口额为 18.9 万亿美元。世界贸易组织（WTO）发布了报告。",
                       firstLine: 3, lastLine: 4, footnoteRefs: [1])
        let b2 = Block(index: 2, kind: .paragraph, lang: .zh, text: "中国、日本和韩国于 2020 年正式签署了 RCEP。",
                       firstLine: 6, lastLine: 6)
        let b3 = Block(index: 3, kind: .footnote, lang: .zh, text: "1 世界贸易组织，2020 年世界贸易统计评论。",
                       firstLine: 8, lastLine: 8, footnoteNumber: 1)
        return fragment("a.txt", [b0, b1, b2, b3], [
            year(2019, "2019 年", in: b1),
            figure("18.9 万亿美元", 18.9e12, "USD", in: b1),
            mention(.organization, "世界贸易组织", in: b1, key: wto),
            mention(.organization, "WTO", in: b1, key: wto),
            mention(.country, "中国", in: b2, key: china),
            mention(.country, "日本", in: b2, key: "country:日本"),
            mention(.country, "韩国", in: b2, key: "country:韩国"),
            year(2020, "2020 年", in: b2),
            mention(.agreement, "RCEP", in: b2, key: rcep),
            mention(.organization, "世界贸易组织", in: b3, key: wto),
            year(2020, "2020 年", in: b3),
        ])
    }

    public static var documentB: DocumentFragment {
        let b0 = Block(index: 0, kind: .paragraph, lang: .en,
                       text: "In 2020, exports reached 25.6 trillion USD. The WTO said China joined the RCEP.",
                       firstLine: 1, lastLine: 1)
        let b1 = Block(index: 1, kind: .paragraph, lang: .zh, text: "2018 年，增长率为 40%。2019 年，增长率又为近 40%。",
                       firstLine: 3, lastLine: 3)
        return fragment("notes/b.txt", [b0, b1], [
            year(2020, "2020", in: b0),
            figure("25.6 trillion USD", 25.6e12, "USD", in: b0),
            mention(.organization, "WTO", in: b0, key: wto),
            mention(.country, "China", in: b0, key: china),
            mention(.agreement, "RCEP", in: b0, key: rcep),
            year(2018, "2018 年", in: b1),
            figure("40%", 40, "%", in: b1),
            year(2019, "2019 年", in: b1),
            figure("40%", 40, "%", in: b1, occurrence: 1, qualifier: "近"),
        ])
    }

    public static var fragments: [DocumentFragment] { [documentA, documentB] }

    public static func graph(_ fragments: [DocumentFragment] = fragments) -> KnowledgeGraph {
        GraphBuilder().build(fragments, resolution: Resolver(lexicon: lexicon).resolve(fragments))
    }
}
