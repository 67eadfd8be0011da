import Testing
@testable import PolicyGraph

/// `NodePositions` finds every node by its id's bytes, the later of two nodes sharing an id,
/// and nothing for an id no node has.
@Suite struct NodePositionsTests {
    private func node(_ id: String) -> KnowledgeGraph.Node {
        KnowledgeGraph.Node(id: id, type: .organization, label: id, mentions: [])
    }

    @Test func testEveryIdIsFoundAtItsPositionAndTheLaterDuplicateWins() {
        // Ids sharing long prefixes and differing only in their last bytes, of every length
        // around the eight-byte steps of the hash, plus non-ASCII and the empty id.
        var ids = (0..<3000).map { "organization/shared-prefix-\($0)" } + (0..<20).map { String(repeating: "x", count: $0) }
        ids += ["country/中国", "country/中国 ", "organization/a&b"]
        var nodes = ids.map(node)
        nodes.append(node("organization/shared-prefix-7"))  // a duplicate: the later one counts
        let positions = NodePositions(nodes)
        for (i, id) in ids.enumerated() where id != "organization/shared-prefix-7" {
            #expect(positions[id] == Int32(i), "\(id)")
        }
        #expect(positions["organization/shared-prefix-7"] == Int32(nodes.count - 1))
        #expect(positions["organization/shared-prefix-3000"] == nil)
        #expect(positions["country/中"] == nil)
        // A composed é (U+00E9) and a decomposed one (e + U+0301) are equal Swift strings
        // but different bytes, and ids are compared by their bytes.
        let composed = NodePositions([node("organization/caf\u{E9}")])
        #expect(composed["organization/caf\u{E9}"] == 0)
        #expect(composed["organization/cafe\u{301}"] == nil)
    }
}
