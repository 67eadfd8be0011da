import Foundation
import Testing
@testable import PolicyGraph

/// The benchmark corpus must be reproducible byte for byte and must grow the graph as it grows;
/// these tests prove both on a few small documents (no timing here: timings live in Benchmarks/).
struct BenchCorpusGeneratorTests {
    static let material: BenchSourceMaterial = {
        var m = BenchSourceMaterial()
        m.addSentences(of: "世界贸易组织于2019年启动电子商务谈判。The talks began in 2019 with 76 members. 截至2024年，参加成员已增至91个。")
        m.countries = [("新加坡", "Singapore"), ("智利", "Chile")]
        return m
    }()

    @Test func testSameSeedGivesSameBytesWhateverTheOrder() {
        let generator = BenchCorpusGenerator(material: Self.material, seed: 7)
        let plans = generator.plan(documents: 6, totalBytes: nil)
        let forward = plans.map { generator.render($0) }
        let backward = plans.reversed().map { generator.render($0) }.reversed()
        #expect(forward == Array(backward))
        let other = BenchCorpusGenerator(material: Self.material, seed: 8)
        #expect(other.render(other.plan(documents: 1, totalBytes: nil)[0]) != forward[0])
    }

    @Test func testPlanStopsAtTheTotalSizeWithSortedStableNames() {
        let generator = BenchCorpusGenerator(material: Self.material, seed: 1)
        let plans = generator.plan(documents: nil, totalBytes: 2_000_000)
        let total = plans.reduce(0) { $0 + $1.targetBytes }
        #expect(total >= 2_000_000)
        #expect(total - plans.last!.targetBytes < 2_000_000)
        #expect(plans.allSatisfy { (20_000...200_000).contains($0.targetBytes) })
        let paths = plans.map(\.relativePath)
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(generator.plan(documents: 3, totalBytes: nil).map(\.relativePath) == Array(paths.prefix(3)))
    }

    @Test func testDocumentsComeOutAtAboutTheirPlannedSize() {
        let generator = BenchCorpusGenerator(material: Self.material, seed: 3)
        for plan in generator.plan(documents: 8, totalBytes: nil) {
            let size = generator.render(plan).count
            #expect(size >= plan.targetBytes * 7 / 10, "\(plan.relativePath): \(size) bytes for \(plan.targetBytes) planned")
            #expect(size <= plan.targetBytes * 3 / 2 + 4_000, "\(plan.relativePath): \(size) bytes for \(plan.targetBytes) planned")
        }
    }

    @Test func testGB18030AndHTMLDocumentsReadBackThroughTheLibrary() throws {
        let generator = BenchCorpusGenerator(material: Self.material, seed: 1)
        let plans = generator.plan(documents: 200, totalBytes: nil)
        let gb = try #require(plans.first { $0.gb18030 })
        let html = try #require(plans.first { $0.html })
        let gbDocument = try DocumentReader().decode(Data(generator.render(gb)), relativePath: gb.relativePath)
        #expect(gbDocument.encoding == .gb18030)
        #expect(gbDocument.text.contains("政策观察"))
        let htmlDocument = try DocumentReader().decode(Data(generator.render(html)), relativePath: html.relativePath)
        #expect(htmlDocument.format == .html)
        #expect(!htmlDocument.text.contains("<p>"))
    }

    @Test func testLaterDocumentsNameOrganisationsEarlierOnesCannotReach() {
        let generator = BenchCorpusGenerator(material: Self.material, seed: 1)
        func inventedOrganisations(ofDocument index: Int) -> Set<Int> {
            var composer = DocumentComposer(plan: generator.planDocument(index), seed: 1, material: Self.material,
                                            names: SyntheticNames())
            return Set((0..<300).compactMap { _ in composer.organization().synthetic })
        }
        let early = inventedOrganisations(ofDocument: 100)
        let late = inventedOrganisations(ofDocument: 3_000)
        #expect(early.allSatisfy { $0 < 120 + 2 * 100 })
        #expect(late.contains { $0 >= 120 + 2 * 100 })
        #expect(late.subtracting(early).count > 10)
        // The same invented organisation has one Chinese name, one English name and one acronym.
        let name = SyntheticNames().organization(late.max()!)
        #expect(name.zh.unicodeScalars.count >= 4 && name.acronym.count >= 3)
    }

    @Test func testWrappedLinesStayWithinTheDocumentWidth() {
        let generator = BenchCorpusGenerator(material: Self.material, seed: 5)
        let plan = generator.plan(documents: 40, totalBytes: nil).first { !$0.html && !$0.gb18030 && $0.language == .en }!
        let text = String(decoding: generator.render(plan), as: UTF8.self)
        let widest = text.split(separator: "\n").filter { !$0.contains("  ") }.map { $0.unicodeScalars.count }.max() ?? 0
        #expect(widest <= 93)
        #expect(text.contains("-\n"))
    }
}
