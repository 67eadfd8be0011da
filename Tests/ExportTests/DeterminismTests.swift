import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

@Suite struct DeterminismTests {
    typealias C = SmallCorpus

    private func exports(_ graph: KnowledgeGraph) throws -> [Data] {
        [try JSONLDWriter().render(graph), try GraphMLWriter().render(graph), try GraphMLWriter(flavor: .yed).render(graph)]
    }

    @Test func testSameFragmentsTwiceGiveByteIdenticalExports() throws {
        #expect(try exports(C.graph()) == exports(C.graph()))
    }

    @Test func testShuffledFragmentsGiveByteIdenticalExports() throws {
        let reference = try exports(C.graph([C.documentA, C.documentB]))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let shuffled = [C.documentA, C.documentB].shuffled(using: &generator)
            #expect(try exports(C.graph(shuffled)) == reference)
        }
        #expect(try exports(C.graph([C.documentB, C.documentA])) == reference)
    }

    // MARK: - Through the whole builder

    private static func writeCorpus(to dir: URL, _ files: [String: String]) throws {
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    private static let corpus: [String: String] = [
        "a.txt": "2019 年，全球商品贸易出口额为 18.9 万亿美元。\n\n世界贸易组织（WTO）发布了报告。\n",
        "b/c.txt": "中国、日本和韩国于 2020 年正式签署了 RCEP。\n\n2018 年，增长率为 40%。\n",
        "b/d.md": "# Trade\n\nIn 2020, exports reached 25.6 trillion USD. China joined the RCEP.\n",
        "e.txt": "Members of the WTO met in 2021. Exports grew 3.5% in 2021.\n",
    ]

    private func build(_ input: URL, threads: Int) throws -> (jsonld: Data, graphml: Data) {
        let out = input.deletingLastPathComponent().appendingPathComponent("out-\(UUID().uuidString)")
        var options = BuildOptions(input: input, output: out)
        options.threads = threads
        options.full = true
        _ = try Builder(options: options).run()
        return (try Data(contentsOf: out.appendingPathComponent("graph.jsonld")),
                try Data(contentsOf: out.appendingPathComponent("graph.graphml")))
    }

    @Test func testOneAndTwoThreadsAndRepeatedBuildsGiveByteIdenticalFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pg-det-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try Self.writeCorpus(to: input, Self.corpus)
        let one = try build(input, threads: 1)
        let two = try build(input, threads: 2)
        let again = try build(input, threads: 2)
        #expect(one.jsonld == two.jsonld && one.graphml == two.graphml)
        #expect(two.jsonld == again.jsonld && two.graphml == again.graphml)
        #expect(String(decoding: one.graphml, as: UTF8.self).contains("document/b/c.txt"))
    }

    @Test func testEntityIRIsAreEqualAcrossBuildsOfDifferentFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pg-iri-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let small = root.appendingPathComponent("small"), large = root.appendingPathComponent("large")
        try Self.writeCorpus(to: small, ["x.txt": Self.corpus["b/d.md"]!])
        try Self.writeCorpus(to: large, Self.corpus)
        func ids(_ data: Data) throws -> Set<String> {
            let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let nodes = root?["@graph"] as? [[String: Any]] ?? []
            // Written relative to the context's @base; compared as the absolute IRIs they expand to.
            let base = (root?["@context"] as? [String: Any])?["@base"] as? String ?? ""
            return Set(nodes.filter { ($0["@type"] as? String) != "DigitalDocument" }.compactMap { ($0["@id"] as? String).map { base + $0 } })
        }
        let smallIds = try ids(build(small, threads: 1).jsonld)
        let largeIds = try ids(build(large, threads: 2).jsonld)
        // Every entity of the one-document folder is found under the same IRI in the larger
        // folder that also holds that document.
        #expect(!smallIds.isEmpty)
        #expect(smallIds.allSatisfy { $0.hasPrefix("https://policygraph.dev/id/") })
        #expect(smallIds.isSubset(of: largeIds))
    }
}

@Suite struct HashOrderTests {
    /// Lexicon names reach the matcher in `Set` order, which changes with every process's hash
    /// seed; two names differing only in case once made the exports differ run to run.
    @Test func testLowerCaseVariantOfALexiconNameMatchesWhateverTheHashOrder() {
        let lexicon = Lexicon(entries: [.init(type: .agreement, canonical: "Moratorium on Customs Duties",
                                              aliases: ["E-commerce moratorium", "e-commerce moratorium"])])
        let text = Array("Ministers extended the e-commerce moratorium again.".unicodeScalars)
        let found = LexiconMatcher(lexicon: lexicon).matches(in: text).filter { $0.entryIndex == 0 }
        #expect(found.count == 1)
        #expect(found.first.map { String(String.UnicodeScalarView(text[$0.start..<$0.end])) } == "e-commerce moratorium")
    }
}
