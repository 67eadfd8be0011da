import Testing
@testable import PolicyGraph

@Suite struct YearRecognizerTests {
    let recognizer = YearRecognizer()

    func years(_ text: String, lang: BlockLanguage = .zh, kind: BlockKind = .paragraph) -> [Mention] {
        recognizer.mentions(in: Block(index: 3, kind: kind, lang: lang, text: text, firstLine: 1, lastLine: 1))
    }

    func surfaces(_ text: String, lang: BlockLanguage = .zh) -> [String] { years(text, lang: lang).map(\.surface) }

    @Test func testChineseYearKeepsTheSpaceAsWrittenAndGivesValueAndKey() {
        let m = years("自 2018 年中美贸易摩擦以来，2019年全球贸易下降")
        #expect(m.map(\.surface) == ["2018 年", "2019年"])
        #expect(m.map(\.year) == [2018, 2019])
        #expect(m.map(\.key) == ["year:2018", "year:2019"])
        #expect(m[0].blockIndex == 3)
        #expect(m[0].start == 2 && m[0].end == 8)
    }

    @Test func testDateKeepsMonthAsAttributeOutsideTheSurface() {
        let m = years("截至 2020 年 6 月，美国于2019年1月退出，2020 年 10 月 19 日发布")
        #expect(m.map(\.surface) == ["2020 年", "2019年", "2020 年"])
        #expect(m.map(\.month) == [6, 1, 10])
    }

    @Test func testRangesGiveBothEnds() {
        #expect(surfaces("2016－2020 年期间，全球共部署") == ["2016", "2020 年"])
        #expect(surfaces("2008 年至 2018 年，规模增长") == ["2008 年", "2018 年"])
        #expect(surfaces("《2020-2025 年数据中心行业市场》") == ["2020", "2025 年"])
        #expect(surfaces("2009—2018 年十年间") == ["2009", "2018 年"])
        #expect(surfaces("The period 2014–2017 saw growth", lang: .en) == ["2014", "2017"])
    }

    @Test func testEnglishBareYearNeedsADateCue() {
        #expect(surfaces("Trade fell in 2019 and recovered by 2021.", lang: .en) == ["2019", "2021"])
        #expect(surfaces("The 2019 figures were revised", lang: .en) == [])
        #expect(surfaces("As reported (2020), the rules", lang: .en) == ["2020"])
    }

    @Test func testEnglishMonthNamesGiveTheMonth() {
        let m = years("Signed in January 2019 and in force on 1 March 2020; amended on June 5, 2021.", lang: .en)
        #expect(m.map(\.surface) == ["2019", "2020", "2021"])
        #expect(m.map(\.month) == [1, 3, 6])
    }

    @Test func testChineseNumeralAndFullWidthYears() {
        let m = years("二〇二一年三月发布，２０２０年通过；三年后实施")
        #expect(m.map(\.surface) == ["二〇二一年", "２０２０年"])
        #expect(m.map(\.year) == [2021, 2020])
        #expect(m[0].month == 3)
    }

    @Test func testCitationAndIsoDateYearsCount() {
        #expect(surfaces("as shown (OECD 2019) and the 2019-nCoV outbreak", lang: .en) == ["2019"])
        let m = years("published 2021-03-15 online, revised 2022/7/1", lang: .en)
        #expect(m.map(\.surface) == ["2021", "2022"])
        #expect(m.map(\.month) == [3, 7])
    }

    @Test func testYearInsideTitleCounts() {
        #expect(surfaces("世界贸易组织，《2020 年世界贸易统计评论》") == ["2020 年"])
        #expect(surfaces("《平台经济与竞争政策观察（2020）》") == ["2020"])
    }

    @Test func testBareYearInChineseTableRowCounts() {
        #expect(surfaces("时间 主办国\n2016 中国 首提数字经济\n2020 沙特 计划") == ["2016", "2020"])
        let row = recognizer.mentions(in: Block(index: 0, kind: .table, lang: .zh, text: "年份 成果\n2019 人工智能原则",
                                                firstLine: 1, lastLine: 2))
        #expect(row.map(\.surface) == ["2019"])
    }

    @Test func testAmountsAreNotYears() {
        #expect(surfaces("市场规模为 2019 亿美元，共 2000 家企业，约 1998 人") == [])
        #expect(surfaces("spending of $2020 million", lang: .en) == [])
    }

    @Test func testIdentifiersReferencesAndLongerNumbersAreNotYears() {
        #expect(surfaces("IEEE P7000 标准，ISO 2018 认证，Directive 95/46/EC", lang: .mixed) == [])
        #expect(surfaces("Regulation (EU) 2016/679 and ISO/IEC 27001:2013", lang: .en) == [])
        #expect(surfaces("第 2019 号决定，金额 12019 元，比率 2019.5", lang: .zh) == [])
        #expect(surfaces("see p. 2001 and the 1990s, FY2019", lang: .en) == [])
    }

    @Test func testYearAfterADeterminerCountsUnlessANounIsCounted() {
        #expect(surfaces("At the 2018 summit and in Q3 2020, the 2000 companies", lang: .en) == ["2018", "2020"])
    }

    @Test func testQualifiedRoundNumbersAreAmountsNotYears() {
        #expect(surfaces("up to 2000 companies and some 1950 firms", lang: .en) == [])
        #expect(surfaces("results for FY 2019 were", lang: .en) == ["2019"])
    }

    @Test func testNumbersOutsideTheYearRangeAreNotYears() {
        #expect(surfaces("经过 20 年的发展，1850 年以前，2150 年") == [])
    }
}
