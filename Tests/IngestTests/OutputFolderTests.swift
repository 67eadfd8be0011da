import Foundation
import Testing
@testable import PolicyGraph

@Suite struct OutputFolderTests {
    struct FixedWriter: GraphWriter {
        var fileName: String
        var content: String
        func write(_ graph: KnowledgeGraph, to sink: inout OutputSink) throws { try sink.write(content) }
    }

    struct FailingWriter: GraphWriter {
        struct Failure: Error {}
        var fileName: String { "graph.graphml" }
        func write(_ graph: KnowledgeGraph, to sink: inout OutputSink) throws { throw Failure() }
    }

    let graph = KnowledgeGraph(nodes: [], edges: [])

    func contents(of folder: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    func writeOldOutputs(_ output: OutputFolder) throws -> [String: String] {
        try output.write(graph: graph, writers: [FixedWriter(fileName: "graph.jsonld", content: "OLD-JSONLD"),
                                                 FixedWriter(fileName: "graph.graphml", content: "OLD-GRAPHML")],
                         report: BuildReport(input: "old"))
        return try contents(of: output.url)
    }

    @Test func testWriterThrowingMidwayLeavesOldOutputsUntouched() throws {
        let folder = try TemporaryFolder()
        let output = OutputFolder(folder.url.appendingPathComponent("out"))
        let before = try writeOldOutputs(output)
        #expect(before.keys.sorted() == ["build-report.json", "graph.graphml", "graph.jsonld"])

        #expect(throws: FailingWriter.Failure.self) {
            try output.write(graph: graph, writers: [FixedWriter(fileName: "graph.jsonld", content: "NEW"), FailingWriter()],
                             report: BuildReport(input: "new"))
        }
        #expect(try contents(of: output.url) == before)
    }

    @Test func testFailedTemporaryWriteRemovesEveryTemporaryFileAndKeepsOldOutputs() throws {
        let folder = try TemporaryFolder()
        let output = OutputFolder(folder.url.appendingPathComponent("out"))
        let before = try writeOldOutputs(output)
        // A folder squatting on the report's temporary name makes that write fail after the
        // two graph files' temporaries have already been written.
        let blocker = output.temporaryPath(for: output.url.appendingPathComponent("build-report.json").path)
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        #expect(throws: OutputError.self) {
            try output.write(graph: graph, writers: [FixedWriter(fileName: "graph.jsonld", content: "NEW-JSONLD"),
                                                     FixedWriter(fileName: "graph.graphml", content: "NEW-GRAPHML")],
                             report: BuildReport(input: "new"))
        }
        try FileManager.default.removeItem(atPath: blocker)
        #expect(try contents(of: output.url) == before)
    }

    @Test func testSuccessfulWriteReplacesEveryFileAndLeavesNoTemporaries() throws {
        let folder = try TemporaryFolder()
        let output = OutputFolder(folder.url.appendingPathComponent("out"))
        _ = try writeOldOutputs(output)
        // What a build killed mid-write leaves behind; the next build clears it.
        try Data("PARTIAL".utf8).write(to: output.url.appendingPathComponent(".graph.jsonld.999999.tmp"))
        try output.write(graph: graph, writers: [FixedWriter(fileName: "graph.jsonld", content: "NEW-JSONLD"),
                                                 FixedWriter(fileName: "graph.graphml", content: "NEW-GRAPHML")],
                         report: BuildReport(input: "new"))
        let after = try contents(of: output.url)
        #expect(after.keys.sorted() == ["build-report.json", "graph.graphml", "graph.jsonld"])
        #expect(after["graph.jsonld"] == "NEW-JSONLD")
        #expect(after["build-report.json"]?.contains("\"input\" : \"new\"") == true)
    }
}
