import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

@Suite struct RelationFinderTests {
    typealias C = SmallCorpus

    private func block(_ text: String, lang: BlockLanguage = .zh) -> Block {
        Block(index: 0, kind: .paragraph, lang: lang, text: text, firstLine: 1, lastLine: 1)
    }

    private func relations(_ b: Block, _ mentions: [Mention]) -> [(MentionRelation.Kind, String, String)] {
        RelationFinder().relations(in: [b], mentions: mentions).map { ($0.kind, mentions[$0.from].surface, mentions[$0.to].surface) }
    }

    @Test func testFigureRefersToYearNamedInPrecedingClauseOfItsSentence() {
        let b = block("2019 年，全球商品贸易出口额为 18.9 万亿美元。")
        let ms = [C.year(2019, "2019 年", in: b), C.figure("18.9 万亿美元", 18.9e12, "USD", in: b)]
        let found = RelationFinder().relations(in: [b], mentions: ms)
        #expect(found.count == 1)
        #expect(found.first?.kind == .refersToYear && found.first?.from == 1 && found.first?.to == 0)
        #expect(found.first?.evidence == "2019 年，全球商品贸易出口额为 18.9 万亿美元。")
    }

    @Test func testEachFigureTakesTheYearOfItsOwnClause() {
        let b = block("2018 年增长 3%，2019 年增长 5%。")
        let ms = [C.year(2018, "2018 年", in: b), C.figure("3%", 3, "%", in: b),
                  C.year(2019, "2019 年", in: b), C.figure("5%", 5, "%", in: b)]
        let found = relations(b, ms)
        #expect(found.count == 2)
        #expect(found.contains { $0 == (.refersToYear, "3%", "2018 年") })
        #expect(found.contains { $0 == (.refersToYear, "5%", "2019 年") })
    }

    @Test func testYearInAnotherSentenceIsNotLinked() {
        let b = block("2019 年形势很好。出口额为 18.9 万亿美元。")
        let ms = [C.year(2019, "2019 年", in: b), C.figure("18.9 万亿美元", 18.9e12, "USD", in: b)]
        #expect(relations(b, ms).isEmpty)
    }

    @Test func testYearAfterFigureInLaterClauseIsNotLinked() {
        let b = block("出口额为 18.9 万亿美元，2019 年有所下降。")
        let ms = [C.figure("18.9 万亿美元", 18.9e12, "USD", in: b), C.year(2019, "2019 年", in: b)]
        #expect(relations(b, ms).isEmpty)
    }

    @Test func testDecimalPointDoesNotEndTheSentence() {
        let b = block("In 2020, exports reached 25.6 trillion USD.", lang: .en)
        let ms = [C.year(2020, "2020", in: b), C.figure("25.6 trillion USD", 25.6e12, "USD", in: b)]
        #expect(relations(b, ms).map(\.0) == [.refersToYear])
    }

    @Test func testChineseListOfSignatoriesIsPartyToAgreement() {
        let b = block("中国、日本和韩国于 2020 年正式签署了 RCEP。")
        let ms = [C.mention(.country, "中国", in: b, key: "country:中国"), C.mention(.country, "日本", in: b, key: "country:日本"),
                  C.mention(.country, "韩国", in: b, key: "country:韩国"), C.year(2020, "2020 年", in: b),
                  C.mention(.agreement, "RCEP", in: b, key: "agreement:rcep")]
        let found = relations(b, ms).filter { $0.0 == .partyTo }
        #expect(found.map(\.1).sorted() == ["中国", "日本", "韩国"])
        #expect(found.allSatisfy { $0.2 == "RCEP" })
    }

    @Test func testEnglishJoinedLinksOnlyTheSubjectNextToTheVerb() {
        let b = block("The WTO said China joined the RCEP and the CPTPP.", lang: .en)
        let ms = [C.mention(.organization, "WTO", in: b, key: "organization:wto"),
                  C.mention(.country, "China", in: b, key: "country:china"),
                  C.mention(.agreement, "RCEP", in: b, key: "agreement:rcep"),
                  C.mention(.agreement, "CPTPP", in: b, key: "agreement:cptpp")]
        let found = relations(b, ms)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.0 == .partyTo && $0.1 == "China" })
        #expect(Set(found.map(\.2)) == ["RCEP", "CPTPP"])
    }

    @Test func testApplicationToJoinIsNotPartyTo() {
        let b = block("中国正式申请加入 CPTPP。")
        let ms = [C.mention(.country, "中国", in: b, key: "country:中国"), C.mention(.agreement, "CPTPP", in: b, key: "agreement:cptpp")]
        #expect(relations(b, ms).isEmpty)
    }

    @Test func testNegatedRatificationIsNotPartyTo() {
        let b = block("The United States has not ratified the TPP.", lang: .en)
        let ms = [C.mention(.country, "United States", in: b, key: "country:us"), C.mention(.agreement, "TPP", in: b, key: "agreement:tpp")]
        #expect(relations(b, ms).isEmpty)
    }

    @Test func testVerbInsideLongerWordIsNoCue() {
        let b = block("China reassigned staff to the RCEP secretariat.", lang: .en)
        let ms = [C.mention(.country, "China", in: b, key: "country:china"), C.mention(.agreement, "RCEP", in: b, key: "agreement:rcep")]
        #expect(relations(b, ms).isEmpty)
    }

    @Test func testMembersIncludePatternLinksEveryListedMember() {
        let b = block("RCEP 成员国包括中国、日本、澳大利亚等 15 个国家。")
        let ms = [C.mention(.agreement, "RCEP", in: b, key: "agreement:rcep"), C.mention(.country, "中国", in: b, key: "country:中国"),
                  C.mention(.country, "日本", in: b, key: "country:日本"), C.mention(.country, "澳大利亚", in: b, key: "country:澳大利亚")]
        let found = relations(b, ms)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.0 == .partyTo && $0.2 == "RCEP" })
    }

    @Test func testPartyInAnotherSentenceIsNotLinked() {
        let b = block("中国经济增长较快。日本签署了 RCEP。")
        let ms = [C.mention(.country, "中国", in: b, key: "country:中国"), C.mention(.country, "日本", in: b, key: "country:日本"),
                  C.mention(.agreement, "RCEP", in: b, key: "agreement:rcep")]
        #expect(relations(b, ms).map(\.1) == ["日本"])
    }

    @Test func testSentenceSpansFindClausesAndSentences() {
        let s = SentenceSpans("2019 年，出口额为 18.9 万亿美元。次年下降。")
        #expect(s.text(of: s.sentence(containing: 10)) == "2019 年，出口额为 18.9 万亿美元。")
        #expect(s.text(of: s.clause(containing: 10)) == "出口额为 18.9 万亿美元。")
        #expect(s.text(of: s.sentence(containing: 25)) == "次年下降。")
    }
}

@Suite struct PartyToPrecisionTests {
    typealias C = SmallCorpus

    private func partyTo(_ text: String, _ parties: [(EntityType, String)], _ agreement: String) -> [String] {
        let b = Block(index: 0, kind: .paragraph, lang: .zh, text: text, firstLine: 1, lastLine: 1)
        var ms = parties.map { C.mention($0.0, $0.1, in: b, key: "\($0.0.rawValue):\($0.1)") }
        ms.append(C.mention(.agreement, agreement, in: b, key: "agreement:\(agreement)"))
        ms.sort { $0.start < $1.start }
        return RelationFinder().relations(in: [b], mentions: ms).filter { $0.kind == .partyTo }.map { ms[$0.from].surface }
    }

    @Test func testMembersOfAnOrganisationSigningDoNotMakeTheOrganisationAParty() {
        #expect(partyTo("76 个 WTO 成员签署《关于电子商务的联合声明》。", [(.organization, "WTO")], "关于电子商务的联合声明").isEmpty)
    }

    @Test func testCueUsedAsNounIsNoStatement() {
        #expect(partyTo("美欧在 WTO 框架下发起了有限参与者的 TiSA 谈判。", [(.organization, "WTO")], "TiSA").isEmpty)
        #expect(partyTo("欧盟主导下 GDPR 的要求很高。", [(.organization, "欧盟")], "GDPR").isEmpty)
    }

    @Test func testApplicationAfterTheAgreementIsNotPartyTo() {
        #expect(partyTo("中国于 2021 年正式提出加入 DEPA 的申请。", [(.country, "中国")], "DEPA").isEmpty)
        #expect(partyTo("中国加入《DEPA》的谈判取得进展。", [(.country, "中国")], "DEPA").isEmpty)
    }

    @Test func testSigningAnAccessionProtocolStillCounts() {
        #expect(partyTo("英国于 2023 年 7 月签署加入《CPTPP》的议定书。", [(.country, "英国")], "CPTPP") == ["英国"])
    }
}

@Suite struct SentenceBoundaryTests {
    typealias C = SmallCorpus

    @Test func testAbbreviationPointDoesNotEndTheSentence() {
        let s = SentenceSpans("The U.S. economy grew 2.3% in 2019. Next sentence.")
        #expect(s.text(of: s.sentence(containing: 10)) == "The U.S. economy grew 2.3% in 2019.")
    }

    @Test func testMentionSpanningASentenceEndDoesNotTrap() {
        let b = Block(index: 0, kind: .paragraph, lang: .en, text: "Japan signed the A. B Pact. Then more.", firstLine: 1, lastLine: 1)
        // A recogniser's mention may cross what the splitter takes for a sentence end.
        let ms = [C.mention(.country, "Japan", in: b, key: "country:japan"),
                  C.mention(.agreement, "A. B Pact. Then", in: b, key: "agreement:ab")]
        let found = RelationFinder().relations(in: [b], mentions: ms)
        #expect(found.count <= 1)
    }
}
