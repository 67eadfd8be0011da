import Foundation

/// Node positions by id, for an `EdgeList` made from edges that name their ends by id (a graph
/// built by hand: the builder names them by position already). Ids are compared by their UTF-8
/// bytes, so an end reads back with exactly the bytes it was given.
///
/// ```swift
/// let positions = NodePositions(graph.nodes)
/// positions["country/china"]  // 3, or nil when no node has that id
/// ```
///
/// Ids live in a `ByteStringTable`: a `[String: Int]` compares keys as normalised Unicode
/// text, and even a dictionary keyed by the bytes hashed each id twice with SipHash (once for
/// the bytes, once for the stored hash), which made these look-ups the largest part of
/// preparing an export when the exporters still looked up every edge's ends.
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
}
