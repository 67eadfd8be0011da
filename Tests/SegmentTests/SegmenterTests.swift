import Foundation
import Testing
@testable import PolicyGraph

/// Segments plain text written the way PDF extractors write it.
func segment(_ text: String, path: String = "doc.txt") -> [Block] {
    Segmenter().segment(SourceDocument(path: path, format: .plainText, encoding: .utf8, text: text,
                                       byteCount: text.utf8.count))
}

func nonFurniture(_ blocks: [Block]) -> [Block] { blocks.filter { $0.kind != .furniture } }

/// 51 spaces: the footnote separator line PDF extractors leave above page-bottom notes.
let separator = String(repeating: " ", count: 51)

@Suite struct ParagraphBoundaryTests {
    @Test func testFootnoteInsidePageBreakStaysOneParagraph() {
        let text = """
        在全球经济衰退的背景下，各国纷纷出台数字贸易政策，跨境数据|
        |
        流动规则的协调变得更加困难。据统计，相关政策数量已超过 200 条，1|
         比上一年增加了三成，其中大部分集中在数据本地化和个人信息保护|
        |
        \(separator)|
        1 经济合作与发展组织，《数字贸易政策数据库》 |
         领域，发展中国家的参与程度依然有限。 |
        |
        第二段从这里开始，讨论多边机制的作用。 |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = nonFurniture(segment(text))
        #expect(blocks.map(\.kind) == [.paragraph, .footnote, .paragraph])
        #expect(blocks[0].text == "在全球经济衰退的背景下，各国纷纷出台数字贸易政策，跨境数据流动规则的协调变得更加困难。据统计，相关政策数量已超过 200 条，比上一年增加了三成，其中大部分集中在数据本地化和个人信息保护领域，发展中国家的参与程度依然有限。")
        #expect(blocks[0].footnoteRefs == [1])
        #expect(blocks[1].footnoteNumber == 1)
        #expect(blocks[1].text == "1 经济合作与发展组织，《数字贸易政策数据库》")
        #expect(blocks[2].text == "第二段从这里开始，讨论多边机制的作用。")
    }

    @Test func testFootnoteContinuedOnNextPageJoinsItsFootnote() {
        let text = """
        第一段的内容在这里展开，并且一直延续到页面底部的最后一行文字|
        |
        \(separator)|
        3 这是一个很长的脚注，它在本页没有写完，剩下的部分出现在下一页的|
         还在继续，直到这一段结束。 |
        |
        \(separator)|
        底部，与下一页的脚注区相连。 |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = nonFurniture(segment(text))
        #expect(blocks.map(\.kind) == [.paragraph, .footnote])
        #expect(blocks[0].text == "第一段的内容在这里展开，并且一直延续到页面底部的最后一行文字还在继续，直到这一段结束。")
        #expect(blocks[1].text == "3 这是一个很长的脚注，它在本页没有写完，剩下的部分出现在下一页的底部，与下一页的脚注区相连。")
    }

    @Test func testSentenceEndWithoutEndMarkInsideFullLineContinues() {
        // Trailing blanks mark block ends in this layout; a full line ending in 。 without one continues.
        let text = """
        各国数字鸿沟日益加深。根据国际电信联盟的统计数据，全球互联网普及率|
        |
        仍然不高，世界上仍有近一半的人口没有接触过互联网，差距明显。|
        |
        发达国家和发展中国家之间不断扩大的数字鸿沟加剧了治理分化。 |
        |
        第二段。 |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = nonFurniture(segment(text))
        #expect(blocks.count == 2)
        #expect(blocks[0].text.hasSuffix("加剧了治理分化。"))
    }

    @Test func testEnglishParagraphsSplitAtBlankLinesAndShortLines() {
        let text = """
        Policymakers in many economies have responded with new rules on
        data localisation, privacy and platform liability. These rules
        differ widely across jurisdictions.

        Trade agreements now include chapters on digital trade, and the
        number of such chapters has grown every year since 2015.
        """
        let blocks = segment(text)
        #expect(blocks.map(\.kind) == [.paragraph, .paragraph])
        #expect(blocks[0].text == "Policymakers in many economies have responded with new rules on data localisation, privacy and platform liability. These rules differ widely across jurisdictions.")
        #expect(blocks[0].lang == .en)
    }

    @Test func testEnglishParagraphContinuesAcrossPageNumberAndRunningTitle() {
        let text = """
        Global Digital Governance Report

        Restrictions on cross-border transfers have multiplied since 2010 and
        now cover personal data, financial records and health data in many

                                           3
        Global Digital Governance Report

        economies. Governments justify them by privacy and security goals.

        A second paragraph follows here.

                                           4
        Global Digital Governance Report

        The last page opens with a new paragraph.
        """
        let blocks = segment(text)
        let text0 = nonFurniture(blocks).map(\.text)
        #expect(text0 == [
            "Restrictions on cross-border transfers have multiplied since 2010 and now cover personal data, financial records and health data in many economies. Governments justify them by privacy and security goals.",
            "A second paragraph follows here.",
            "The last page opens with a new paragraph.",
        ])
        #expect(blocks.filter { $0.kind == .furniture }.map(\.text).contains("3"))
        #expect(blocks.filter { $0.kind == .furniture }.map(\.text).filter { $0 == "Global Digital Governance Report" }.count == 3)
    }

    @Test func testIndentedLineOpensParagraph() {
        let text = """
        第一段写到这里，文字占满了整整一行的宽度，没有任何句末标点符号|
        |
            第二段以缩进开始，说明这是新的段落，而不是上一段的续行。|
        """.replacingOccurrences(of: "|", with: "")
        #expect(segment(text).map(\.kind) == [.paragraph, .paragraph])
    }
}

@Suite struct LineJoiningTests {
    @Test func testChineseLinesJoinWithNothingEnglishWithOneSpace() {
        let text = """
        全球跨国并购活动锐减，2019 年全球跨国并购规模总计|
        |
        4900 亿美元，据 Risk Based Security|
        |
        统计，数据泄露事件持续增加。 |
        """.replacingOccurrences(of: "|", with: "")
        #expect(segment(text)[0].text == "全球跨国并购活动锐减，2019 年全球跨国并购规模总计4900 亿美元，据 Risk Based Security统计，数据泄露事件持续增加。")
    }

    @Test func testNumberWrappedInsideChineseTextJoinsWithoutSpace() {
        let text = """
        截至二〇一八年底，各方累计投入九千余万元用于基础设施建设，其中19.
        0%来自专项资金，余下部分来自地方财政和社会资本，相关第1
        2项措施已经全部完成，项目总额达到人民币约为一千二百亿元，共1,
        234个项目。
        """
        #expect(segment(text)[0].text == "截至二〇一八年底，各方累计投入九千余万元用于基础设施建设，其中19.0%来自专项资金，余下部分来自地方财政和社会资本，相关第12项措施已经全部完成，项目总额达到人民币约为一千二百亿元，共1,234个项目。")
    }

    @Test func testEnglishSentenceEndingInANumberKeepsItsSpace() {
        let text = """
        The agreement on digital trade entered into force for all of its parties in 2019.
        5 countries have joined it since then, and the total trade among them grew by 3.
        5 per cent a year over the period covered by this review of the agreement.
        """
        #expect(segment(text)[0].text == "The agreement on digital trade entered into force for all of its parties in 2019. 5 countries have joined it since then, and the total trade among them grew by 3. 5 per cent a year over the period covered by this review of the agreement.")
    }

    @Test func testEnglishHyphenationRepairedButRealHyphensKept() {
        let text = """
        The digital economy has become a major driver of interna-
        tional trade. Cross-border data flows and e-
        commerce platforms reshape global value chains across the world, and cross-
        border rules remain fragmented, with many non-
        tariff barriers still in place.
        """
        #expect(segment(text)[0].text == "The digital economy has become a major driver of international trade. Cross-border data flows and e-commerce platforms reshape global value chains across the world, and cross-border rules remain fragmented, with many non-tariff barriers still in place.")
    }

    @Test func testHyphenationFollowsOtherOccurrencesInTheDocument() {
        let text = """
        The policy-maker consulted a large data-
        base of rules, and every policy-
        maker agreed that the database was useful for the whole region.
        """
        #expect(segment(text)[0].text == "The policy-maker consulted a large database of rules, and every policy-maker agreed that the database was useful for the whole region.")
    }
}

@Suite struct FootnoteMarkerTests {
    let notes = """
    \(separator)
    1 世界贸易组织，《2020 年世界贸易统计评论》 
    2 联合国贸发会议，《2020 年全球投资趋势监测报告》 
    3 数据来源：联合国贸发会议 
    """

    @Test func testGluedFootnoteMarkersAreRemovedAndRecorded() {
        let text = """
        2019 年，全球商品贸易出口额为 18.9 万亿美元，相对 2018 年下降了 2.8%；1
         服务贸易出口额为 6.1 万亿美元，商品、服务等传统要素的全球流动总量2
         占全球 GDP 的比重下降，设定了最低标准3，要求逐步落实。 

        \(notes)
        """
        let blocks = segment(text)
        #expect(blocks[0].text == "2019 年，全球商品贸易出口额为 18.9 万亿美元，相对 2018 年下降了 2.8%；服务贸易出口额为 6.1 万亿美元，商品、服务等传统要素的全球流动总量占全球 GDP 的比重下降，设定了最低标准，要求逐步落实。")
        #expect(blocks[0].footnoteRefs == [1, 2, 3])
        #expect(blocks.filter { $0.kind == .footnote }.map(\.footnoteNumber) == [1, 2, 3])
    }

    @Test func testYearAndAmountAtLineEndAreNotStripped() {
        let text = """
        国家间数字鸿沟日益加深。根据国际电信联盟公布的统计数据，2019|

        年，发达国家互联网普及率高达 86.6%，英国、日本等国家共计 2|

        个主要区域的普及率超过九成，全球范围内另有覆盖计划约 1|

        项正在推进之中，覆盖人口将在未来几年持续增加。 |

        \(notes)
        """.replacingOccurrences(of: "|", with: "")
        let blocks = segment(text)
        #expect(blocks[0].text == "国家间数字鸿沟日益加深。根据国际电信联盟公布的统计数据，2019年，发达国家互联网普及率高达 86.6%，英国、日本等国家共计 2个主要区域的普及率超过九成，全球范围内另有覆盖计划约 1项正在推进之中，覆盖人口将在未来几年持续增加。")
        #expect(blocks[0].footnoteRefs.isEmpty)
    }

    @Test func testMarkerOnItsOwnLineIsNotAPageNumber() {
        let text = """
        习近平总书记强调，“治理赤字”是摆在全人类面前的严峻挑战。
        1
         随着全球化深入发展，世界政治经济形势出现剧烈变化。 

        \(notes)
        """
        let blocks = segment(text)
        #expect(blocks.filter { $0.kind == .furniture }.isEmpty)
        #expect(blocks[0].text == "习近平总书记强调，“治理赤字”是摆在全人类面前的严峻挑战。随着全球化深入发展，世界政治经济形势出现剧烈变化。")
        #expect(blocks[0].footnoteRefs == [1])
    }

    @Test func testEnglishSuperscriptMarkerAfterYear() {
        let text = """
        The World Trade Organization launched plurilateral talks in 2019.4
         These talks remain open. 

        \(separator)
        4 WTO, Joint Statement on Electronic Commerce, WT/L/1056. 
        """
        let blocks = segment(text)
        #expect(blocks[0].text == "The World Trade Organization launched plurilateral talks in 2019. These talks remain open.")
        #expect(blocks[1].kind == .footnote && blocks[1].lang == .en)
    }
}

@Suite struct FooterInFootnoteZoneTests {
    /// Six double-spaced pages written by `policygraph bench-corpus` from our own Corpus/:
    /// each page bottom has footnotes, then a footer `第 N 页 <spaces> 软件服务政策观察（…）`
    /// that the footnote zone used to take in as the last footnote's continuation.
    @Test func testPageFooterBelowFootnotesIsFurnitureNotPartOfTheFootnote() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Segment/footers-below-footnotes.txt")
        let blocks = segment(try String(contentsOf: url, encoding: .utf8))
        let footnotes = blocks.filter { $0.kind == .footnote }
        #expect(footnotes.count >= 6)
        #expect(footnotes.allSatisfy { !$0.text.contains("政策观察") })
        #expect(blocks.filter { $0.kind == .furniture && $0.text.contains("政策观察") }.count == 6)
    }

    @Test func testFootnoteRepeatedWordForWordStaysAFootnote() {
        let note = "1 资料来源：世界贸易组织数据库与联合国贸发会议统计"
        let body = "各方应进一步加强数字贸易领域的政策协调，推动形成开放、公平、非歧视的发展环境。1"
        let text = (1...3).map { _ in "\(body)\n\n\(separator)\n\(note)\n\n\n" }.joined()
        let footnotes = segment(text).filter { $0.kind == .footnote }
        #expect(footnotes.count == 3)
        #expect(footnotes.allSatisfy { $0.text.contains("资料来源") })
    }
}

@Suite struct HeadingCaptionTableTests {
    func kinds(_ lines: [String]) -> [(BlockKind, String)] {
        let text = lines.map { $0 + " \n\n正文的第一句话写在这里，并以句号结束。 \n" }.joined(separator: "\n")
        return segment(text).filter { $0.kind != .paragraph }.map { ($0.kind, $0.text) }
    }

    @Test func testHeadingPatternsAreRecognised() {
        let headings = ["第一章：数字全球化及全球治理新挑战", "（一）数字化驱动的新一轮全球化", "三、主要结论", "1. Introduction",
                        "3.1. Scope of the review", "2.1 数据跨境流动", "摘 要", "Abstract", "前  言", "Chapter 4 Data flows"]
        let found = kinds(headings)
        #expect(found.map(\.0) == Array(repeating: .heading, count: headings.count))
        #expect(found.map(\.1) == headings)
    }

    @Test func testNumberedProseIsNotAHeading() {
        let text = """
        根据 G20 研究小组的评估，各国对数字经济做出了|

        28 项集体性、具有政治约束力的核心承诺，履约率较高。 |
        """.replacingOccurrences(of: "|", with: "")
        #expect(segment(text).map(\.kind) == [.paragraph])
    }

    @Test func testCaptionsAreRecognised() {
        let captions = ["图 1：全球三类贸易形态的流动变化情况", "数据来源：UNCTAD,IMF,课题组统计", "Figure 3: Data flows by region",
                        "Source: Authors' compilation.", "来源：课题组整理"]
        let found = kinds(captions)
        #expect(found.map(\.0) == Array(repeating: .caption, count: captions.count))
    }

    @Test func testTableLinesBecomeOneTableBlock() {
        let text = """
        表 1：G20 框架下的数字经济议题进展 

        时间 主办国 主要行动 

        2016 中国 

        首提数字经济议题，设立数字经济任务组； 

        2017 德国 
        首次设立数字化部长会议 

        2018 阿根廷 
        重点聚焦数字政府、数字性别鸿沟、基础设施部署和数字|

        经济衡量指标。 

        来源：课题组整理 

        正文在表格之后继续展开，讨论复合机制的作用。 
        """.replacingOccurrences(of: "|", with: "")
        let blocks = segment(text)
        #expect(blocks.map(\.kind) == [.caption, .table, .caption, .paragraph])
        #expect(blocks[1].text == "时间 主办国 主要行动\n2016 中国 首提数字经济议题，设立数字经济任务组；\n2017 德国 首次设立数字化部长会议\n2018 阿根廷 重点聚焦数字政府、数字性别鸿沟、基础设施部署和数字经济衡量指标。")
    }
}

@Suite struct LanguageTaggerTests {
    let tagger = LanguageTagger()

    @Test func testAcronymsAndNamesInsideChineseStayChinese() {
        #expect(tagger.language(of: "世界贸易组织（WTO）与 Synergy Research Group 发布了 5G 报告。") == .zh)
    }

    @Test func testEnglishTextIsEnglishEvenWithAChineseName() {
        #expect(tagger.language(of: "The plan, known as 十四五, sets targets for the digital economy until 2025.") == .en)
    }

    @Test func testWholeSentencesInBothLanguagesAreMixed() {
        #expect(tagger.language(of: "本报告分析了全球数字治理的主要议题和多边机制。The report analyses the main issues of global digital governance.") == .mixed)
    }

    @Test func testURLOnlyFootnoteIsEnglish() {
        #expect(tagger.language(of: "17 https://www.g20-insights.org/policy_briefs/g20-performance/") == .en)
    }
}

@Suite struct MarkupSegmentationTests {
    @Test func testMarkupBlocksKeepTheirBoundariesAndKinds() {
        let doc = SourceDocument(path: "a.html", format: .html, encoding: .utf8, text: "",
                                 markupBlocks: [MarkupBlock(kind: .heading, text: "  Digital   trade "),
                                                MarkupBlock(kind: .paragraph, text: "数字贸易\n规则正在形成。"),
                                                MarkupBlock(kind: .paragraph, text: "Rules are\n  emerging.")],
                                 byteCount: 0)
        let blocks = Segmenter().segment(doc)
        #expect(blocks.map(\.kind) == [.heading, .paragraph, .paragraph])
        #expect(blocks.map(\.text) == ["Digital trade", "数字贸易规则正在形成。", "Rules are emerging."])
        #expect(blocks.map(\.lang) == [.en, .zh, .en])
    }

    @Test func testMarkupParagraphHintsAreCorrectedBySafePatterns() {
        let doc = SourceDocument(path: "a.html", format: .html, encoding: .utf8, text: "",
                                 markupBlocks: [MarkupBlock(kind: .paragraph, text: "一、总体要求"),
                                                MarkupBlock(kind: .paragraph, text: "坚持新发展理念，推进贸易高质量发展。"),
                                                MarkupBlock(kind: .paragraph, text: "数据来源：课题组整理")],
                                 byteCount: 0)
        #expect(Segmenter().segment(doc).map(\.kind) == [.heading, .paragraph, .caption])
    }

    @Test func testConsecutiveTableRowsBecomeOneTable() {
        let doc = SourceDocument(path: "a.html", format: .html, encoding: .utf8, text: "",
                                 markupBlocks: [MarkupBlock(kind: .paragraph, text: "Agreements:"),
                                                MarkupBlock(kind: .table, text: "CPTPP\t2018"),
                                                MarkupBlock(kind: .table, text: "RCEP\t2020"),
                                                MarkupBlock(kind: .paragraph, text: "Both are in force.")],
                                 byteCount: 0)
        let blocks = Segmenter().segment(doc)
        #expect(blocks.map(\.kind) == [.paragraph, .table, .paragraph])
        #expect(blocks[1].text == "CPTPP 2018\nRCEP 2020")
        #expect(blocks[1].firstLine == 2 && blocks[1].lastLine == 3)
    }
}

@Suite struct LayoutVariantTests {
    @Test func testFootnotesWithoutSeparatorAreFoundThroughTheirMarkers() {
        let text = """
        Restrictions on cross-border transfers have multiplied since 2010, and
        many governments now require local storage of personal data.1 The costs
        fall hardest on small firms in developing economies.2
        1 OECD (2019), Trade and Cross-Border Data Flows.
        2 World Bank (2021), World Development Report.

        A second paragraph follows the notes.
        """
        let blocks = segment(text)
        #expect(blocks.map(\.kind) == [.paragraph, .footnote, .footnote, .paragraph])
        #expect(blocks[0].footnoteRefs == [1, 2])
        #expect(blocks[0].text.hasSuffix("personal data. The costs fall hardest on small firms in developing economies."))
        #expect(blocks[1].footnoteNumber == 1)
    }

    @Test func testRunOfShortFigureLinesWithoutCaptionIsATable() {
        let text = """
        The table below lists the agreements reviewed in this chapter.

        CPTPP 2018
        USMCA 2020
        RCEP 2020
        DEPA 2020

        Each agreement is discussed in turn.
        """
        let blocks = segment(text)
        #expect(blocks.map(\.kind) == [.paragraph, .table, .paragraph])
        #expect(blocks[1].text.contains("CPTPP 2018"))
    }

    @Test func testEnglishDoubleSpacedExtractWithTrailingBlanksEverywhere() {
        // Every wrapped line ends in a blank here, so trailing blanks say nothing; the reflow
        // test and sentence ends decide.
        let text = """
        Trade agreements now include chapters on digital trade, covering data |

        localisation, source code and the treatment of digital products. |

        This report covers 42 economies and the period from 2015 to 2020, and it |

        draws on official texts and on interviews with negotiators. |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = segment(text)
        #expect(blocks.map(\.text) == [
            "Trade agreements now include chapters on digital trade, covering data localisation, source code and the treatment of digital products.",
            "This report covers 42 economies and the period from 2015 to 2020, and it draws on official texts and on interviews with negotiators.",
        ])
    }
}

@Suite struct UnwrappedTextTests {
    @Test func testOneLinePerParagraphTextKeepsEveryLineBreak() {
        let text = """
        国务院关于推进贸易高质量发展的指导意见
        一、总体要求
        以习近平新时代中国特色社会主义思想为指导，坚持新发展理念，坚持推进高质量发展，加快培育贸易竞争新优势，推进贸易高质量发展，为推动经济高质量发展、建设现代化经济体系作出更大贡献。
        到2022年，贸易结构更加优化，贸易效益显著提升，贸易实力进一步增强，建立贸易高质量发展的指标、政策、统计、绩效评价体系。
        二、加快创新驱动，培育贸易竞争新优势
        夯实贸易发展的产业基础。发挥市场机制作用，促进贸易与产业互动，推进产业国际化进程。
        增强贸易创新能力。构建开放、协同、高效的共性技术研发平台，强化制造业创新对贸易的支撑作用。
        提升产品质量。加强质量管理，积极采用先进技术和标准，提高产品质量。
        加快品牌培育。大力培育行业性、区域性品牌。
        """
        let blocks = segment(text)
        #expect(blocks.map(\.kind) == [.heading, .heading, .paragraph, .paragraph, .heading, .paragraph, .paragraph, .paragraph, .paragraph])
    }

    @Test func testChineseParagraphThenEnglishTranslationSplit() {
        let text = """
        本报告分析了全球数字治理的主要议题和三类治理机制的作用，并提出了相应的政策建议。
        This report analyses the main issues of global digital governance and the role of three
        kinds of governance mechanisms, and it makes policy recommendations.
        """
        let blocks = segment(text)
        #expect(blocks.map(\.lang) == [.zh, .en])
    }

    @Test func testMarkdownHeadingLosesItsHashes() {
        let blocks = segment("# Digital trade rules\n\nThe rules are emerging.\n", path: "a.md")
        #expect(blocks.map(\.kind) == [.heading, .paragraph])
        #expect(blocks[0].text == "Digital trade rules")
    }
}

@Suite struct MarkerStyleTests {
    @Test func testSuperscriptAndBracketedMarkersAreRemoved() {
        let text = """
        Data localisation rules have spread quickly² and now cover health data[3], as the
        survey shows.

        \(separator)
        2 OECD (2019), Trade and Cross-Border Data Flows.
        3 World Bank (2021), World Development Report.
        """
        let blocks = segment(text)
        #expect(blocks[0].text == "Data localisation rules have spread quickly and now cover health data, as the survey shows.")
        #expect(blocks[0].footnoteRefs == [2, 3])
    }

    @Test func testFootnoteNumberingRestartingPerChapter() {
        let text = """
        第一章的正文在这里，引用了一份报告。1 

        \(separator)
        1 第一章的脚注。 
        第二章 新的开始 

        第二章的正文在这里，也引用了一份报告。1 

        \(separator)
        1 第二章的脚注。 
        """
        let blocks = nonFurniture(segment(text))
        #expect(blocks.map(\.kind) == [.paragraph, .footnote, .heading, .paragraph, .footnote])
        #expect(blocks[3].text == "第二章的正文在这里，也引用了一份报告。")
        #expect(blocks[3].footnoteRefs == [1])
    }
}
