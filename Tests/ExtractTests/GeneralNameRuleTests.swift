import Foundation
import Testing
@testable import PolicyGraph

/// Rules added for unseen documents (currency signs, table years, counts with modifiers,
/// committee and department names, dashes and owners in names, bracketed acronyms, events
/// named after their organiser). Every text here was written for these tests.
private let ruleLexicon = try! Lexicon(parsing: """
organization\tGroup of Twenty\tG20
organization\tG20 Digital Economy Working Group\tDEWG
organization\tOrganisation for Economic Co-operation and Development\tOECD|经合组织
organization\tMinistry of Finance of Example\t财政部
organization\tAsian Development Bank\tADB
organization\tAsian Development Bank Institute\tADBI
agreement\tUNESCO Model Law on Archives\tModel Law on Archives
agreement\tPaperless Trade Accord\tpaperless trade accord
country\tUnited States\tUS
country\tHong Kong\tHK
country\tJapan\t日本
country\tGermany\t德国
""")

private func extract(_ text: String, kind: BlockKind = .paragraph, lang: BlockLanguage = .en) -> Extraction {
    ExtractionPipeline(lexicon: ruleLexicon).extract([Block(index: 0, kind: kind, lang: lang, text: text, firstLine: 1, lastLine: 1)])
}

private func surfaces(_ e: Extraction, _ type: EntityType) -> [String] {
    e.mentions.filter { $0.type == type }.map(\.surface)
}

@Suite struct CurrencySignTests {
    @Test func testCountryAliasGluedToDollarSignIsACurrencyNotACountry() {
        let e = extract("Exports were HK$3 billion and US$5 million; the US and HK agreed.")
        #expect(surfaces(e, .country) == ["US", "HK"])
    }
}

@Suite struct YearRuleTests {
    @Test func testBareYearInATableCellIsAYear() {
        let e = extract("Pact Adopted Members\nABCD 2017 9\nEFGH 2021 14", kind: .table)
        #expect(surfaces(e, .year) == ["2017", "2021"])
    }

    @Test func testYearModifyingACapitalisedNameAfterAnArticleIsAYear() {
        let e = extract("As a 2021 OECD survey showed, an 2020 Example note agreed.")
        #expect(surfaces(e, .year) == ["2021", "2020"])
    }

    @Test func testCountAfterAnArticleWithALowercaseNounIsNoYear() {
        let e = extract("They sampled a 2000 firms panel.")
        #expect(surfaces(e, .year).isEmpty)
    }
}

@Suite struct CountWithModifierTests {
    @Test func testCountReachesAcrossModifiersToItsHeadNoun() {
        let e = extract("We found 45 trade restriction measures across 12 ASEAN member states and 7 new audits.")
        let figures = e.mentions.filter { $0.type == .figure }
        #expect(figures.map(\.surface) == ["45 trade restriction measures", "12 ASEAN member states", "7 new audits"])
        #expect(figures.map { $0.figure!.unit } == ["measures", "states", "audits"])
    }

    @Test func testCountStopsAtFunctionWordsAndVerbs() {
        let e = extract("Some 30 economies have signed and 8 firms of note left.")
        #expect(surfaces(e, .figure) == ["30 economies", "8 firms"])
    }
}

@Suite struct EnglishBodyNameTests {
    @Test func testCommitteeNamedByItsRemitIsAName() {
        let e = extract("The Committee on Trade and Development (CTD) met the Sub-Committee on Standards and Conformance.")
        #expect(surfaces(e, .organization) == ["Committee on Trade and Development", "CTD", "Sub-Committee on Standards and Conformance"])
    }

    @Test func testMonthEndsAWorkingGroupName() {
        let e = extract("They formed a Tariff Review Working Group in March 2020.")
        #expect(surfaces(e, .organization) == ["Tariff Review Working Group"])
    }

    @Test func testAcronymOfABodyOpeningALongerNameIsMentionedToo() {
        let e = extract("It reported to the G20 Digital Economy Working Group and cited the UNESCO Model Law on Archives.")
        #expect(surfaces(e, .organization) == ["G20", "G20 Digital Economy Working Group"])
        #expect(surfaces(e, .agreement) == ["UNESCO Model Law on Archives"])
    }

    @Test func testFullNamePrefixOfAKnownNameIsNotMentionedSeparately() {
        let e = extract("The Asian Development Bank Institute published it.")
        #expect(!surfaces(e, .organization).contains("Asian Development Bank"), "\(e.mentions.map { ($0.surface, $0.key, $0.start, $0.end) })")
    }
}

@Suite struct ChineseDepartmentTests {
    @Test func testSubUnitAfterAKnownBodyIsABodyOfItsOwn() {
        let e = extract("财政部办公厅发布通知。联系人：关税政策司。", lang: .zh)
        #expect(surfaces(e, .organization) == ["财政部", "财政部办公厅", "关税政策司"])
    }

    @Test func testSiInsideCommonWordsIsNoDepartment() {
        let e = extract("他在公司工作，向上司汇报国际贸易司法问题。", lang: .zh)
        #expect(surfaces(e, .organization).isEmpty)
    }

    @Test func testEventNamedAfterItsOrganiserCrossesAStopWord() {
        let e = extract("经合组织无障碍技术研讨会在巴黎举行。", lang: .zh)
        #expect(surfaces(e, .event) == ["经合组织无障碍技术研讨会"])
    }

    @Test func testCountryActBeforeAWorkingGroupHeadStaysInTheName() {
        let e = extract("理事会决定成立德国加入工作组。", lang: .zh)
        #expect(surfaces(e, .organization).contains("德国加入工作组"))
    }
}

@Suite struct EnglishInstrumentNameTests {
    @Test func testDashesInsideNamesJoinTheirParts() {
        let e = extract("Under the Chile–Korea Trade Agreement and the Joint Initiative on E\u{2011}commerce Facilitation, …")
        #expect(surfaces(e, .agreement) == ["Chile–Korea Trade Agreement", "Joint Initiative on E\u{2011}commerce Facilitation"])
    }

    @Test func testOwnerIsLeftOutAndTrailingYearTakenIn() {
        let e = extract("Japan's Records Protection Act 2003 applies.")
        #expect(surfaces(e, .agreement) == ["Records Protection Act 2003"])
        #expect(surfaces(e, .country) == ["Japan"])
    }

    @Test func testBracketedAcronymKeepsALongNameWholeAcrossAndThe() {
        let e = extract("Parties to the Framework Convention on Trade in Europe and the Mediterranean (TEM) met.")
        #expect(surfaces(e, .agreement) == ["Framework Convention on Trade in Europe and the Mediterranean", "TEM"])
    }

    @Test func testTableHeaderWordsAreNoName() {
        let e = extract("Treaty Adopted Members\nABCD 2019 7", kind: .table)
        #expect(surfaces(e, .agreement).isEmpty)
    }

    @Test func testLowercaseLexiconPhraseIsACommonNoun() {
        let e = extract("A paperless trade accord is not the Paperless Trade Accord.")
        #expect(surfaces(e, .agreement) == ["Paperless Trade Accord"])
    }
}

@Suite struct EnglishPublicationTests {
    @Test func testTitleCasePublicationWithHeadAndYear() {
        let e = extract("See the Pacific Services Outlook 2025 and the Handbook on Measuring Services Trade.")
        #expect(surfaces(e, .publication) == ["Pacific Services Outlook 2025", "Handbook on Measuring Services Trade"])
    }

    @Test func testJointAuthorListIsNotPartOfTheTitle() {
        let e = extract("The OECD–ADB Handbook on Measuring Services Trade appeared.")
        #expect(surfaces(e, .publication) == ["Handbook on Measuring Services Trade"])
        #expect(surfaces(e, .organization) == ["OECD", "ADB"])
    }
}

@Suite struct CurrencyPhraseTests {
    @Test func testLongestCurrencyPhraseWinsAndWordRangesAreOneFigure() {
        let figures = FigureRecognizer().mentions(in: Block(index: 0, kind: .paragraph, lang: .en,
            text: "Fees reached 40 million Hong Kong dollars, rising between 13 and 32 per cent.", firstLine: 1, lastLine: 1))
        #expect(figures.map(\.surface) == ["40 million Hong Kong dollars", "13 and 32 per cent"])
        #expect(figures.map { $0.figure!.maxValue } == [nil, 32])
        #expect(figures.map { $0.figure!.unit } == ["HKD", "%"])
    }
}
