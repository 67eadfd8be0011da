import Foundation
import Testing
@testable import PolicyGraph

/// The learned-name prefilter may let through a text without a name (a needless scan), but
/// must never stop one the matcher would find a name in.
@Suite struct LearnedNameFilterTests {
    private func learned(_ surfaces: [String]) -> LearnedNames {
        let mentions = surfaces.enumerated().map { i, s in
            Mention(type: .organization, surface: s, blockIndex: 0, start: 0, end: s.unicodeScalars.count, key: "organization:\(i)")
        }
        let definitions = mentions.map { AliasDefinition(type: .organization, keyA: $0.key, keyB: "lexicon:organization:x") }
        return LearnedNames(definitions: definitions, mentions: mentions)
    }

    @Test func testFilterPassesEveryTextTheMatcherFindsANameIn() {
        let names = learned(["数字经济任务组", "DETF", "EU", "Beijing Digital Economy Institute", "G20 研究小组", "海洋组"])
        let filter = Resolver.filter(for: names)
        let texts = [
            "各方设立了 DETF。", "数字经济任务组发布报告", "the EU said", "(EU)", "ＤＥＴＦ 指出", "detf",
            "Beijing  Digital Economy Institute", "G20研究小组", "G 20 研究 小组", "海 洋组", "12 DETF", "0DETF",
            "全球货物贸易", "Europe and the EUR", "DETFX", "xDETF", "", "海洋经济",
        ]
        for text in texts {
            let found = !names.matcher.matches(in: Array(text.unicodeScalars)).isEmpty
            if found { #expect(filter.mayContainName(text), "the filter stopped \(text), where the matcher finds a name") }
        }
    }

    @Test func testFilterStopsTextsWithoutAnyOpening() {
        let filter = Resolver.filter(for: learned(["数字经济任务组", "DETF", "EU"]))
        #expect(!filter.mayContainName("全球货物贸易出口额为 18.9 万亿美元。"))
        #expect(!filter.mayContainName("Europe and the EUR area"), "EU only on a word boundary")
        #expect(filter.mayContainName("the EU area"))
    }

    @Test func testMergeInPlaceKeepsTextOrderAndRenumbersRelations() {
        func m(_ block: Int, _ start: Int, _ surface: String) -> Mention {
            Mention(type: .organization, surface: surface, blockIndex: block, start: start, end: start + 2, key: "organization:\(surface)")
        }
        var f = DocumentFragment(path: "a.txt", format: .plainText, encoding: .utf8, byteCount: 0, blocks: [],
                                 mentions: [m(0, 0, "a"), m(0, 5, "b"), m(2, 1, "c"), m(3, 0, "d")],
                                 relations: [.init(kind: .partyTo, from: 1, to: 3, evidence: "")])
        Resolver.merge([m(3, 0, "tie"), m(0, 2, "x"), m(4, 0, "y"), m(1, 0, "z")], into: &f)
        #expect(f.mentions.map(\.surface) == ["a", "x", "b", "z", "c", "d", "tie", "y"])
        #expect(f.mentions[f.relations[0].from].surface == "b" && f.mentions[f.relations[0].to].surface == "d")
    }
}
