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
/// An open-addressing table over the ids' bytes, kept in one array, with a hash that reads
/// eight bytes at a time: a `[String: Int]` compares keys as normalised Unicode text, and even
/// a dictionary keyed by the bytes hashed each id twice with SipHash (once for the bytes, once
/// for the stored hash), which made these look-ups the largest part of preparing an export.
struct NodePositions: Sendable {
    /// Every id's UTF-8 bytes, one after another: node `i`'s are `starts[i]..<starts[i + 1]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    private let hashes: [UInt64]
    /// Open addressing, a power of two long, at most half full: node position + 1, 0 when empty.
    private let slots: [Int32]

    /// Should two nodes share an id, the later one (as a `[String: Int]` filled in order).
    init(_ nodes: [KnowledgeGraph.Node]) {
        var bytes: [UInt8] = [], starts = [0], hashes: [UInt64] = []
        starts.reserveCapacity(nodes.count + 1)
        hashes.reserveCapacity(nodes.count)
        for node in nodes {
            var id = node.id
            id.withUTF8 { hashes.append(Self.hash($0)); bytes.append(contentsOf: $0) }
            starts.append(bytes.count)
        }
        var size = 16
        while size < 2 * nodes.count { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for i in nodes.indices {
            var slot = Int(truncatingIfNeeded: hashes[i]) & (size - 1)
            while slots[slot] != 0 {
                let other = Int(slots[slot]) - 1
                if hashes[other] == hashes[i], bytes[starts[other]..<starts[other + 1]].elementsEqual(bytes[starts[i]..<starts[i + 1]]) {
                    break  // the same id again: the later node takes the slot
                }
                slot = (slot + 1) & (size - 1)
            }
            slots[slot] = Int32(i + 1)
        }
        (self.bytes, self.starts, self.hashes, self.slots) = (bytes, starts, hashes, slots)
    }

    subscript(id: String) -> Int32? {
        var id = id
        return id.withUTF8 { position(of: $0) }
    }

    private func position(of id: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(id)
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                var slot = Int(truncatingIfNeeded: h) & (slots.count - 1)
                while slots[slot] != 0 {
                    let i = Int(slots[slot]) - 1
                    let start = starts[i], count = starts[i + 1] - start
                    if hashes[i] == h, count == id.count,
                       count == 0 || memcmp(bytes.baseAddress! + start, id.baseAddress!, count) == 0 {
                        return Int32(i)
                    }
                    slot = (slot + 1) & (slots.count - 1)
                }
                return nil
            }
        }
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

    /// A 64-bit hash of `bytes`, eight at a time (multiply and fold, as in wyhash's mixing);
    /// only within this process, so it needs no fixed seed.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(bytes.count) &* k
        var i = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while i + 8 <= bytes.count {
            h = fold((h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        return fold((h ^ tail) &* k)
    }

    @inline(__always)
    private static func fold(_ x: UInt64) -> UInt64 { x ^ (x >> 32) }
}
