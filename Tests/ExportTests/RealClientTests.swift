import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

/// Loads the exports of `SmallCorpus` with rdflib, pyld, networkx and igraph through
/// `python/check_exports.py`, using the Python at `POLICYGRAPH_PYTHON` (`scripts/test.sh`
/// sets it after installing `.venv`). Without it the test prints a notice and skips.
@Suite struct RealClientTests {
    typealias C = SmallCorpus

    static var python: String? { ProcessInfo.processInfo.environment["POLICYGRAPH_PYTHON"] }

    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policygraph-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func testExportsLoadInRdflibPyldNetworkxAndIgraphWithExpectedFacts() throws {
        guard let python = Self.python else {
            print("notice: POLICYGRAPH_PYTHON is not set; skipping the rdflib/pyld/networkx/igraph checks (run scripts/test.sh)")
            return
        }
        let graph = C.graph()
        let dir = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonld = dir.appendingPathComponent("graph.jsonld"), graphml = dir.appendingPathComponent("graph.graphml")
        let yed = dir.appendingPathComponent("graph-yed.graphml")
        try JSONLDWriter().render(graph).write(to: jsonld)
        try GraphMLWriter().render(graph).write(to: graphml)
        try GraphMLWriter(flavor: .yed).render(graph).write(to: yed)

        let figure = try #require(graph.nodes.first { $0.type == .figure && $0.aliases == ["18.9 万亿美元"] })
        let wto = "organization/world-trade-organization", china = "country/china"
        let rcep = "agreement/regional-comprehensive-economic-partnership"
        // Counts written out by hand from the corpus (see SmallCorpus), not taken from the graph.
        let expect: [String: Any] = [
            "node_types": ["document": 2, "organization": 1, "country": 3, "agreement": 1, "year": 3, "figure": 3],
            "edge_relations": ["mentions": 16, "co_occurs": 8, "refers_to_year": 4, "party_to": 3],
            "rdf_types": ["https://schema.org/DigitalDocument": 2, "https://schema.org/Organization": 1,
                          "https://schema.org/Country": 3, "https://schema.org/Legislation": 1,
                          "https://policygraph.dev/ns#Year": 3, "https://schema.org/QuantitativeValue": 3],
            "figure": ["id": figure.id, "iri": ExportText.iri(forNodeId: figure.id), "value": 18_900_000_000_000 as Int64,
                       "unit": "USD", "year": 2019, "year_iri": "https://policygraph.dev/id/year/2019",
                       "sentence": "2019 年，全球商品贸易出口额为 18.9 万亿美元。"],
            "organization": ["id": wto, "iri": "https://policygraph.dev/id/organization/world-trade-organization",
                             "name": "World Trade Organization", "aliases": ["WTO", "世界贸易组织"],
                             "wikidata": "http://www.wikidata.org/entity/Q7825", "mentions": 4],
            "party_to": ["source": china, "target": rcep, "source_iri": "https://policygraph.dev/id/country/china",
                         "target_iri": "https://policygraph.dev/id/agreement/regional-comprehensive-economic-partnership"],
        ]
        let args: [String: Any] = ["jsonld": jsonld.path, "graphml": graphml.path, "yed": yed.path, "expect": expect]
        let argsFile = dir.appendingPathComponent("args.json")
        try JSONSerialization.data(withJSONObject: args).write(to: argsFile)

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("python/check_exports.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, argsFile.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "check_exports.py: \(text)")
        #expect(text.contains("ok"))
    }
}
