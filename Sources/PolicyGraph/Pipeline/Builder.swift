import Foundation
import Logging

/// Options of one `policygraph build`.
public struct BuildOptions: Sendable {
    public var input: URL
    public var output: URL
    /// Extra lexicon files (`--lexicon`), applied after the bundled ones.
    public var lexiconFiles: [URL] = []
    /// Worker threads for reading and extracting documents.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Ignore cached state and rebuild everything.
    public var full: Bool = false
    /// When another build holds the output folder, wait for it instead of stopping.
    public var waitForLock: Bool = false
    /// GraphML dialect: portable, or with yFiles node graphics for yEd.
    public var graphMLFlavor: GraphMLWriter.Flavor = .plain
    /// Whether fragments wait in a temporary file rather than in memory, and the graph's
    /// provenance and edge records go into temporary files too (`RecordFile`); nil lets the
    /// build decide from the folder's size (`FragmentSpill.isWorthwhile`). The outputs are the same.
    public var spillFragments: Bool?

    public init(input: URL, output: URL) {
        self.input = input
        self.output = output
    }
}

/// Runs a whole build: scan the folder, read and process every document on all cores,
/// resolve entities across documents, assemble the graph and write the exports.
///
/// ```swift
/// let report = try Builder(options: options).run()
/// print(report.documentsRead.count, report.failed)
/// ```
public struct Builder: Sendable {
    public let options: BuildOptions
    public var logger = Logger(label: "policygraph.build")

    public init(options: BuildOptions) { self.options = options }

    /// Runs the build. `progress` is called from worker threads after each document (and once
    /// before the first). Documents that cannot be read are logged and listed in the report's
    /// `failed`; the rest still make the graph. Throws only when the build as a whole cannot
    /// go on (missing input folder, outputs that cannot be written).
    public func run(progress: (@Sendable (BuildProgress) -> Void)? = nil) throws -> BuildReport {
        let started = Date()
        var clock = StageClock(logger: logger)
        var report = BuildReport(input: options.input.path)
        var lexicon = try Lexicon.bundled()
        for file in options.lexiconFiles { lexicon = lexicon.merging(try Lexicon(contentsOf: file)) }

        let scan = try FolderScanner().scan(options.input)
        report.skipped = scan.skipped.map { .init(path: $0.path, reason: $0.reason) }
        for folder in scan.unreadable {
            logger.error("\(folder.path): \(folder.reason)")
            report.failed.append(.init(path: folder.path, reason: folder.reason))
        }
        let inputBytes = scan.documents.reduce(0) { $0 + $1.size }
        let counter = BuildProgressCounter(documentsTotal: scan.documents.count, bytesTotal: inputBytes, started: Date())
        progress?(counter.snapshot())
        clock.lap("scan")

        // Incremental state (Store/): takes the output folder's lock, reuses cached fragments of
        // unchanged documents, records new ones; a build with nothing changed stops here.
        let writers: [any GraphWriter] = [JSONLDWriter(threads: options.threads),
                                          GraphMLWriter(flavor: options.graphMLFlavor, threads: options.threads)]
        let outputNames = writers.map(\.fileName) + ["build-report.json"]
        let incremental = try IncrementalBuild(options: options, lexicon: lexicon, documents: scan.documents, logger: logger,
                                               writerSettings: writers.map { String(describing: $0) })
        defer { incremental.close() }
        if let unchanged = try incremental.reportIfNothingChanged(scan: scan, report: report, started: started,
                                                                  outputNames: outputNames, threads: options.threads) {
            return unchanged
        }
        incremental.begin()
        clock.lap("incremental state")

        let pipeline = DocumentPipeline(lexicon: lexicon)
        let reader = DocumentReader()
        // Each worker reads, decodes and processes one document at a time, so memory holds the
        // documents being worked on, never the folder's bytes. For a large folder each fragment
        // then goes to the spill, and the stages below read the fragments back one at a time;
        // a smaller one keeps them in memory until the graph has taken what it needs from each.
        let spill = try (options.spillFragments ?? FragmentSpill.isWorthwhile(inputBytes: inputBytes))
            ? FragmentSpill(in: incremental.stateFolder, slots: scan.documents.count) : nil
        let documents = scan.documents
        let results = ConcurrentMap.map(Array(documents.indices), threads: options.threads) { slot -> Result<StoredDocumentFacts, IngestError> in
            let entry = documents[slot]
            let result = incremental.encodedFragment(for: entry) { bytes throws(IngestError) in
                pipeline.process(try reader.decode(bytes, relativePath: entry.relativePath))
            }
            if let progress { progress(counter.documentFinished(bytes: entry.size)) }
            return result.map { encoded in
                let f = encoded.fragment
                guard let spill else {
                    return StoredDocumentFacts(slot: slot, path: f.path, byteCount: f.byteCount, aliasDefinitions: f.aliasDefinitions,
                                               fragment: f)
                }
                // The state's encoding, made once per document (nil when it failed, which a second
                // attempt would repeat).
                if let blob = encoded.blob {
                    spill.store(blob, slot: slot)
                } else {
                    spill.noteFailure("\(f.path): the fragment cannot be encoded for the build")
                }
                return StoredDocumentFacts(slot: slot, path: f.path, byteCount: f.byteCount, aliasDefinitions: f.aliasDefinitions)
            }
        }
        var stored: [StoredDocumentFacts] = []
        stored.reserveCapacity(results.count)
        for r in results {
            switch r {
            case .success(let f):
                stored.append(f)
                report.documentsRead.append(f.path)
                report.bytes += f.byteCount
            case .failure(let e):
                logger.error("\(e.description)")
                report.failed.append(.init(path: e.path, reason: e.description))
            }
        }
        if let error = spill?.error { throw error }
        incremental.account(&report, documents: scan.documents)
        // The workers' documents are freed; their pages go back before the stages below.
        MemoryTrim.release()
        clock.lap("documents")

        // Fragments and resolution live in this scope only: they are not needed once the graph
        // is built, and the exports that follow are the build's peak of memory (a variable's
        // lifetime is not cut short across the exporters' calls).
        let graph: KnowledgeGraph
        do {
            // Names one document defined are found in the others before resolving.
            let resolver = Resolver(lexicon: lexicon)
            let learned: FragmentSource
            var slots: [Int] = [], paths: [String] = []
            if let spill {
                slots = stored.map(\.slot)
                paths = stored.map(\.path)
                // Each distinct definition once (documents repeat them) before the stages that read them.
                let definitions = AliasDefinitionTable(stored.lazy.map(\.aliasDefinitions))
                stored = []
                // Names are learned from the fragments as extracted; resolution's read then finds
                // them in each fragment and writes the mentions they add beside it, so the graph
                // reads them settled.
                let additions = resolver.learnedNameAdditions(
                    in: spill.source(of: slots, paths: paths, definitions: definitions), threads: options.threads)
                learned = spill.source(of: slots, paths: paths, definitions: definitions, additions: additions)
            } else {
                var fragments = stored.compactMap(\.fragment)
                stored = []
                resolver.applyLearnedNames(to: &fragments, threads: options.threads)
                learned = FragmentSource(releasing: fragments)
            }
            clock.lap("learned names")
            let resolution = resolver.resolve(learned, threads: options.threads)
            clock.lap("resolve")
            // The graph reads neither the alias definitions nor the learned names' matcher (every
            // fragment has its learned names by now): both go before the graph's peak.
            let settled = spill?.settledSource(of: slots, paths: paths) ?? learned.droppingAliasDefinitions()
            _ = consume learned
            slots = []
            paths = []
            // The graph lets each fragment go as soon as it has what it needs from it, and the
            // resolution's key tables once every mention has found its entity.
            // A spilled build is a large one: its provenance goes to a file beside the spill.
            graph = GraphBuilder(recordFolder: spill == nil ? nil : incremental.stateFolder, logger: logger).build(settled, resolution: consume resolution,
                                         threads: options.threads)
        }
        // Fragments and resolution are freed: the exports start from what the graph holds.
        MemoryTrim.release()
        clock.lap("graph")
        if let error = spill?.error { throw error }
        report.nodes = graph.nodes.count
        report.edges = graph.edges.count
        report.seconds = Date().timeIntervalSince(started)
        try OutputFolder(options.output).write(graph: graph, writers: writers, report: report, threads: options.threads)
        clock.lap("exports")
        GraphDisposal.release(consume graph)
        incremental.finish(report: report, outputNames: outputNames, documents: scan.documents)
        return report
    }
}

/// What the build keeps of each document: its fragment, or where the spill holds it.
private struct StoredDocumentFacts: Sendable {
    var slot: Int
    var path: String
    var byteCount: Int
    var aliasDefinitions: [AliasDefinition]
    /// The fragment itself, when the build keeps fragments in memory.
    var fragment: DocumentFragment?
}

/// Lets a finished build's graph go on a thread of its own.
///
/// The graph is millions of small allocations (a provenance record per mention, most with a
/// string of its own); freeing them took 1.7 s on one core at 100 MB, after the outputs were
/// already in place, and more than ten times that at 1 GB. Nothing needs to wait for it: a
/// process that exits right after the build does not need it done at all, and a library caller
/// gets the memory back a moment later. (Freeing on several threads does not help: memory goes
/// back to the allocator arena it came from, one lock each.)
enum GraphDisposal {
    private final class Box: @unchecked Sendable {
        var graph: KnowledgeGraph?
        init(_ graph: consuming KnowledgeGraph) { self.graph = graph }
    }

    static func release(_ graph: consuming KnowledgeGraph) {
        // Moved into the box, so the closure holds the only reference and the freeing happens
        // where the closure runs.
        let box = Box(graph)
        DispatchQueue.global(qos: .utility).async { box.graph = nil }
    }
}
