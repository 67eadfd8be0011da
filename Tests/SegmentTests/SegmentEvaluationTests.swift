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
}
