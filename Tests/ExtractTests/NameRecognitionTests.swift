import Foundation
import Testing
@testable import PolicyGraph

/// A small lexicon written for these tests (the bundled one is data that changes).
private let testLexicon = try! Lexicon(parsing: """
organization\tWorld Trade Organization\tWTO|世界贸易组织|世贸组织
organization\tEuropean Union\tEU|欧盟
organization\tGroup of Twenty\tG20|二十国集团
organization\tUnited Nations\tUN|联合国
organization\tUNESCO\t联合国教科文组织
organization\tAsia-Pacific Economic Cooperation\tAPEC|亚太经合组织
organization\tOrganisation for Economic Co-operation and Development\tOECD|经合组织
organization\tBrookings Institution\t布鲁金斯学会
organization\tInternational Monetary Fund\tIMF|国际货币基金组织
agreement\tTrans-Pacific Partnership\tTPP|跨太平洋伙伴关系协定
agreement\tComprehensive and Progressive Agreement for Trans-Pacific Partnership\tCPTPP|全面与进步跨太平洋伙伴关系协定
agreement\tGeneral Agreement on Trade in Services\tGATS|服务贸易总协定
agreement\tUnited States-Mexico-Canada Agreement\tUSMCA
agreement\tRegional Comprehensive Economic Partnership\tRCEP|区域全面经济伙伴关系协定
agreement\tAPEC Cross-Border Privacy Rules\tCBPR
country\tUnited States\t美国|US|USA
country\tChina\t中国
country\tJapan\t日本
country\tGermany\t德国
""")

private func extract(_ texts: [String], lexicon: Lexicon = testLexicon) -> Extraction {
    let blocks = texts.enumerated().map { Block(index: $0.offset, kind: .paragraph, lang: .zh, text: $0.element, firstLine: 1, lastLine: 1) }
    return ExtractionPipeline(lexicon: lexicon).extract(blocks)
}

private func surfaces(_ e: Extraction, _ type: EntityType) -> [String] {
    e.mentions.filter { $0.type == type }.map(\.surface)
}

@Suite struct LexiconMatcherTests {
    @Test func acronymDoesNotMatchInsideLongerLatinWord() {
        let e = extract(["Prices in EUR rose across Europe; the EU responded."])
        #expect(surfaces(e, .organization) == ["EU"])
    }

    @Test func latinNamesMatchCaseInsensitivelyButAcronymsExactly() {
        let e = extract(["The World trade Organization met; who knows? The wto did not, nor did the world trade organization."])
        #expect(surfaces(e, .organization) == ["World trade Organization"])
    }

    @Test func whitespaceInsideTextIsSkippedWhileMatching() {
        let e = extract(["世界贸易 组织发布报告"])
        #expect(surfaces(e, .organization) == ["世界贸易 组织"])
    }
}

@Suite struct OrganizationRecognizerTests {
    @Test func chineseSuffixNameStopsAtFunctionWordsAndVerbs() {
        let e = extract(["各国领导人决定设立数字经济任务组，并与金融稳定理事会合作。"])
        #expect(surfaces(e, .organization) == ["数字经济任务组", "金融稳定理事会"])
    }

    @Test func strayPdfSpaceInsideAChineseNameIsCrossed() {
        let e = extract(["各方设立数字经济 任务组。"])
        #expect(surfaces(e, .organization) == ["数字经济 任务组"])
        #expect(e.mentions[0].key == "organization:数字经济任务组")
    }

    @Test func countryAnchorOpensAnOrganisationName() {
        let e = extract(["报告由美国对外关系委员会发布。"])
        #expect(surfaces(e, .organization) == ["美国对外关系委员会"])
        #expect(surfaces(e, .country).isEmpty)
    }

    @Test func knownBodyAnchorsANestedBodyAndIsMentionedAsItsParent() {
        let e = extract(["如联合国教科文组织人工智能国际专家组、G20 研究小组等"])
        #expect(surfaces(e, .organization) == ["联合国教科文组织", "联合国教科文组织人工智能国际专家组", "G20", "G20 研究小组"])
    }

    @Test func lexiconNameWinsOverLongerRunBeforeIt() {
        let e = extract(["根据美国智库布鲁金斯学会研究"])
        #expect(surfaces(e, .organization) == ["布鲁金斯学会"])
    }

    @Test func genericPhrasesAreRejected() {
        let e = extract(["国际组织、行业协会、标准组织、政府间组织和非正式组织都参与其中，数字公司也是。"])
        #expect(surfaces(e, .organization).isEmpty)
    }

    @Test func englishCapitalisedNameEndingInAHead() {
        let e = extract(["Data from Synergy Research Group and the Council on Foreign Relations show it; The Commission agreed."])
        #expect(surfaces(e, .organization) == ["Synergy Research Group", "Council on Foreign Relations"])
    }

    @Test func titleCaseHeadingDoesNotGrowAKnownName() {
        let e = extract(["The Role of the World Trade Organization", "Challenges for the Digital Economy Partnership Agreement"])
        #expect(surfaces(e, .organization) == ["World Trade Organization"])
        #expect(surfaces(e, .agreement) == ["Digital Economy Partnership Agreement"])
    }

    @Test func g20And5GAreNotFiguresOrUnknownNames() {
        let e = extract(["G20 成员推动 5G 网络建设，3 家企业参与。"])
        #expect(surfaces(e, .organization) == ["G20"])
        #expect(!e.mentions.contains { $0.surface == "5G" })
    }
}

@Suite struct CompanyFormTests {
    @Test func legalFormAfterKnownBodyIsTheSameBody() {
        let lex = testLexicon.merging(try! Lexicon(parsing: "organization\tTencent\t腾讯\norganization\tMicrosoft\tMicrosoft\n"))
        let e = extract(["腾讯公司与 Microsoft Corp. 合作，WTO 委员会讨论。"], lexicon: lex)
        let orgs = e.mentions.filter { $0.type == .organization }
        #expect(orgs.map(\.surface) == ["腾讯公司", "Microsoft Corp.", "WTO"])
        #expect(orgs[0].key == lex.entries.first { $0.canonical == "Tencent" }!.key)
        #expect(orgs[1].key == lex.entries.first { $0.canonical == "Microsoft" }!.key)
    }
}

@Suite struct AgreementRecognizerTests {
    @Test func nestedNamesKeepTheLongestSpan() {
        let e = extract(["欧盟-日本经济伙伴关系协定已经生效。"])
        #expect(surfaces(e, .agreement) == ["欧盟-日本经济伙伴关系协定"])
        #expect(surfaces(e, .organization).isEmpty)
        #expect(surfaces(e, .country).isEmpty)
    }

    @Test func bilateralAgreementsWithCountryAbbreviations() {
        let e = extract(["美日贸易协定/美日数字贸易协定、欧日自贸协定以及中欧投资协定"])
        #expect(surfaces(e, .agreement) == ["美日贸易协定", "美日数字贸易协定", "欧日自贸协定", "中欧投资协定"])
    }

    @Test func genericAgreementWordsAreRejected() {
        let e = extract(["双边和区域性自由贸易协定保持活跃，各国遵守协议，防止税收协定滥用。"])
        #expect(surfaces(e, .agreement).isEmpty)
    }

    @Test func headAfterKnownInstrumentIsTheSameInstrument() {
        let e = extract(["由于 GATS 协议对服务的定义，CBPR 体系独立运行，OECD 框架下讨论。"])
        let agreements = e.mentions.filter { $0.type == .agreement }
        #expect(agreements.map(\.surface) == ["GATS 协议", "CBPR 体系"])
        #expect(agreements[0].key == testLexicon.entries.first { $0.canonical.hasPrefix("General Agreement") }!.key)
    }

    @Test func englishAgreementWithOfTail() {
        let e = extract(["Members signed the Agreement on Trade Facilitation and a Free Trade Agreement."])
        #expect(surfaces(e, .agreement) == ["Agreement on Trade Facilitation"])
    }
}

@Suite struct TitleRecognizerTests {
    @Test func publicationsInTitleMarksAreNotAgreements() {
        let e = extract(["《2020 年世界投资报告》和《数字经济新图景（2020）》指出，《巴黎协定》与《关于电子商务的联合声明》……《东方法学》"])
        #expect(surfaces(e, .publication) == ["2020 年世界投资报告", "数字经济新图景（2020）", "东方法学"])
        #expect(surfaces(e, .agreement) == ["巴黎协定", "关于电子商务的联合声明"])
    }

    @Test func titleKeepsKnownNamesInsideIt() {
        let e = extract(["通过了《APEC 隐私框架》"])
        #expect(surfaces(e, .agreement) == ["APEC 隐私框架"])
        #expect(surfaces(e, .organization) == ["APEC"])
    }
}

@Suite struct CountryRecognizerTests {
    @Test func countryInsideBlockingPhraseIsNotCounted() {
        let e = extract(["发展中国家与美国、日本和德国谈判"])
        #expect(surfaces(e, .country) == ["美国", "日本", "德国"])
    }

    @Test func singleCharacterShortFormsAreNotCountries() {
        let e = extract(["中美贸易摩擦与美欧关系"])
        #expect(surfaces(e, .country).isEmpty)
    }
}

@Suite struct AcronymDefinitionTests {
    @Test func chineseBracketDefinitionTiesNewAcronymAndIsFoundAgain() {
        let e = extract(["设立数字经济任务组（DETF）。", "此后 DETF 升级。"])
        #expect(surfaces(e, .organization) == ["数字经济任务组", "DETF", "DETF"])
        #expect(e.aliasDefinitions.count == 1)
    }

    @Test func englishBracketDefinition() {
        let e = extract(["the Digital Economy Task Force (DETF) met"])
        #expect(surfaces(e, .organization) == ["Digital Economy Task Force", "DETF"])
        #expect(e.aliasDefinitions == [AliasDefinition(type: .organization, keyA: "organization:digitaleconomytaskforce", keyB: "organization:detf")])
    }

    @Test func slashListsArePairedInOrderAndLexiconEntriesStayApart() {
        let e = extract(["跨太平洋伙伴协议 / 全面与进步跨太平洋伙伴关系协定（TPP/CPTPP）"])
        #expect(surfaces(e, .agreement) == ["跨太平洋伙伴协议", "全面与进步跨太平洋伙伴关系协定", "TPP", "CPTPP"])
        let tpp = testLexicon.entries.first { $0.canonical == "Trans-Pacific Partnership" }!.key
        #expect(e.aliasDefinitions == [AliasDefinition(type: .agreement, keyA: "agreement:跨太平洋伙伴协议", keyB: tpp)])
    }

    @Test func knownAcronymNamesTheWordsBeforeIt() {
        let e = extract(["区域全面经济伙伴关系（RCEP）和“跨境隐私规则体系”（CBPR）"])
        #expect(surfaces(e, .agreement) == ["区域全面经济伙伴关系", "RCEP", "跨境隐私规则体系", "CBPR"])
        #expect(e.aliasDefinitions.count == 2)
    }

    @Test func patternNameDefinedByKnownAcronymMergesWithIt() {
        let e = extract(["经济合作组织（OECD）与国际货币组织（IMF）"])
        #expect(surfaces(e, .organization) == ["经济合作组织", "OECD", "国际货币组织", "IMF"])
        #expect(e.aliasDefinitions.count == 2)
    }

    @Test func placeNameBeginningWithAStopCharacterStaysInTheName() {
        let e = extract(["据上海数字经济研究院和无锡物联网协会统计，斯德哥尔摩国际和平研究所与波罗的海数字政府联盟也参与了。"])
        #expect(surfaces(e, .organization) == ["上海数字经济研究院", "无锡物联网协会", "斯德哥尔摩国际和平研究所", "波罗的海数字政府联盟"])
    }

    @Test func headUsedAsAVerbAfterAnAdverbEndsNoName() {
        let e = extract(["2019年至2022年，欧洲电信标准化协会共组织40轮磋商，世界贸易组织先后组织了多次会议。"])
        #expect(surfaces(e, .organization) == ["欧洲电信标准化协会", "世界贸易组织"])
    }

    @Test func acronymTheLexiconKnowsAsAnotherTypeDefinesNothing() {
        // CBPR is an agreement in the lexicon; here the same letters are an organisation's.
        let e = extract(["the Cross-Border Policy Research Institute (CBPR) said"])
        #expect(surfaces(e, .organization) == ["Cross-Border Policy Research Institute"])
        #expect(e.aliasDefinitions.isEmpty)
    }

    @Test func unknownAcronymBeforeBracketedNameIsDefinedByIt() {
        let e = extract(["仿照 FSBX（金融稳定理事会）的模式，MNEs（跨国企业）不算。"])
        #expect(surfaces(e, .organization) == ["FSBX", "金融稳定理事会"])
        #expect(e.aliasDefinitions == [AliasDefinition(type: .organization, keyA: "organization:金融稳定理事会", keyB: "organization:fsbx")])
    }

    @Test func genericAcronymDefinesNothing() {
        let e = extract(["中欧投资协定（BIT）"])
        #expect(surfaces(e, .agreement) == ["中欧投资协定"])
    }
}
