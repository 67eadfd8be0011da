extension KnowledgeGraph {
    /// The graph's edges, stored compactly: each edge names its ends by node position rather
    /// than by id string, and its evidence by an index into one shared table. It reads back as
    /// `Edge` values, in (source id, relation, target id) order.
    ///
    /// ```swift
    /// let edges = graph.edges            // an EdgeList
    /// edges.count                        // 531
    /// edges[0].source, edges[0].relation // "agreement/…", .coOccurs
    /// ```
    ///
    /// Why: a large build has tens of millions of edges. As `Edge` values (two id strings, a
    /// weight, an evidence array) they took 56 bytes each, and every exporter then looked
    /// each end up again to find its node; a record here is 24 bytes and carries the positions.
    public struct EdgeList: RandomAccessCollection, Sendable, Hashable {
        /// One edge. `source` and `target` index `ids`: below `nodeCount` they are node
        /// positions, above it ids of edge ends no node has (only a hand-made graph has those).
        struct Record: Sendable {
            var source: Int32
            var target: Int32
            var weight: Double
            /// Index into `evidenceLists`, or -1 for none.
            var evidence: Int32
            var relation: Relation
            var directed: Bool
        }

        /// The graph's node ids by position, then the ids of ends no node has.
        let ids: [String]
        /// How many of `ids` are the graph's nodes.
        let nodeCount: Int
        /// In an array, or in a large build's `RecordFile`.
        let records: RecordBuffer<Record>
        let evidenceLists: TextListTable

        /// Edges already in output order, naming their ends as positions into `nodeIds`.
        init(nodeIds: [String], records: RecordBuffer<Record>, evidenceLists: TextListTable) {
            ids = nodeIds
            nodeCount = nodeIds.count
            self.records = records
            self.evidenceLists = evidenceLists
        }

        /// `edges` (already in output order) with their ends found among `nodes` by the bytes of
        /// their ids; an end no node has keeps its own id. Should two nodes share an id, the
        /// later one is the end, as `NodePositions` decides.
        init(_ edges: [Edge], nodes: [Node]) {
            let positions = NodePositions(nodes)
            var ids = nodes.map(\.id)
            let nodeCount = ids.count
            var missing = ByteStringTable()
            func end(_ id: String) -> Int32 {
                if let p = positions[id] { return p }
                var id = id
                let k = id.withUTF8 { missing.insert($0) }
                if nodeCount + k == ids.count { ids.append(id) }
                return Int32(nodeCount + k)
            }
            var evidenceLists = TextListTable.Builder(store: nil)
            var records: [Record] = []
            records.reserveCapacity(edges.count)
            for e in edges {
                var evidence: Int32 = -1
                if !e.evidence.isEmpty {
                    evidence = Int32(evidenceLists.count)
                    let list = TextList(e.evidence)
                    evidenceLists.append(list.indices, of: list)
                }
                records.append(Record(source: end(e.source), target: end(e.target), weight: e.weight, evidence: evidence,
                                      relation: e.relation, directed: e.directed))
            }
            self.ids = ids
            self.nodeCount = nodeCount
            self.records = RecordBuffer(records)
            self.evidenceLists = evidenceLists.build()
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { records.count }

        public subscript(i: Int) -> Edge {
            let r = records[i]
            return Edge(source: ids[Int(r.source)], target: ids[Int(r.target)], relation: r.relation, weight: r.weight,
                        directed: r.directed, evidence: Array(evidence(of: r)))
        }

        /// The position in the graph's nodes of an end (`records[i].source` or `.target`), or
        /// -1 when no node has its id.
        @inline(__always)
        func nodePosition(_ end: Int32) -> Int32 { Int(end) < nodeCount ? end : -1 }

        func evidence(of r: Record) -> TextList { r.evidence >= 0 ? evidenceLists[Int(r.evidence)] : [] }

        /// The order edges are written in, by relation: `Relation`'s order, as a small integer.
        @inline(__always)
        static func rank(_ relation: Relation) -> UInt8 {
            switch relation {
            case .coOccurs: 0
            case .mentions: 1
            case .partyTo: 2
            case .refersToYear: 3
            }
        }

        /// The output order of an edge between the nodes at positions `source` and `target`
        /// (source, then relation by `rank`, then target) as one integer: positions are ranks
        /// in id order, so comparing these orders edges as their ids would.
        @inline(__always)
        static func orderKey(source: Int32, relation: Relation, target: Int32) -> UInt64 {
            UInt64(UInt32(source)) << 34 | UInt64(rank(relation)) << 32 | UInt64(UInt32(target))
        }

        public static func == (a: EdgeList, b: EdgeList) -> Bool { a.elementsEqual(b) }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(count)
            for edge in self { hasher.combine(edge) }
        }
    }
}
