import Foundation

/// One export format. A writer streams the graph into an `OutputSink` piece by piece (a node,
/// an element), so a build never holds a whole export in memory; `OutputFolder` points the
/// sink at a temporary file and moves it into place atomically.
///
/// ```swift
/// var sink = OutputSink(fileDescriptor: fd, path: "graph.jsonld")
/// try JSONLDWriter().write(graph, to: &sink)
/// let bytes = try GraphMLWriter().render(graph)   // the same bytes, in memory
/// ```
public protocol GraphWriter: Sendable {
    /// File name inside the output folder (`graph.jsonld`).
    var fileName: String { get }
    /// Writes the whole export into `sink`. What reaches the sink before an error is
    /// discarded by the caller.
    func write(_ graph: KnowledgeGraph, to sink: inout OutputSink) throws
}

extension GraphWriter {
    /// The whole export in memory: the bytes `write(_:to:)` streams.
    public func render(_ graph: KnowledgeGraph) throws -> Data {
        if let chunked = self as? any ChunkedGraphWriter { return try chunked.plan(graph).render(threads: chunked.threads) }
        var sink = OutputSink.memory()
        try write(graph, to: &sink)
        return Data(sink.bytes)
    }
}
