import Foundation
import Testing
@testable import PolicyGraph

/// Rules that carry the segmenter past its development texts: titles, running footers with
/// spaced page numbers, footnote continuations, markers between Han characters, signature
/// blocks, Markdown and XML metadata. Every text here is written for the test.
@Suite struct TitleAndShortLineTests {
    @Test func testShortTitleLineInDoubleSpacedTextEndsItsBlock() {
        let text = """
        WORKING PAPER 7 – Services Trade Outlook

        2. Where the growth comes from |

        Cross-border trade in services grew faster than trade in goods over the last

        decade, driven by business services and by digitally delivered professional

        work that firms buy from abroad. |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = nonFurniture(segment(text))
        #expect(blocks.map(\.kind) == [.heading, .heading, .paragraph])
        #expect(blocks[0].text == "WORKING PAPER 7 – Services Trade Outlook")
        #expect(blocks[1].text == "2. Where the growth comes from")
        #expect(blocks[2].text.hasPrefix("Cross-border trade in services grew"))
    }

    @Test func testChineseTitleAndNumberedHeadingStaySeparate() {
        let text = """
        服务贸易监测简报（2023 年第 4 期）

        二、主要伙伴的政策变化 |

        本季度，主要贸易伙伴在服务市场准入、数据跨境传输和专业资格互认等方面继续调

        整政策，其中数字服务税和数据本地化要求的变化最受企业关注，相关部门应当及

        时跟踪评估。 |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = nonFurniture(segment(text))
        #expect(blocks.map(\.kind) == [.heading, .heading, .paragraph])
        #expect(blocks[0].text == "服务贸易监测简报（2023 年第 4 期）")
        #expect(blocks[1].text == "二、主要伙伴的政策变化")
    }

    @Test func testParallelTitlesInTwoScriptsAreTwoHeadings() {
        let text = """
        东盟数字部长会议联合声明要点
        Key Points of the ASEAN Digital Ministers' Joint Statement

        一、会议概况
        会议于 2024 年 2 月在新加坡举行，各方同意加快数字经济框架协定谈判，并就数据治理合作交换了意见。

        1. Overview
        The meeting was held in Singapore in February 2024, and ministers agreed to speed up the framework talks.
        """
        let blocks = nonFurniture(segment(text))
        #expect(blocks.count == 6)
        #expect(blocks[0].kind == .heading && blocks[0].lang == .zh)
        #expect(blocks[1].kind == .heading && blocks[1].lang == .en)
        #expect(blocks[1].text == "Key Points of the ASEAN Digital Ministers' Joint Statement")
    }

    @Test func testWrappedChineseTitleJoinsAndSignatureLinesStayParagraphs() {
        let text = """
        国家发展改革委办公厅关于推进服务贸易
        创新发展示范区建设的通知

        发改办外资〔2023〕112号

        各有关单位：

        　　为落实服务贸易创新发展要求，进一步扩大服务业对外开放，现就示范区建设有关事项通知如下。

        　　一、各示范区应于每年 3 月底前报送上一年度建设进展，包括服务贸易进出口额、新增市场主体数量和制度创新成果。

        　　二、各地要加强部门协同，在跨境数据流动、专业资格互认和人员往来便利化等方面先行先试，及时总结可复制推广的经验。

        　　三、国家发展改革委将会同有关部门对示范区开展年度评估，评估结果作为政策支持的重要依据。

        　　联系电话：外资司　010-68500000

        国家发展改革委办公厅
        2023年11月2日

        （此件公开发布）
        """
        let blocks = nonFurniture(segment(text))
        #expect(blocks[0].kind == .heading)
        #expect(blocks[0].text == "国家发展改革委办公厅关于推进服务贸易创新发展示范区建设的通知")
        #expect(blocks[1].kind == .paragraph && blocks[1].text == "发改办外资〔2023〕112号")
        #expect(!blocks.contains { $0.kind == .table })
        let tail = blocks.suffix(3)
        #expect(tail.map(\.text) == ["国家发展改革委办公厅", "2023年11月2日", "（此件公开发布）"])
        #expect(tail.allSatisfy { $0.kind == .paragraph })
    }

    @Test func testDateAndDocumentNumberLinesAreNoHeadings() {
        #expect(HeadingDetector.isDateLine(Array("2022年7月1日".unicodeScalars)))
        #expect(HeadingDetector.isDateLine(Array("3 March 2021".unicodeScalars)))
        #expect(!HeadingDetector.isDateLine(Array("二、工作安排".unicodeScalars)))
        #expect(HeadingDetector.isDocumentNumber(Array("国办函〔2022〕15号".unicodeScalars)))
        #expect(!HeadingDetector.isDocumentNumber(Array("第15号".unicodeScalars)))
    }
}

@Suite struct RunningFooterTests {
    @Test func testFooterWithSpacedPageNumberIsCutFromTheParagraph() {
        let text = """
        Services Outlook                                               1

        Digital delivery has changed how services cross borders, because the same

        consultancy report can now be sold to clients in many markets at once,

        Services Outlook                                               2

        and small firms reach buyers that were out of range a decade ago. |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = segment(text)
        #expect(blocks.filter { $0.kind == .furniture }.map(\.text) == ["Services Outlook 1", "Services Outlook 2"])
        let body = nonFurniture(blocks)
        #expect(body.count == 1)
        #expect(body[0].text.hasSuffix("at once, and small firms reach buyers that were out of range a decade ago."))
    }

    @Test func testTwoRepeatsWithoutDifferentNumbersAreNoFooter() {
        let lines = LineClassifier().lines(of: "Key findings\n\nText one.\n\nKey findings\n\nText two.\n")
        let layout = DocumentLayout(lines: lines)
        let roles = [LineRole](repeating: .body, count: lines.count)
        #expect(FurnitureDetector().runningTitleLines(lines, roles: roles, layout: layout).isEmpty)
    }
}

@Suite struct FootnoteGeneralisationTests {
    @Test func testWrappedFootnoteLineStartingWithADateContinuesIt() {
        let text = """
        The protocol changed the rules on data transfers for every party.4 |

        \(separator)

        4 Protocol amending the agreement, signed in Tokyo; it took effect on

        15 March 2021 after ratification by both sides.

        The next section turns to services. |
        """.replacingOccurrences(of: "|", with: "")
        let notes = segment(text).filter { $0.kind == .footnote }
        #expect(notes.count == 1)
        #expect(notes.first?.text == "4 Protocol amending the agreement, signed in Tokyo; it took effect on 15 March 2021 after ratification by both sides.")
    }

    @Test func testMarkerBetweenHanCharactersIsRemovedButCountsStay() {
        let text = """
        近年来，服务外包1业务快速增长，共有3家企业进入全球前十。 |

        \(separator)

        1 服务外包指企业将非核心业务委托给外部专业机构完成。 |
        """.replacingOccurrences(of: "|", with: "")
        let blocks = nonFurniture(segment(text))
        #expect(blocks.first?.text == "近年来，服务外包业务快速增长，共有3家企业进入全球前十。")
        #expect(blocks.first?.footnoteRefs == [1])
        #expect(blocks.last?.kind == .footnote)
    }
}

@Suite struct TableEvidenceTests {
    @Test func testSingleIdeographicSpaceIsNoColumnGap() {
        #expect(!TableDetector.hasFigureCell(Array("联系电话：外资司　010-68500000".unicodeScalars)))
        #expect(TableDetector.hasFigureCell(Array("Peru  2.4 billion".unicodeScalars)))
        #expect(TableDetector.hasFigureCell(Array("RCEP 2020 15".unicodeScalars)))
        #expect(!TableDetector.hasFigureCell(Array("2023年11月2日".unicodeScalars)))
    }
}

@Suite struct MarkdownSegmentationTests {
    func markdown(_ text: String) -> [Block] {
        Segmenter().segment(SourceDocument(path: "notes.md", format: .markdown, encoding: .utf8, text: text,
                                           byteCount: text.utf8.count))
    }

    @Test func testListItemsWithContinuationLinesAreOneParagraphEach() {
        let blocks = markdown("""
        Overview
        ========

        _Draft for discussion._

        * First point runs over
          two lines with **bold** text.
        * Second point cites [the WTO](https://www.wto.org).
        10) Numbered item with `code`.

        > Remark: quoted text
        > spans two lines.
        """)
        #expect(blocks.map(\.kind) == [.heading, .paragraph, .paragraph, .paragraph, .paragraph, .paragraph])
        #expect(blocks.map(\.text) == ["Overview", "Draft for discussion.", "First point runs over two lines with bold text.",
                                       "Second point cites the WTO.", "Numbered item with code.",
                                       "Remark: quoted text spans two lines."])
    }

    @Test func testPipeTableIsOneTableBlockWithoutSeparatorRow() {
        let blocks = markdown("""
        ## Tariffs

        | Economy | Rate |
        |:--------|-----:|
        | Chile | 6% |
        | Peru | 2.4% |

        After the table.
        """)
        #expect(blocks.map(\.kind) == [.heading, .table, .paragraph])
        #expect(blocks[1].text == "Economy Rate\nChile 6%\nPeru 2.4%")
    }

    @Test func testSnakeCaseAndArithmeticKeepTheirMarks() {
        #expect(MarkdownBlockReader.strippingInline(Array("use data_flow and 2 * 3".unicodeScalars))
                == Array("use data_flow and 2 * 3".unicodeScalars))
    }
}

@Suite struct XMLMetadataTests {
    @Test func testMetadataContainerTextIsFurniture() throws {
        let xml = """
        <?xml version="1.0"?>
        <report><metadata><author>Policy Unit</author><created>2023-05-01</created></metadata>
        <title>Services Review</title><p>Services exports rose in 2022.</p></report>
        """
        let doc = try DocumentReader().decode(Data(xml.utf8), relativePath: "r.xml")
        let blocks = Segmenter().segment(doc)
        #expect(blocks.filter { $0.kind == .furniture }.map(\.text) == ["Policy Unit", "2023-05-01"])
        #expect(nonFurniture(blocks).map(\.kind) == [.heading, .paragraph])
    }

    @Test func testTEIHeadHoldingTextStaysAHeading() throws {
        let xml = "<div><head>Chapter One</head><p>Body text here.</p></div>"
        let doc = try DocumentReader().decode(Data(xml.utf8), relativePath: "t.xml")
        #expect(Segmenter().segment(doc).map(\.kind) == [.heading, .paragraph])
    }
}
