import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

/// A fresh folder under the system temporary directory, removed when the test is done.
final class ScratchFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("policygraph-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Writers stream into files through `OutputSink`; what lands on disk must be what `render`
/// returns, and a writer failing halfway must leave the previous outputs as they were.
@Suite struct StreamingExportTests {
    typealias C = SmallCorpus

    /// A graph whose exports are several megabytes, so the file sinks flush many times.
    static let largeGraph: KnowledgeGraph = {
        var nodes: [KnowledgeGraph.Node] = [KnowledgeGraph.Node(id: "document/big.txt", type: .document, label: "big.txt",
                                                                mentionCount: 4000, blockCount: 2000)]
        var edges: [KnowledgeGraph.Edge] = []
        for i in 0..<2000 {
            let id = "organization/组织-\(i)"
            let mentions = (0..<2).map { k in
                KnowledgeGraph.Provenance(document: "big.txt", block: i, start: k * 10, end: k * 10 + 6, blockKind: .paragraph,
                                          surface: "组织 \(i) \"quoted\" & <tagged>", sentence: String(repeating: "句", count: 200))
            }
            nodes.append(.init(id: id, type: .organization, label: "Organisation \(i)", aliases: ["组织 \(i)", "Org \(i)"],
                               mentions: ProvenanceList(mentions)))
            edges.append(.init(source: "document/big.txt", target: id, relation: .mentions, weight: 2))
            if i > 0 {
                edges.append(.init(source: "organization/组织-\(i - 1)", target: id, relation: .coOccurs, weight: 1, directed: false))
            }
        }
        return KnowledgeGraph(nodes: nodes, edges: edges)
    }()

    @Test func testStreamedFilesEqualRenderedBytesForEveryWriter() throws {
        let folder = try ScratchFolder()
        let writers: [any GraphWriter] = [JSONLDWriter(), GraphMLWriter(flavor: .yed)]
        try OutputFolder(folder.url).write(graph: Self.largeGraph, writers: writers, report: BuildReport(input: "x"))
        for writer in writers {
            let onDisk = try Data(contentsOf: folder.url.appendingPathComponent(writer.fileName))
            #expect(onDisk.count > 2 * OutputSink.flushThreshold, "\(writer.fileName) too small to need several flushes")
            #expect(onDisk == (try writer.render(Self.largeGraph)), "\(writer.fileName) differs from render")
        }
    }

    @Test func testFileSinkFlushesInChunksAndKeepsByteOrder() throws {
        let folder = try ScratchFolder()
        let path = folder.url.appendingPathComponent("sink.bin").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        var expected: [UInt8] = []
        var sink = OutputSink(fileDescriptor: fd, path: path)
        for i in 0..<3000 {
            let piece = [UInt8](repeating: UInt8(i % 251), count: 1000 + i % 7)
            expected += piece
            try sink.write(piece)
            // Never more than one threshold (plus the last piece) waits in memory.
            #expect(sink.bytes.count < OutputSink.flushThreshold + 1007)
        }
        try sink.flush()
        close(fd)
        #expect(sink.bytesFlushed == expected.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }

    /// Writes a few megabytes (so some have reached the temporary file) and then fails.
    struct FailingMidStreamWriter: GraphWriter {
        struct Failure: Error {}
        var fileName: String { "graph.graphml" }
        func write(_ graph: KnowledgeGraph, to sink: inout OutputSink) throws {
            for _ in 0..<3 { try sink.write([UInt8](repeating: UInt8(ascii: "x"), count: OutputSink.flushThreshold)) }
            throw Failure()
        }
    }

    @Test func testWriterFailingMidStreamLeavesPreviousOutputsAndNoTemporaryFiles() throws {
        let folder = try ScratchFolder()
        let output = OutputFolder(folder.url)
        try output.write(graph: C.graph(), writers: [JSONLDWriter(), GraphMLWriter()], report: BuildReport(input: "old"))
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.url.path) {
                files[name] = try Data(contentsOf: folder.url.appendingPathComponent(name))
            }
            return files
        }
        let before = try snapshot()
        #expect(before.keys.sorted() == ["build-report.json", "graph.graphml", "graph.jsonld"])
        #expect(throws: FailingMidStreamWriter.Failure.self) {
            try output.write(graph: Self.largeGraph, writers: [JSONLDWriter(), FailingMidStreamWriter()],
                             report: BuildReport(input: "new"))
        }
        // The JSON-LD streamed in full beside the failing writer, yet nothing was replaced.
        #expect(try snapshot() == before)
    }
}
