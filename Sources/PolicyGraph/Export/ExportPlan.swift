import Foundation

/// An export cut into pieces that any thread can render on its own: fixed `head` bytes,
/// `chunkCount` chunks made by `renderChunk`, and fixed `tail` bytes. The file is head, chunk 0,
/// chunk 1, …, tail; a chunk covers a fixed number of nodes or edges, so the bytes never depend
/// on how many threads rendered them or in which order they finished.
///
/// ```swift
/// let plan = try JSONLDWriter().plan(graph)
/// var sink = OutputSink.memory()
/// try ExportScheduler.write([plan], into: [sink], threads: 2)  // or plan.write(to: &sink, threads: 2)
/// ```
struct ExportPlan: Sendable {
    var head: [UInt8]
    var chunkCount: Int
    var renderChunk: @Sendable (Int) throws -> [UInt8]
    var tail: [UInt8]

    /// Renders this export alone on `threads` workers and streams it into `sink` in order.
    func write(to sink: inout OutputSink, threads: Int) throws {
        let stream = ExportStream(plan: self, sink: sink)
        defer { sink = stream.sink }
        try ExportScheduler.run([stream], threads: threads)
    }

    /// The whole export in memory. The chunks are kept until all are rendered and then copied
    /// once into a buffer of the exact size, rather than into one grown by doubling.
    func render(threads: Int) throws -> Data {
        let chunks = ConcurrentMap.map(Array(0..<chunkCount), threads: threads) { k in Result { try renderChunk(k) } }
        var size = head.count + tail.count
        for chunk in chunks { size += (try chunk.get()).count }  // the first failed chunk's error
        var data = Data(capacity: size)
        data.append(contentsOf: head)
        for chunk in chunks { try chunk.get().withUnsafeBufferPointer { data.append($0) } }
        data.append(contentsOf: tail)
        return data
    }
}

/// A writer whose export can be cut into an `ExportPlan`, so `OutputFolder` can render every
/// export's chunks from one pool of threads.
protocol ChunkedGraphWriter: GraphWriter {
    /// Worker threads for `write(_:to:)` and `render(_:)`.
    var threads: Int { get }
    /// Does the per-graph work every chunk needs (indexes, escaped ids) and returns the plan.
    func plan(_ graph: KnowledgeGraph) throws -> ExportPlan
}

extension GraphWriter {
    /// This writer's export as a plan: its own when it has one, else one chunk holding the
    /// whole export rendered in memory (writers from outside this module, test writers).
    func exportPlan(_ graph: KnowledgeGraph) throws -> ExportPlan {
        if let chunked = self as? any ChunkedGraphWriter { return try chunked.plan(graph) }
        return ExportPlan(head: [], chunkCount: 1, renderChunk: { _ in
            var sink = OutputSink.memory()
            try self.write(graph, to: &sink)
            return sink.bytes
        }, tail: [])
    }
}

/// One export on its way into its sink: chunks arrive from any worker in any order, and are
/// written in chunk order as soon as every earlier one is written. Chunks that finish early
/// wait here; with workers taking chunks in order, that is about one chunk per other worker.
final class ExportStream: @unchecked Sendable {
    let plan: ExportPlan
    /// Called once, on the worker that wrote the tail, after the sink was flushed: the place
    /// to start syncing the file while the other exports are still rendering.
    var onFinished: (@Sendable (inout OutputSink) throws -> Void)?

    private let lock = NSLock()
    private(set) var sink: OutputSink
    private var nextChunk = 0
    private var waiting: [Int: [UInt8]] = [:]
    /// The lowest chunk that failed (to render or to be written) and its error.
    private(set) var failure: (chunk: Int, error: any Error)?
    private var headWritten = false

    init(plan: ExportPlan, sink: OutputSink) {
        self.plan = plan
        self.sink = sink
    }

    /// Whether chunk `k` is still worth rendering: not when an earlier chunk already failed.
    func wants(_ k: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return failure.map { k < $0.chunk } ?? true
    }

    /// Takes chunk `k` (or its failure) and writes every chunk that is now next in line; the
    /// head goes before chunk 0, the tail after the last chunk.
    func deliver(_ k: Int, _ rendered: Result<[UInt8], any Error>) {
        lock.lock(); defer { lock.unlock() }
        switch rendered {
        case .success(let bytes):
            guard failure == nil || k < failure!.chunk else { return }
            waiting[k] = bytes
        case .failure(let error):
            if failure == nil || k < failure!.chunk { failure = (k, error) }
            return
        }
        do {
            if !headWritten {
                try sink.write(plan.head)
                headWritten = true
            }
            while let bytes = waiting.removeValue(forKey: nextChunk) {
                try sink.write(bytes)
                nextChunk += 1
            }
            if nextChunk == plan.chunkCount { try finish() }
        } catch {
            failure = (nextChunk, error)
            waiting.removeAll()
        }
    }

    /// For a plan without chunks: head and tail only.
    func deliverEmpty() {
        lock.lock(); defer { lock.unlock() }
        do {
            try sink.write(plan.head)
            headWritten = true
            try finish()
        } catch {
            failure = (0, error)
        }
    }

    private func finish() throws {
        try sink.write(plan.tail)
        try sink.flush()
        try onFinished?(&sink)
    }
}

/// Renders the chunks of several exports from one pool of worker threads, so every core stays
/// busy until the last file is done (one thread per file would leave a core idle once the
/// smaller export is finished), and streams each export's chunks into its sink in order.
///
/// ```swift
/// let streams = plans.indices.map { ExportStream(plan: plans[$0], sink: sinks[$0]) }
/// try ExportScheduler.run(streams, threads: 2)   // throws the first export's first failure
/// ```
///
/// Workers take chunks in one fixed order, export by export, so the first export finishes
/// (and can be synced to disk) while the others are still rendering.
enum ExportScheduler {
    static func run(_ streams: [ExportStream], threads: Int) throws {
        var jobs: [(stream: Int, chunk: Int)] = []
        for (s, stream) in streams.enumerated() {
            if stream.plan.chunkCount == 0 { stream.deliverEmpty() }
            for k in 0..<stream.plan.chunkCount { jobs.append((s, k)) }
        }
        let next = ConcurrentMap.NextIndex()
        let workers = max(1, min(threads, jobs.count))
        let list = jobs
        if !jobs.isEmpty {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let j = next.take(limit: list.count) {
                    let (s, k) = list[j]
                    let stream = streams[s]
                    guard stream.wants(k) else { continue }
                    stream.deliver(k, Result { try stream.plan.renderChunk(k) })
                }
            }
        }
        // The first export's error wins, so which error is reported does not depend on scheduling.
        for stream in streams { if let failure = stream.failure { throw failure.error } }
    }
}
