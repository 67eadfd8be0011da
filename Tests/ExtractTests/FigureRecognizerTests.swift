import Foundation
import Testing
@testable import PolicyGraph

@Suite struct FigureRecognizerTests {
    let recognizer = FigureRecognizer()

    func figures(_ text: String, lang: BlockLanguage = .zh, kind: BlockKind = .paragraph) -> [Mention] {
        recognizer.mentions(in: Block(index: 1, kind: kind, lang: lang, text: text, firstLine: 1, lastLine: 1))
    }

    func surfaces(_ text: String, lang: BlockLanguage = .zh, kind: BlockKind = .paragraph) -> [String] {
        figures(text, lang: lang, kind: kind).map(\.surface)
    }

    @Test func testMagnitudesAndChineseCurrenciesAreNormalised() {
        let m = figures("出口额为 18.9 万亿美元，并购规模总计4900 亿美元，全长超过 40 万千米，公开数据达 41 亿条")
        #expect(m.map(\.surface) == ["18.9 万亿美元", "4900 亿美元", "40 万千米", "41 亿条"])
        #expect(m.map { $0.figure!.value } == [18_900_000_000_000, 490_000_000_000, 400_000, 4_100_000_000])
        #expect(m.map { $0.figure!.unit } == ["USD", "USD", "千米", "条"])
        #expect(m[0].key == "figure:18.9万亿美元")
        #expect(m[0].start == 5 && m[0].end == 14)
    }

    @Test func testEnglishMoneyWithPrefixAndSuffixCurrencies() {
        let m = figures("Trade reached 25.6 trillion USD, or US$2.5 trillion, €300 million and $5bn.", lang: .en)
        #expect(m.map(\.surface) == ["25.6 trillion USD", "US$2.5 trillion", "€300 million", "$5bn"])
        #expect(m.map { $0.figure!.value } == [25.6e12, 2.5e12, 3e8, 5e9])
        #expect(m.map { $0.figure!.unit } == ["USD", "USD", "EUR", "USD"])
    }

    @Test func testCurrencyWordBeforeAChineseAmountStaysOutWhenTheAmountNamesItsCurrency() {
        let m = figures("投资人民币 5000 亿元，合 US$ 70 billion")
        #expect(m.map(\.surface) == ["5000 亿元", "US$ 70 billion"])
        #expect(m.map { $0.figure!.unit } == ["CNY", "USD"])
    }

    @Test func testAddressAfterAFootnoteNumberIsNoCountedNoun() {
        #expect(surfaces("17 https://example.org/report", lang: .en) == [])
    }

    @Test func testPercentFormsAllNormaliseToPercent() {
        let m = figures("增长 2.8%，占 95％ 和 20 per cent, 30 percent, 3 个百分点", lang: .mixed)
        #expect(m.map(\.surface) == ["2.8%", "95％", "20 per cent", "30 percent", "3 个百分点"])
        #expect(m.map { $0.figure!.unit } == ["%", "%", "%", "%", "个百分点"])
        #expect(figures("up 2 percentage points", lang: .en).first?.figure?.unit == "percentage points")
    }

    @Test func testRangesGiveLowValueAndMax() {
        for text in ["下降 13-32％", "下降 13%-32%", "下降 13 至 32%"] {
            let m = figures(text)
            #expect(m.count == 1)
            #expect(m.first?.figure == FigureValue(value: 13, maxValue: 32, unit: "%"))
        }
        let en = figures("a fall of 13–32 per cent", lang: .en)
        #expect(en.map(\.surface) == ["13–32 per cent"])
        #expect(en.first?.figure?.maxValue == 32)
        let money = figures("投资 1000 万至 2000 万美元")
        #expect(money.first?.figure == FigureValue(value: 1e7, maxValue: 2e7, unit: "USD"))
        #expect(figures("规模 13-32 亿美元").first?.figure == FigureValue(value: 1.3e9, maxValue: 3.2e9, unit: "USD"))
    }

    @Test func testTwoFiguresJoinedByAWordStayTwo() {
        #expect(surfaces("从 5% 到 10%") == ["5%", "10%"])
    }

    @Test func testQualifiersAreAttributesNotSurface() {
        let m = figures("下跌近 40%，降至 30%左右，超过 200 条，逾 70 万个，达 200 多家")
        #expect(m.map(\.surface) == ["40%", "30%", "200 条", "70 万个", "200 多家"])
        #expect(m.map { $0.figure!.qualifier } == ["近", "左右", "超过", "逾", "达 多"])
        #expect(m[3].figure!.value == 700_000)
        let en = figures("nearly 40% of firms and more than 250 companies", lang: .en)
        #expect(en.map(\.surface) == ["40%", "250 companies"])
        #expect(en.map { $0.figure!.qualifier } == ["nearly", "more than"])
    }

    @Test func testMeasureWordFigureStopsBeforeTheCountedNoun() {
        let m = figures("76 个成员签署，联合国等 6 个国际组织，3813 起数据泄露事件，8 亿人")
        #expect(m.map(\.surface) == ["76 个", "6 个", "3813 起", "8 亿人"])
        #expect(m.map { $0.figure!.unit } == ["个", "个", "起", "人"])
        #expect(m[3].figure!.value == 800_000_000)
    }

    @Test func testEnglishCountedNounIsTheUnit() {
        let m = figures("Some 250 companies and 1.5 million users joined; 5 of the members and 3 new rules.", lang: .en)
        // A count reaches across a modifier to its head noun (`3 new rules`, unit `rules`).
        #expect(m.map(\.surface) == ["250 companies", "1.5 million users", "3 new rules"])
        #expect(m.map { $0.figure!.unit } == ["companies", "users", "rules"])
        #expect(m[1].figure!.value == 1_500_000)
    }

    @Test func testFullWidthDigitsAndThousandsSeparators() {
        let m = figures("共 ３８ 个国家，资金 3,800 亿美元，用户 1,234,567 people", lang: .mixed)
        #expect(m.map(\.surface) == ["３８ 个", "3,800 亿美元", "1,234,567 people"])
        #expect(m.map { $0.figure!.value } == [38, 380_000_000_000, 1_234_567])
        #expect(m[0].key == "figure:38个")
    }

    @Test func testNamesWithDigitsAreNotFigures() {
        #expect(surfaces("二十国集团（G20）、70 万个 5G 基站、3GPP、B2C 市场、TOP10 企业中有 8 家、2G 和 3G 网络") == ["70 万个", "8 家"])
        #expect(surfaces("COVID-19 cases and 5-year plans, IPv6", lang: .en) == [])
        #expect(surfaces("东盟“10+6” 区域，德国工业 4.0 平台") == [])
    }

    @Test func testOrdinalsListNumbersAndReferencesAreNotFigures() {
        #expect(surfaces("第十一届部长级会议，第 14.11 条，第14条，第 3 次会议") == [])
        #expect(surfaces("1. 20 个国家\n3.1. 背景") == ["20 个"])
        #expect(surfaces("Article 5 members and Section 3 rules", lang: .en) == [])
    }

    @Test func testLineInitialNumberOfAHeadingOrTableRowIsNotAFigure() {
        #expect(surfaces("1 个人信息保护", kind: .heading) == [])
        #expect(surfaces("序号 议题\n4 个人数据 涉及 12 个成员", kind: .table) == ["12 个"])
    }

    @Test func testFootnoteMarkerAtFootnoteStartIsNotAFigure() {
        #expect(surfaces("7 个人信息保护相关报告", kind: .footnote) == [])
        #expect(surfaces("7 此处统计了 6 个国际组织", kind: .footnote) == ["6 个"])
    }

    @Test func testYearsDatesAndDurations() {
        let m = figures("2019 年，近 20 年以来，2020 年 6 月，2019 亿美元，2016－2020 年，90 年代，2020 年 02 期")
        #expect(m.map(\.surface) == ["20 年", "2019 亿美元"])
        #expect(m[0].figure!.unit == "年")
    }

    @Test func testChineseNumeralQuantitiesAndBareNumbersAreNotFigures() {
        #expect(surfaces("三年来，两名代表，成员数 18 进行中") == [])
    }

    @Test func testCaseInsensitiveReferenceWordsAndChineseVerbsEndingInReferenceCharacters() {
        #expect(surfaces("see table 3 results and Figure 4 shows", lang: .en) == [])
        #expect(surfaces("代表 30% 的份额，发表 3 篇论文") == ["30%", "3 篇"])
    }

    @Test func testDecimalBelowOneIsAFigure() {
        #expect(figures("增长 0.5%").first?.figure?.value == 0.5)
    }

    @Test func testCountsAreWholeNumbers() {
        #expect(surfaces("规则 14.11 条") == [])
        #expect(surfaces("增长 1.5 倍") == ["1.5 倍"])
    }
}

@Suite struct FigureVocabularyTests {
    @Test func testBundledVocabularyLoadsEveryFile() throws {
        let v = try FigureVocabulary.bundled()
        #expect(v.magnitudes.matchForward(Array("万亿美元".unicodeScalars), at: 0)?.value.exponent == 12)
        #expect(v.units.matchForward(Array("个百分点".unicodeScalars), at: 0)?.value.unit == "个百分点")
    }

    @Test func testMalformedVocabularyLineNamesFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("figure-vocabulary-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["currencies", "units", "measure-words", "qualifiers", "number-contexts", "english-count-nouns"] {
            try "# empty\n".write(to: dir.appendingPathComponent(name + ".tsv"), atomically: true, encoding: .utf8)
        }
        try "万\tfour\tany\n".write(to: dir.appendingPathComponent("magnitudes.tsv"), atomically: true, encoding: .utf8)
        do {
            _ = try FigureVocabulary(directory: dir)
            Issue.record("a non-numeric exponent was accepted")
        } catch let error as FigureVocabulary.LoadError {
            #expect(error.description.contains("magnitudes.tsv:1"))
        }
    }
}
