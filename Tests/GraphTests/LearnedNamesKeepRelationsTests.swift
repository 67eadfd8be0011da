import Foundation
import Testing
@testable import PolicyGraph

/// Learned names add mentions to documents after relations were found; relations name their
/// ends by position in the mention list, so those positions must follow the insertions.
@Suite struct LearnedNamesKeepRelationsTests {
    private func fragment(_ path: String, _ text: String, _ pipeline: DocumentPipeline) -> DocumentFragment {
        pipeline.process(SourceDocument(path: path, format: .plainText, encoding: .utf8, text: text,
                                        byteCount: text.utf8.count))
    }

    @Test func testRelationsStillJoinTheirOwnMentionsAfterLearnedNamesAreAdded() throws {
        let pipeline = DocumentPipeline(lexicon: try .bundled())
        // a.txt defines OETF; b.txt uses it before a figure, a year, a country and an agreement.
        let a = fragment("a.txt", "各方于 2018 年设立海洋经济任务组（OETF）。\n", pipeline)
        let b = fragment("b.txt", "OETF 指出，2019 年全球货物贸易出口额为 18.9 万亿美元。OETF 还指出，中国签署了《区域全面经济伙伴关系协定》。\n", pipeline)
        let before = try #require(b.relations.first { $0.kind == .refersToYear })
        let figureSurface = b.mentions[before.from].surface, yearSurface = b.mentions[before.to].surface

        var fragments = [a, b]
        let resolver = Resolver(lexicon: pipeline.extractor.lexicon)
        resolver.applyLearnedNames(to: &fragments)
        let after = fragments[1]
        #expect(after.mentions.count > b.mentions.count, "the learned name OETF adds mentions to b.txt")
        let moved = try #require(after.relations.first { $0.kind == .refersToYear })
        #expect(after.mentions[moved.from].surface == figureSurface)
        #expect(after.mentions[moved.to].surface == yearSurface)

        let graph = GraphBuilder().build(fragments, resolution: resolver.resolve(fragments))
        let types = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.id, $0.type) })
        let refers = graph.edges(.refersToYear), party = graph.edges(.partyTo)
        #expect(!refers.isEmpty && !party.isEmpty)
        #expect(refers.allSatisfy { types[$0.source] == .figure && types[$0.target] == .year })
        #expect(party.allSatisfy { types[$0.target] == .agreement })
    }
}
