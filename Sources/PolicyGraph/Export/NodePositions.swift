import Foundation

/// Node positions by id, for writers resolving the ends of every edge (hundreds of thousands of
/// look-ups per export). Ids are compared by their UTF-8 bytes: edges name their nodes with the
/// builder's very same id strings, so byte equality is the right test.
///
/// ```swift
/// let positions = NodePositions(graph.nodes)
/// positions["country/china"]  // 3, or nil when no node has that id
/// ```
///
/// Ids live in a `ByteStringTable`: a `[String: Int]` compares keys as normalised Unicode
/// text, and even a dictionary keyed by the bytes hashed each id twice with SipHash (once for
/// the bytes, once for the stored hash), which made these look-ups the largest part of
/// preparing an export.
struct NodePositions: Sendable {
    private let ids: ByteStringTable
    /// The node position of each distinct id, by its number in `ids`.
    private let positions: [Int32]

    /// Should two nodes share an id, the later one (as a `[String: Int]` filled in order).
    init(_ nodes: [KnowledgeGraph.Node]) {
        var ids = ByteStringTable(capacity: nodes.count)
        var positions: [Int32] = []
        positions.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() {
            var id = node.id
            let k = id.withUTF8 { ids.insert($0) }
            if k == positions.count { positions.append(Int32(i)) } else { positions[k] = Int32(i) }
        }
        (self.ids, self.positions) = (ids, positions)
    }

    subscript(id: String) -> Int32? {
        var id = id
        return id.withUTF8 { ids.index(of: $0) }.map { positions[$0] }
    }

    /// Per edge, the positions of its source and target (`-1` when no node has the id). Edges
    /// come grouped by source, so a source equal to the previous edge's is not looked up again.
    func ends(of edges: [KnowledgeGraph.Edge]) -> (sources: [Int32], targets: [Int32]) {
        var sources: [Int32] = [], targets: [Int32] = []
        sources.reserveCapacity(edges.count)
        targets.reserveCapacity(edges.count)
        var last: (id: String, position: Int32)?
        for edge in edges {
            if let l = last, ExactKey(l.id) == ExactKey(edge.source) {
                sources.append(l.position)
            } else {
                let position = self[edge.source] ?? -1
                last = (edge.source, position)
                sources.append(position)
            }
            targets.append(self[edge.target] ?? -1)
        }
        return (sources, targets)
    }
}
