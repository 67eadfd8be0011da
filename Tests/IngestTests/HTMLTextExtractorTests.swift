import Foundation
import Testing
@testable import PolicyGraph

@Suite struct HTMLTextExtractorTests {
    static let boilerplatePage = """
        <!DOCTYPE html>
        <html lang="en"><head><title>Digital trade | Example Ministry</title>
        <style>body { font-family: sans-serif } .hidden { display: none }</style>
        <script>window.analytics = "TRACKER-SCRIPT-TEXT";</script></head>
        <body>
        <header class="site-header"><a href="/">Ministry Home</a><p>SITE-HEADER-TEXT</p></header>
        <nav><ul><li><a href="/news">News</a></li><li>NAV-MENU-TEXT</li></ul></nav>
        <div id="cookie-consent" class="cookie-banner"><p>COOKIE-BANNER-TEXT We use cookies.</p><button>Accept</button></div>
        <main>
          <article>
            <h1>WTO members discuss e-commerce moratorium</h1>
            <p>The <a href="/wto">World Trade Organization</a> (<strong>WTO</strong>) met in <em>Geneva</em> in 2024.</p>
            <p>Trade rose to US$2.5&nbsp;trillion &amp; more; 中&#x6587; text.</p>
            <ul><li>RCEP entered into force in 2022.</li><li>DEPA was signed in 2020.</li></ul>
            <figure><img src="a.png" alt="IMAGE-ALT-TEXT"><figcaption>Figure 1: Cross-border data flows</figcaption></figure>
            <table><caption>Table 1: Members</caption>
              <tr><th>Agreement</th><th>Year</th></tr>
              <tr><td>CPTPP</td><td>2018</td></tr>
            </table>
            <noscript>NOSCRIPT-TEXT</noscript>
          </article>
          <aside>ASIDE-RELATED-LINKS</aside>
        </main>
        <footer><p>FOOTER-TEXT © 2024</p></footer>
        <template><p>TEMPLATE-TEXT</p></template>
        </body></html>
        """

    func blocks(_ html: String) throws -> [MarkupBlock] {
        try HTMLTextExtractor.blocks(fromUTF8: html, path: "page.html")
    }

    @Test func testBoilerplateTextIsDropped() throws {
        let doc = try DocumentReader().decode(Data(Self.boilerplatePage.utf8), relativePath: "page.html")
        for marker in ["TRACKER-SCRIPT-TEXT", "SITE-HEADER-TEXT", "Ministry Home", "NAV-MENU-TEXT", "COOKIE-BANNER-TEXT",
                       "Accept", "NOSCRIPT-TEXT", "ASIDE-RELATED-LINKS", "FOOTER-TEXT", "TEMPLATE-TEXT", "IMAGE-ALT-TEXT",
                       "font-family", "Example Ministry"] {
            #expect(!doc.text.contains(marker), "\(marker) leaked into the text")
        }
        #expect(doc.text.contains("World Trade Organization"))
    }

    @Test func testBlockElementsBecomeBlocksWithKinds() throws {
        let b = try blocks(Self.boilerplatePage)
        #expect(b == [
            MarkupBlock(kind: .heading, text: "WTO members discuss e-commerce moratorium"),
            MarkupBlock(kind: .paragraph, text: "The World Trade Organization (WTO) met in Geneva in 2024."),
            MarkupBlock(kind: .paragraph, text: "Trade rose to US$2.5 trillion & more; 中文 text."),
            MarkupBlock(kind: .paragraph, text: "RCEP entered into force in 2022."),
            MarkupBlock(kind: .paragraph, text: "DEPA was signed in 2020."),
            MarkupBlock(kind: .caption, text: "Figure 1: Cross-border data flows"),
            MarkupBlock(kind: .caption, text: "Table 1: Members"),
            MarkupBlock(kind: .table, text: "Agreement\tYear"),
            MarkupBlock(kind: .table, text: "CPTPP\t2018"),
        ])
    }

    @Test func testDocumentTextIsBlocksJoinedByBlankLines() throws {
        let doc = try DocumentReader().decode(Data("<p>One</p><p>Two</p>".utf8), relativePath: "a.html")
        #expect(doc.text == "One\n\nTwo")
        #expect(doc.markupBlocks?.count == 2)
        #expect(doc.format == .html)
    }

    @Test func testEntitiesAreDecoded() throws {
        let b = try blocks("<p>A &amp; B&nbsp;C &#x4E2D;&#25991; &lt;tag&gt; &eacute;</p>")
        #expect(b.map(\.text) == ["A & B C 中文 <tag> é"])
    }

    @Test func testInlineTagsDoNotSplitText() throws {
        let b = try blocks("<p>新加坡、<a href='#'>智利</a>和<span class='x'><b>新西兰</b></span>签署了 <strong>DEPA</strong><sup>1</sup>。</p>")
        #expect(b.map(\.text) == ["新加坡、智利和新西兰签署了 DEPA1。"])
    }

    @Test func testMainIsPreferredOverTheRestOfTheBody() throws {
        let b = try blocks("<body><div><p>Outside text</p></div><main><p>Inside main</p></main><p>After</p></body>")
        #expect(b.map(\.text) == ["Inside main"])
    }

    @Test func testArticlesAreTakenWhenThereIsNoMain() throws {
        let b = try blocks("<body><div class='promo'>Promo</div><article><header><h2>Title</h2></header><p>Body</p></article></body>")
        #expect(b == [MarkupBlock(kind: .heading, text: "Title"), MarkupBlock(kind: .paragraph, text: "Body")])
    }

    @Test func testPageWithoutLandmarksFallsBackToTheBody() throws {
        let b = try blocks("<html><body><div>Direct div text<p>Para</p>tail</div></body></html>")
        #expect(b.map(\.text) == ["Direct div text", "Para", "tail"])
    }

    @Test func testClassMarkedFurnitureIsDroppedOnPagesWithoutLandmarks() throws {
        let page = """
            <body><div id="header"><div class="logo">某某市人民政府</div></div>
            <div class="nav"><a>首页</a><a>政务公开</a></div>
            <div class="main-content"><h1>关于推进跨境电商发展的通知</h1><p>各区人民政府：现将有关事项通知如下。</p></div>
            <div class="site-footer">版权所有 © 2024</div><div id="foot">网站标识码</div></body>
            """
        let b = try blocks(page)
        #expect(b == [MarkupBlock(kind: .heading, text: "关于推进跨境电商发展的通知"),
                      MarkupBlock(kind: .paragraph, text: "各区人民政府：现将有关事项通知如下。")])
    }

    @Test func testLineBreakBetweenChineseCharactersDoesNotBecomeASpace() throws {
        let b = try blocks("<p>数字\n   贸易 rules\n apply</p>")
        #expect(b.map(\.text) == ["数字贸易 rules apply"])
    }

    @Test func testBrSplitsBlocks() throws {
        let b = try blocks("<div>第一条 总则<br>第二条 适用范围<br/></div>")
        #expect(b.map(\.text) == ["第一条 总则", "第二条 适用范围"])
    }

    @Test func testLayoutTableIsReadAsParagraphsNotOneRow() throws {
        let b = try blocks("<table><tr><td><h3>通知</h3><p>第一段。</p><p>第二段。</p></td></tr></table>")
        #expect(b == [MarkupBlock(kind: .heading, text: "通知"), MarkupBlock(kind: .paragraph, text: "第一段。"),
                      MarkupBlock(kind: .paragraph, text: "第二段。")])
    }

    @Test func testHiddenElementsAreDropped() throws {
        let b = try blocks("<p>Shown</p><p hidden>H1</p><div style='display: none'>H2</div><span aria-hidden='true'>H3</span>")
        #expect(b.map(\.text) == ["Shown"])
    }

    @Test func testTruncatedHTMLStillYieldsItsText() throws {
        let b = try blocks("<html><body><h1>RCEP</h1><p>First paragraph.</p><p>Cut off in the mid")
        #expect(b.map(\.text) == ["RCEP", "First paragraph.", "Cut off in the mid"])
    }

    @Test func testMalformedNestingIsRecovered() throws {
        let b = try blocks("<p>Bold <b>starts<p>new para</b> still</p></div></span>")
        #expect(b.map(\.text).joined(separator: "|").contains("new para"))
        #expect(b.first?.text == "Bold starts")
    }

    @Test func testPageWithNoVisibleTextIsMalformedMarkup() {
        #expect(throws: IngestError.self) {
            try HTMLTextExtractor.blocks(fromUTF8: "<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>",
                                         path: "empty.html")
        }
        do {
            _ = try HTMLTextExtractor.blocks(fromUTF8: "<script>only()</script>", path: "s.html")
            Issue.record("expected an error")
        } catch {
            guard case .malformedMarkup(let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == "s.html")
        }
    }
}
