import Foundation

/// Skeleton GraphML writer (issue #5 replaces it with libxml2's xmlTextWriter).
public struct GraphMLWriter: GraphWriter {
    public var fileName: String { "graph.graphml" }
    public init() {}

    public func render(_ graph: KnowledgeGraph) throws -> Data {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        s += "<key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n<graph edgedefault=\"directed\">\n"
        for n in graph.nodes { s += "<node id=\"\(n.id)\"/>\n" }
        s += "</graph>\n</graphml>\n"
        return Data(s.utf8)
    }
}
