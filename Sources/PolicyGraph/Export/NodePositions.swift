import Foundation

/// Node positions by id, for writers resolving the ends of every edge (hundreds of thousands of
/// look-ups per export). Ids are compared by their UTF-8 bytes with their hash checked first:
/// a `[String: Int]` compares keys as normalised Unicode text, byte by byte through the UTF-8
/// view, at every occupied slot it probes, which made these look-ups the largest part of
/// preparing an export. Edges name their nodes with the builder's very same id strings, so
/// byte equality is the right test.
///
/// ```swift
/// let positions = NodePositions(graph.nodes)
/// positions["country/china"]  // 3, or nil when no node has that id
/// ```
struct NodePositions: Sendable {
    private struct Key: Hashable, Sendable {
        let id: String
        let hash: Int

        init(_ id: String) {
            self.id = id
            var hasher = Hasher()
            var bytes = id
            bytes.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hash = hasher.finalize()
        }

        static func == (a: Key, b: Key) -> Bool {
            a.hash == b.hash && sameBytes(a.id, b.id)
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    private let positions: [Key: Int32]

    /// Should two nodes share an id, the later one (as a `[String: Int]` filled in order).
    init(_ nodes: [KnowledgeGraph.Node]) {
        var positions: [Key: Int32] = [:]
        positions.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() { positions[Key(node.id)] = Int32(i) }
        self.positions = positions
    }

    subscript(id: String) -> Int32? { positions[Key(id)] }

    /// Per edge, the positions of its source and target (`-1` when no node has the id). Edges
    /// come grouped by source, so a source equal to the previous edge's is not looked up again.
    func ends(of edges: [KnowledgeGraph.Edge]) -> (sources: [Int32], targets: [Int32]) {
        var sources: [Int32] = [], targets: [Int32] = []
        sources.reserveCapacity(edges.count)
        targets.reserveCapacity(edges.count)
        var last: (id: String, position: Int32)?
        for edge in edges {
            if let l = last, Self.sameBytes(l.id, edge.source) {
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

    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var x = a, y = b
        return x.withUTF8 { p in
            y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) }
        }
    }
}
