import Foundation

/// Skeleton JSON-LD writer (issue #5 replaces it with the full FORMATS.md contract).
public struct JSONLDWriter: GraphWriter {
    public var fileName: String { "graph.jsonld" }
    public init() {}

    public func render(_ graph: KnowledgeGraph) throws -> Data {
        let nodes: [[String: Any]] = graph.nodes.map { ["@id": "pg:\($0.id)", "name": $0.label] }
        let root: [String: Any] = [
            "@context": ["@vocab": "https://schema.org/", "pg": "https://policygraph.dev/id/"],
            "@graph": nodes,
        ]
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .prettyPrinted])
    }
}
