import Foundation
import Testing
@testable import PolicyGraph

@Suite struct SegmentEvaluationTests {
    @Test func testBoundariesSurviveATextDifferenceBeforeThem() {
        let gold = [GoldBlock(kind: .heading, lang: .zh, text: "前 言"),
                    GoldBlock(kind: .paragraph, lang: .zh, text: "全球化下降了 2.8%；服务贸易持平。"),
                    GoldBlock(kind: .paragraph, lang: .zh, text: "第二段。")]
        // The prediction kept a footnote digit and split the last paragraph.
        let predicted = [GoldBlock(kind: .heading, lang: .zh, text: "前言"),
                         GoldBlock(kind: .paragraph, lang: .zh, text: "全球化下降了 2.8%；1服务贸易持平。"),
                         GoldBlock(kind: .furniture, lang: .zh, text: "5"),
                         GoldBlock(kind: .paragraph, lang: .en, text: "第二"),
                         GoldBlock(kind: .paragraph, lang: .zh, text: "段。")]
        let score = SegmentEvaluation.score(gold: gold, predicted: predicted)
        #expect(score.goldBoundaries == 3)
        #expect(score.predictedBoundaries == 4)
        #expect(score.matchedBoundaries == 3)
        #expect(score.langCorrect == 2)
        #expect(score.exactText == 1)
    }

    @Test func testNormalizationFoldsWidthAndDropsWhitespace() {
        #expect(TextNormalization.folded("２０％ 的\nＧＤＰ") == "20%的GDP")
    }

    @Test func testDevGoldMeetsThresholds() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        let gold = root.appendingPathComponent("gold"), texts = root.appendingPathComponent("corpus")
        guard FileManager.default.fileExists(atPath: gold.path) else {
            print("SegmentEvaluationTests: \(gold.path) not found; skipping the dev-gold threshold check")
            return
        }
        let results = try SegmentEvaluationRun(goldFolder: gold, textFolder: texts).run()
        #expect(!results.isEmpty)
        let total = results.map(\.score).reduce(SegmentScore(), +)
        print(SegmentEvaluationRun.table(results))
        #expect(total.boundaryF1 >= 0.97)
        #expect(total.kindAccuracy >= 0.95)
        #expect(total.langAccuracy >= 0.99)
    }

    @Test func testGoldTextFieldLocatesDocumentInSubfolder() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("seg-eval-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let gold = root.appendingPathComponent("gold"), texts = root.appendingPathComponent("texts")
        try fm.createDirectory(at: gold, withIntermediateDirectories: true)
        try fm.createDirectory(at: texts.appendingPathComponent("gov"), withIntermediateDirectories: true)
        try Data("一、标题\n\n正文第一段。\n".utf8).write(to: texts.appendingPathComponent("gov/notice.v2.txt"))
        try Data(#"{"kind": "paragraph", "lang": "zh", "text": "正文第一段。"}"#.utf8)
            .write(to: gold.appendingPathComponent("notice.blocks.jsonl"))
        // Without the sidecar the flat NAME.* lookup finds nothing in the subfolder.
        #expect(try SegmentEvaluationRun(goldFolder: gold, textFolder: texts).run().isEmpty)
        try Data(#"{"text": "gov/notice.v2.txt", "entities": []}"#.utf8)
            .write(to: gold.appendingPathComponent("notice.entities.json"))
        let results = try SegmentEvaluationRun(goldFolder: gold, textFolder: texts).run()
        #expect(results.map(\.name) == ["notice"])
    }
}

@Suite struct SpuriousBoundaryTests {
    @Test func testBlocksWhoseTextTheGoldLacksAreFalsePositives() {
        let gold = [GoldBlock(kind: .heading, lang: .en, text: "Services Review"),
                    GoldBlock(kind: .paragraph, lang: .en, text: "Exports rose in 2022.")]
        // Two metadata paragraphs the gold does not have, before the title.
        let predicted = [GoldBlock(kind: .paragraph, lang: .en, text: "Policy Unit"),
                         GoldBlock(kind: .paragraph, lang: .en, text: "2023-05-01"),
                         GoldBlock(kind: .heading, lang: .en, text: "Services Review"),
                         GoldBlock(kind: .paragraph, lang: .en, text: "Exports rose in 2022.")]
        let score = SegmentEvaluation.score(gold: gold, predicted: predicted)
        #expect(score.predictedBoundaries == 4)
        #expect(score.matchedBoundaries == 2)
        #expect(score.precision == 0.5)
        #expect(score.recall == 1)
    }

    @Test func testListMarkerBeforeAlignedTextStillMatchesTheBoundary() {
        let gold = [GoldBlock(kind: .paragraph, lang: .en, text: "First item."),
                    GoldBlock(kind: .paragraph, lang: .en, text: "Second item.")]
        let predicted = [GoldBlock(kind: .paragraph, lang: .en, text: "- First item."),
                         GoldBlock(kind: .paragraph, lang: .en, text: "- Second item.")]
        let score = SegmentEvaluation.score(gold: gold, predicted: predicted)
        #expect(score.matchedBoundaries == 2)
        #expect(score.exactText == 0)
    }
}
