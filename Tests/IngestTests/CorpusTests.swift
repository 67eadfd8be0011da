import Foundation
import Testing
@testable import PolicyGraph

/// The sample documents in Corpus/ are read as their kinds promise: right encoding, no
/// boilerplate, no mojibake.
@Suite struct CorpusTests {
    static let corpus = packageRoot.appendingPathComponent("Corpus")

    func read(_ relativePath: String) throws -> SourceDocument {
        try DocumentReader().read(fileAt: Self.corpus.appendingPathComponent(relativePath), relativePath: relativePath)
    }

    @Test func testEveryCorpusDocumentIsReadWithTheExpectedEncoding() throws {
        let scan = try FolderScanner().scan(Self.corpus)
        #expect(scan.documents.count >= 6)
        #expect(scan.skipped.isEmpty)
        var encodings: [String: TextEncoding] = [:]
        for entry in scan.documents {
            let doc = try DocumentReader().read(fileAt: entry.url, relativePath: entry.relativePath)
            encodings[entry.relativePath] = doc.encoding
            #expect(!doc.text.contains("\r"))
            #expect(!doc.text.unicodeScalars.contains("\u{FFFD}"), "replacement character in \(entry.relativePath)")
            if ProcessInfo.processInfo.environment["POLICYGRAPH_DUMP_CORPUS"] != nil {
                print("=== \(entry.relativePath) [\(doc.encoding.rawValue)]")
                for b in doc.markupBlocks ?? [] { print("  \(b.kind.rawValue): \(b.text)") }
            }
        }
        #expect(encodings["gov/mofcom-cbec-statistics-notice.gb18030.txt"] == .gb18030)
        #expect(encodings["apec-paperless-trade-workshop.utf16.txt"] == .utf16LE)
        #expect(encodings["zh-digital-trade-rules-2024.txt"] == .utf8)
    }

    @Test func testGB18030NoticeHasNoMojibake() throws {
        let doc = try read("gov/mofcom-cbec-statistics-notice.gb18030.txt")
        #expect(doc.text.hasPrefix("商务部办公厅关于做好跨境电子商务综合试验区\n"))
        #expect(doc.text.contains("《数字经济伙伴关系协定》（DEPA）"))
        #expect(doc.text.contains("2.38 万亿元"))
    }

    @Test func testHTMLPageKeepsTheArticleAndDropsTheBoilerplate() throws {
        let doc = try read("web/wto-ecommerce-moratorium-news.html")
        let blocks = try #require(doc.markupBlocks)
        #expect(blocks.first == MarkupBlock(kind: .heading, text: "Members weigh the future of the e-commerce moratorium"))
        for boilerplate in ["Skip to content", "Search the site", "About us", "Data & statistics", "We use cookies", "Accept all",
                            "All rights reserved", "Related stories", "Print this article", "gtag", "font-family", "NewsArticle", "Home"] {
            #expect(!doc.text.contains(boilerplate), "\(boilerplate) leaked into the article text")
        }
        #expect(doc.text.contains("31 March 2026"))
        #expect(doc.text.contains("《数字经济伙伴关系协定》（DEPA）"))
        #expect(blocks.contains(MarkupBlock(kind: .table, text: "DEPA\t2020\t4")))
        #expect(blocks.contains { $0.kind == .caption && $0.text.hasPrefix("Figure 1:") })
    }
}
