import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

/// The graph builder gathers documents in batches on several workers; none of that may show
/// in the graph.
@Suite struct GraphBatchesTests {
    /// `count` documents naming overlapping organisations and figures, some under one path.
    private func fragments(_ count: Int) -> [DocumentFragment] {
        (0..<count).map { d in
            let text = "Agency \(d % 17) and Agency \((d * 5) % 23) reported 1\(d % 9) percent in 20\(10 + d % 12)."
            let block = Block(index: d % 3, kind: d % 4 == 0 ? .footnote : .paragraph, lang: .en, text: text, firstLine: 1, lastLine: 1)
            func at(_ surface: String, occurrence: Int = 0) -> Range<Int> {
                let scalars = Array(text.unicodeScalars), pattern = Array(surface.unicodeScalars)
                var seen = 0
                for i in 0...(scalars.count - pattern.count) where Array(scalars[i..<(i + pattern.count)]) == pattern {
                    if seen == occurrence { return i..<(i + pattern.count) }
                    seen += 1
                }
                fatalError("\(surface) not in \(text)")
            }
            let a = "Agency \(d % 17)", b = "Agency \((d * 5) % 23)", f = "1\(d % 9) percent", y = "20\(10 + d % 12)"
            let ra = at(a), rb = at(b, occurrence: a == b ? 1 : 0), rf = at(f), ry = at(y)
            let mentions = [
                Mention(type: .organization, surface: a, blockIndex: block.index, start: ra.lowerBound, end: ra.upperBound, key: "organization:\(a.lowercased())"),
                Mention(type: .organization, surface: b, blockIndex: block.index, start: rb.lowerBound, end: rb.upperBound, key: "organization:\(b.lowercased())"),
                Mention(type: .figure, surface: f, blockIndex: block.index, start: rf.lowerBound, end: rf.upperBound, key: "figure:\(d % 9)",
                        figure: FigureValue(value: Double(10 + d % 9), maxValue: Double(d), unit: "%")),
                Mention(type: .year, surface: y, blockIndex: block.index, start: ry.lowerBound, end: ry.upperBound, key: "year:\(y)", year: Int(y)),
            ].sorted { ($0.blockIndex, $0.start) < ($1.blockIndex, $1.start) }
            // Every seventh document shares its path with another, so mentions meet out of order.
            return DocumentFragment(path: d % 7 == 0 ? "shared.txt" : "d\(d).txt", format: .plainText, encoding: .utf8, byteCount: 1,
                                    blocks: [block], mentions: mentions,
                                    relations: RelationFinder().relations(in: [block], mentions: mentions))
        }
    }

    @Test func testGraphDoesNotDependOnThreadsOrBatches() {
        let all = fragments(260)
        #expect(ConcurrentMap.batches(count: all.count, threads: 1).count > 1, "one thread works in several batches, more threads in one")
        let resolver = Resolver(lexicon: Lexicon())
        let one = GraphBuilder().build(all, resolution: resolver.resolve(all, threads: 1), threads: 1)
        #expect(one.nodes.count > 40)
        for threads in [2, 3, 8] {
            #expect(GraphBuilder().build(all, resolution: resolver.resolve(all, threads: threads), threads: threads) == one)
        }
        // Order among fragments of one path is what tells them apart, so the order test takes
        // the documents with paths of their own.
        let distinct = all.filter { $0.path != "shared.txt" }
        let forward = GraphBuilder().build(distinct, resolution: resolver.resolve(distinct, threads: 1), threads: 1)
        let backward = Array(distinct.reversed())
        #expect(GraphBuilder().build(backward, resolution: resolver.resolve(backward, threads: 2), threads: 2) == forward)
    }

    @Test func testFigureIsTheOneOfItsFirstMentionInProvenanceOrder() throws {
        let all = fragments(260)
        let graph = GraphBuilder().build(all, resolution: Resolver(lexicon: Lexicon()).resolve(all, threads: 2), threads: 2)
        for node in graph.nodes where node.type == .figure {
            let mentions = Array(node.mentions)
            #expect(mentions == mentions.sorted(), "\(node.id): provenance sorted")
            // The maximum value tells the documents apart: the first mention's document speaks.
            let first = try #require(mentions.first)
            let candidates = all.filter { $0.path == first.document }.flatMap { f in
                f.mentions.filter { $0.type == .figure && $0.blockIndex == first.block && $0.start == first.start && $0.surface == first.surface }
            }
            #expect(candidates.contains { $0.figure?.maxValue == node.figure?.maxValue }, "\(node.id)")
        }
    }

    @Test func testFigureOfAnEarlierMentionMetLaterSpeaksForTheNode() throws {
        // Two fragments under one path: the second names the figure in an earlier block, so its
        // mention comes first in provenance order although it is gathered second.
        func fragment(block: Int, maxValue: Double) -> DocumentFragment {
            let b = Block(index: block, kind: .paragraph, lang: .en, text: "Up 40% in 2020.", firstLine: 1, lastLine: 1)
            let m = Mention(type: .figure, surface: "40%", blockIndex: block, start: 3, end: 6, key: "figure:40",
                            figure: FigureValue(value: 40, maxValue: maxValue, unit: "%"))
            return DocumentFragment(path: "same.txt", format: .plainText, encoding: .utf8, byteCount: 1, blocks: [b], mentions: [m])
        }
        let fragments = [fragment(block: 2, maxValue: 1), fragment(block: 0, maxValue: 2)]
        let graph = GraphBuilder().build(fragments, resolution: Resolver(lexicon: Lexicon()).resolve(fragments))
        let node = try #require(graph.nodes.first { $0.type == .figure })
        #expect(node.mentions.map(\.block) == [0, 2])
        #expect(node.figure?.maxValue == 2)
    }
}
