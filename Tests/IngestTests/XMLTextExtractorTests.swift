import Foundation
import Testing
@testable import PolicyGraph

@Suite struct XMLTextExtractorTests {
    @Test func testElementsHoldingTextBecomeBlocks() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <notice xmlns="urn:example:notice" id="2024-01">
              <title>关于推进数字贸易发展的通知</title>
              <section>
                <heading>一、总体要求</heading>
                <para>加快对接 <term>DEPA</term> 和 <term>CPTPP</term> 等高标准规则。</para>
                <para><![CDATA[Trade & data: US$2.5 trillion]]></para>
                <figureCaption>图 1：数字贸易规模</figureCaption>
                <footnote>1 数据来源：商务部。</footnote>
              </section>
            </notice>
            """
        let doc = try DocumentReader().decode(Data(xml.utf8), relativePath: "n.xml")
        #expect(doc.markupBlocks == [
            MarkupBlock(kind: .heading, text: "关于推进数字贸易发展的通知"),
            MarkupBlock(kind: .heading, text: "一、总体要求"),
            MarkupBlock(kind: .paragraph, text: "加快对接 DEPA 和 CPTPP 等高标准规则。"),
            MarkupBlock(kind: .paragraph, text: "Trade & data: US$2.5 trillion"),
            MarkupBlock(kind: .caption, text: "图 1：数字贸易规模"),
            MarkupBlock(kind: .footnote, text: "1 数据来源：商务部。"),
        ])
        #expect(doc.text.hasPrefix("关于推进数字贸易发展的通知\n\n一、总体要求\n\n"))
        #expect(doc.format == .xml)
    }

    @Test func testTableRowIsOneBlockWithTabSeparatedCells() throws {
        let xml = "<doc><table><caption>Table 1</caption><row><cell>CPTPP</cell><cell>2018</cell></row></table></doc>"
        let blocks = try XMLTextExtractor.blocks(fromUTF8: xml, path: "t.xml")
        #expect(blocks == [MarkupBlock(kind: .caption, text: "Table 1"), MarkupBlock(kind: .table, text: "CPTPP\t2018")])
    }

    @Test func testExternalEntityIsNotExpanded() throws {
        let folder = try TemporaryFolder()
        let secret = try folder.write("secret.txt", "TOP-SECRET-CONTENT")
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE notice [
              <!ENTITY x SYSTEM "file:///etc/passwd">
              <!ENTITY y SYSTEM "\(secret.absoluteString)">
              <!ENTITY wto "World Trade Organization">
            ]>
            <notice><para>Before &x; middle &y; after, by the &wto;.</para></notice>
            """
        let blocks = try XMLTextExtractor.blocks(fromUTF8: xml, path: "xxe.xml")
        #expect(blocks.count == 1)
        let text = blocks[0].text
        #expect(!text.contains("root:"))
        #expect(!text.contains("TOP-SECRET-CONTENT"))
        #expect(text == "Before middle after, by the World Trade Organization.")
    }

    @Test func testMalformedXMLReportsLibxml2MessageAndLine() {
        let xml = "<notice>\n<para>one</para>\n<para>two</notice>\n"
        do {
            _ = try XMLTextExtractor.blocks(fromUTF8: xml, path: "bad.xml")
            Issue.record("malformed XML was accepted")
        } catch {
            guard case .malformedMarkup(let path, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == "bad.xml")
            #expect(reason.contains("mismatch"))
            #expect(reason.contains("(line 3)"))
        }
    }

    @Test func testGB18030XMLWithEncodingDeclarationIsDecodedOnce() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<doc><p>".utf8) + TextDecoderTests.gb18030Sample
            + Array("</p></doc>".utf8)
        let doc = try DocumentReader().decode(Data(bytes), relativePath: "gb.xml")
        #expect(doc.encoding == .gb18030)
        #expect(doc.text == "数字贸易规则，世界贸易组织（WTO）")
    }

    @Test func testUTF16XMLWithBOMIsRead() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><doc><p>欧盟 GDPR</p></doc>".utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let doc = try DocumentReader().decode(Data(bytes), relativePath: "u16.xml")
        #expect(doc.text == "欧盟 GDPR")
    }

    @Test func testXMLWithoutAnyTextIsAnError() {
        #expect(throws: IngestError.self) {
            try XMLTextExtractor.blocks(fromUTF8: "<doc><meta a='1'/>  </doc>", path: "t.xml")
        }
    }
}
