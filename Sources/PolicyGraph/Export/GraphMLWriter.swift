import CLibXML2
import Foundation

/// Writes the graph as GraphML with libxml2's `xmlTextWriter`: every attribute declared by a
/// `<key>` whose id is its name (Gephi reads `d3`/`d7` as labels), `name` beside `label`
/// and `interaction` beside `relation` for Cytoscape, `edgedefault="directed"` always, every
/// value a scalar (lists joined with ` | `).
///
/// ```swift
/// let plain = try GraphMLWriter().render(graph)
/// let forYEd = try GraphMLWriter(flavor: .yed).render(graph)  // adds y:ShapeNode labels
/// ```
///
/// Edge ids are short and stable: `e` + 16 hex digits of the FNV-1a 64-bit hash of
/// `source relation target` (see `GraphMLEdgeIds`).
///
/// `co_occurs` is symmetric but written as one directed edge (smaller id → larger) with
/// `symmetric = true`: networkx refuses `directed="false"` edges in a directed graph.
public struct GraphMLWriter: ChunkedGraphWriter {
    /// `plain` is portable GraphML; `yed` adds yFiles node graphics so yEd shows names,
    /// shapes and colours without a mapping step.
    public enum Flavor: String, Sendable, CaseIterable {
        case plain, yed
    }

    public enum WriteError: Error, CustomStringConvertible {
        case libxml(step: String)
        public var description: String {
            switch self { case .libxml(let step): return "graph.graphml: libxml2 xmlTextWriter failed at \(step)" }
        }
    }

    public let flavor: Flavor
    /// Worker threads rendering chunks of nodes and edges; the file's bytes do not depend on it.
    public let threads: Int
    public var fileName: String { "graph.graphml" }
    public init(flavor: Flavor = .plain, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.flavor = flavor
        self.threads = max(1, threads)
    }

    public func write(_ graph: KnowledgeGraph, to sink: inout OutputSink) throws {
        try plan(graph).write(to: &sink, threads: threads)
    }
}

extension GraphMLWriter: CustomStringConvertible {
    /// What decides the file's bytes (the incremental store compares it between builds); the
    /// thread count does not.
    public var description: String { "GraphMLWriter(flavor: \(flavor.rawValue))" }
}
