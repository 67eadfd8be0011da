import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the build's stages one by one over a folder, timing each: how fast PolicyGraph
/// reads, decodes, segments and extracts (per document, summed over worker threads), and how
/// long the build-wide stages (resolve, graph, each export, the final write) take. It follows
/// `Builder.run` step for step but through the stages' own public entry points, so the
/// timings add up to a real build; the end-to-end figure itself comes from `policygraph build`.
///
/// ```swift
/// let result = try StageBenchmark(input: URL(fileURLWithPath: "corpus"), threads: 1).run()
/// for stage in result.stages { print(stage.name, stage.seconds) }
/// ```
public struct StageBenchmark: Sendable {
    /// One timed stage. Per-document stages report thread-seconds (the time all workers
    /// spent in them); build-wide ones report wall seconds (learned names and graph use the
    /// same worker threads as a build).
    public struct Stage: Sendable, Codable {
        public var name: String
        public var seconds: Double
        /// Corpus megabytes (10^6 bytes on disk) per second of this stage.
        public var megabytesPerSecond: Double
        public var perDocument: Bool
        /// Build-wide stages: process CPU seconds (user + system, every thread) over the
        /// stage, which other processes on a busy machine do not inflate as they do wall time.
        public var cpuSeconds: Double?
    }

    public struct Result: Sendable, Codable {
        public var input: String
        public var threads: Int
        public var documents = 0
        public var failed = 0
        public var bytes = 0
        public var blocks = 0
        public var mentions = 0
        public var nodes = 0
        public var edges = 0
        public var stages: [Stage] = []
        /// Wall time of the parallel per-document phase and of the whole run.
        public var perDocumentWallSeconds = 0.0
        public var wallSeconds = 0.0
        /// Process CPU time (user + system) over the run.
        public var cpuSeconds = 0.0
        /// Size of each rendered output file, in bytes.
        public var outputBytes: [String: Int] = [:]
    }

    public var input: URL
    public var threads: Int
    /// Where the outputs are written (a temporary folder when nil; removed afterwards).
    public var output: URL?
    public var lexiconFiles: [URL] = []

    public init(input: URL, threads: Int, output: URL? = nil) {
        self.input = input
        self.threads = threads
        self.output = output
    }

    /// Thread-seconds per per-document stage, summed under a lock after each document.
    private final class StageClock: @unchecked Sendable {
        var read = 0.0, decode = 0.0, segment = 0.0, extract = 0.0, relate = 0.0
        let lock = NSLock()
        func add(read r: Double, decode d: Double, segment s: Double, extract e: Double, relate l: Double) {
            lock.lock(); defer { lock.unlock() }
            read += r; decode += d; segment += s; extract += e; relate += l
        }
    }

    public func run() throws -> Result {
        let cpuStart = Self.cpuSeconds()
        let started = Self.now()
        var result = Result(input: input.path, threads: threads)
        var lexicon = try Lexicon.bundled()
        for file in lexiconFiles { lexicon = lexicon.merging(try Lexicon(contentsOf: file)) }
        let lexiconSeconds = Self.now() - started

        var t = Self.now()
        let scan = try FolderScanner().scan(input)
        let scanSeconds = Self.now() - t

        let pipeline = DocumentPipeline(lexicon: lexicon)
        let reader = DocumentReader()
        let clock = StageClock()
        t = Self.now()
        let fragments = ConcurrentMap.map(scan.documents, threads: threads) { entry -> DocumentFragment? in
            let t0 = Self.now()
            guard let data = try? Data(contentsOf: entry.url) else { return nil }
            let t1 = Self.now()
            guard let document = try? reader.decode(data, relativePath: entry.relativePath) else { return nil }
            let t2 = Self.now()
            let blocks = pipeline.segmenter.segment(document)
            let t3 = Self.now()
            let (extraction, analyses) = pipeline.extractor.extractKeepingAnalyses(blocks)
            let t4 = Self.now()
            let relations = extraction.relations + RelationFinder().relations(in: blocks, mentions: extraction.mentions, analyses: analyses)
            let t5 = Self.now()
            clock.add(read: t1 - t0, decode: t2 - t1, segment: t3 - t2, extract: t4 - t3, relate: t5 - t4)
            // As DocumentPipeline.process assembles it.
            return DocumentFragment(path: document.path, format: document.format, encoding: document.encoding,
                                    byteCount: document.byteCount, blocks: blocks, mentions: extraction.mentions,
                                    aliasDefinitions: extraction.aliasDefinitions, relations: relations)
        }.compactMap { $0 }
        let perDocumentEnd = Self.now()
        result.perDocumentWallSeconds = perDocumentEnd - t
        result.documents = fragments.count
        result.failed = scan.documents.count - fragments.count
        result.bytes = fragments.reduce(0) { $0 + $1.byteCount }
        result.blocks = fragments.reduce(0) { $0 + $1.blocks.count }
        result.mentions = fragments.reduce(0) { $0 + $1.mentions.count }

        // As Builder.run: names one document defined are found in the others, then resolved.
        t = Self.now()
        let learned = Resolver(lexicon: lexicon).applyingLearnedNames(to: fragments, threads: threads)
        let learnSeconds = Self.now() - t
        t = Self.now()
        let resolution = Resolver(lexicon: lexicon).resolve(learned, threads: threads)
        let resolveSeconds = Self.now() - t

        t = Self.now()
        let graph = GraphBuilder().build(learned, resolution: resolution, threads: threads)
        let graphSeconds = Self.now() - t
        result.nodes = graph.nodes.count
        result.edges = graph.edges.count

        var exports: [(name: String, seconds: Double, cpu: Double)] = []
        var files: [(name: String, data: Data)] = []
        let flavor = BuildOptions(input: input, output: input).graphMLFlavor
        let writers: [any GraphWriter] = [JSONLDWriter(threads: threads), GraphMLWriter(flavor: flavor, threads: threads)]
        for writer in writers {
            t = Self.now()
            let cpu = Self.cpuSeconds()
            let data = try writer.render(graph)
            exports.append(("export \(writer.fileName)", Self.now() - t, Self.cpuSeconds() - cpu))
            files.append((writer.fileName, data))
            result.outputBytes[writer.fileName] = data.count
        }

        let folder = output ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("policygraph-bench-\(ProcessInfo.processInfo.processIdentifier)")
        t = Self.now()
        var cpu = Self.cpuSeconds()
        try OutputFolder(folder).writeAll(files)
        let writeSeconds = Self.now() - t, writeCPU = Self.cpuSeconds() - cpu
        // What a build does instead of the two stages above: both exports rendered from one
        // pool of workers and streamed into their files, each synced as soon as it is done.
        t = Self.now()
        cpu = Self.cpuSeconds()
        try OutputFolder(folder).write(graph: graph, writers: writers, report: BuildReport(input: input.path), threads: threads)
        let streamSeconds = Self.now() - t, streamCPU = Self.cpuSeconds() - cpu
        if output == nil { try? FileManager.default.removeItem(at: folder) }

        let mb = Double(result.bytes) / 1_000_000
        func stage(_ name: String, _ seconds: Double, perDocument: Bool, cpu: Double? = nil) -> Stage {
            Stage(name: name, seconds: seconds, megabytesPerSecond: seconds > 0 ? mb / seconds : 0, perDocument: perDocument,
                  cpuSeconds: cpu)
        }
        result.stages = [
            stage("load lexicon", lexiconSeconds, perDocument: false),
            stage("scan folder", scanSeconds, perDocument: false),
            stage("read files", clock.read, perDocument: true),
            stage("decode", clock.decode, perDocument: true),
            stage("segment", clock.segment, perDocument: true),
            stage("extract", clock.extract, perDocument: true),
            stage("relations", clock.relate, perDocument: true),
            stage("learned names", learnSeconds, perDocument: false),
            stage("resolve", resolveSeconds, perDocument: false),
            stage("graph", graphSeconds, perDocument: false),
        ] + exports.map { stage($0.name, $0.seconds, perDocument: false, cpu: $0.cpu) } + [
            stage("write outputs", writeSeconds, perDocument: false, cpu: writeCPU),
            stage("exports streamed and written as in a build", streamSeconds, perDocument: false, cpu: streamCPU),
        ]
        result.wallSeconds = Self.now() - started
        result.cpuSeconds = Self.cpuSeconds() - cpuStart
        return result
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
