import Foundation

/// One export format. Every writer renders the whole graph to bytes; `OutputFolder` puts
/// them in place atomically.
public protocol GraphWriter: Sendable {
    /// File name inside the output folder (`graph.jsonld`).
    var fileName: String { get }
    func render(_ graph: KnowledgeGraph) throws -> Data
}
