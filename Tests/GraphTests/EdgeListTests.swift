import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

/// `KnowledgeGraph.EdgeList` stores edges by node position and reads them back as the very
/// `Edge` values they were made from, in order, ends no node has included.
@Suite struct EdgeListTests {
    private func node(_ id: String) -> KnowledgeGraph.Node {
        KnowledgeGraph.Node(id: id, type: .organization, label: id, mentions: [])
    }

    @Test func testEdgesReadBackExactlyWithEndsAsNodePositionsAndMissingEndsKeptById() {
        let nodes = ["a", "b", "c", "organization/caf\u{E9}"].map(node)
        let edges = [KnowledgeGraph.Edge(source: "a", target: "b", relation: .mentions, weight: 1),
                     KnowledgeGraph.Edge(source: "a", target: "zz", relation: .partyTo, weight: 2.5, evidence: ["s1", "s2"]),
                     KnowledgeGraph.Edge(source: "c", target: "a", relation: .coOccurs, weight: 3, directed: false),
                     KnowledgeGraph.Edge(source: "zz", target: "c", relation: .refersToYear, weight: 1, evidence: ["s3"]),
                     // Canonically equal to a node's id but other bytes: not that node.
                     KnowledgeGraph.Edge(source: "c", target: "organization/cafe\u{301}", relation: .mentions, weight: 1)]
        let list = KnowledgeGraph.EdgeList(edges, nodes: nodes)
        #expect(Array(list) == edges)
        #expect(list.records.map { list.nodePosition($0.source) } == [0, 0, 2, -1, 2])
        #expect(list.records.map { list.nodePosition($0.target) } == [1, -1, 0, 2, -1])
        // Both mentions of `zz` share one end number, so equal ids hash as one source.
        #expect(list.records[1].target == list.records[3].source)
        #expect(Array(list[4].target.utf8) == Array("organization/cafe\u{301}".utf8))
        #expect(Array(list.evidenceLists) == [["s1", "s2"], ["s3"]])
    }

    @Test func testRelationRankIsRelationOrder() {
        let ranked = KnowledgeGraph.Relation.allCases.sorted { KnowledgeGraph.EdgeList.rank($0) < KnowledgeGraph.EdgeList.rank($1) }
        #expect(ranked == KnowledgeGraph.Relation.allCases.sorted())
    }

    @Test func testBuiltGraphEqualsTheSameGraphMadeFromItsEdgeValues() {
        // The builder writes records by node rank; the public initialiser sorts `Edge` values
        // by their ids and finds the ends. Both must give the same list.
        let g = SmallCorpus.graph()
        let remade = KnowledgeGraph(nodes: g.nodes.reversed(), edges: Array(g.edges).reversed())
        #expect(g.edges.count > 20)
        #expect(remade.edges == g.edges)
        #expect(remade == g)
        #expect(remade.edges.records.allSatisfy { remade.edges.nodePosition($0.source) >= 0 && remade.edges.nodePosition($0.target) >= 0 })
    }
}
