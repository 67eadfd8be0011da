/// The assembled graph: document and entity nodes, typed weighted edges, all sorted by id so
/// that every export of the same input is byte-identical.
public struct KnowledgeGraph: Sendable {
    public enum NodeType: String, Sendable, Codable, Hashable, CaseIterable {
        case document, organization, agreement, country, year, figure, publication, event
    }

    /// Where one mention of an entity sits: document, block, scalar offsets, block kind.
    public struct Provenance: Sendable, Hashable, Codable {
        public var document: String
        public var block: Int
        public var start: Int
        public var end: Int
        public var blockKind: BlockKind
        public var surface: String
    }

    public struct Node: Sendable, Hashable {
        /// Stable id: `document/<path>`, `organization/world-trade-organization`, `year/2019`.
        public var id: String
        public var type: NodeType
        public var label: String
        public var aliases: [String]
        public var mentions: [Provenance]
        public var figure: FigureValue?
        public var year: Int?
        public var wikidata: String?
    }

    public struct Edge: Sendable, Hashable {
        public var id: String
        public var source: String
        public var target: String
        /// `mentions`, `co_occurs`, `refers_to_year`, `party_to`, `footnote`.
        public var relation: String
        public var weight: Double
        public var directed: Bool
        public var evidence: [String]
    }

    public var nodes: [Node]
    public var edges: [Edge]
}

/// Builds the graph from every document's fragment and the build-wide resolution.
///
/// ```swift
/// let graph = GraphBuilder().build(fragments, resolution: resolution)
/// ```
public struct GraphBuilder: Sendable {
    public init() {}

    public func build(_ fragments: [DocumentFragment], resolution: Resolution) -> KnowledgeGraph {
        var nodes: [KnowledgeGraph.Node] = []
        var edges: [KnowledgeGraph.Edge] = []
        var entityMentions: [Int: [KnowledgeGraph.Provenance]] = [:]
        for f in fragments {
            let docId = "document/\(f.path)"
            nodes.append(.init(id: docId, type: .document, label: f.path, aliases: [], mentions: []))
            var perEntity: [Int: Int] = [:]
            for m in f.mentions {
                guard let i = resolution.entityIndexByKey[m.key] else { continue }
                perEntity[i, default: 0] += 1
                entityMentions[i, default: []].append(.init(document: f.path, block: m.blockIndex, start: m.start,
                                                            end: m.end, blockKind: f.blocks[m.blockIndex].kind,
                                                            surface: m.surface))
            }
            for (i, count) in perEntity {
                let target = resolution.entities[i].id
                edges.append(.init(id: "mentions/\(docId)->\(target)", source: docId, target: target,
                                   relation: "mentions", weight: Double(count), directed: true, evidence: []))
            }
        }
        for (i, e) in resolution.entities.enumerated() {
            let nodeType = KnowledgeGraph.NodeType(rawValue: e.type.rawValue) ?? .organization
            nodes.append(.init(id: e.id, type: nodeType, label: e.name, aliases: e.aliases,
                               mentions: entityMentions[i] ?? [], wikidata: e.wikidata))
        }
        nodes.sort { $0.id < $1.id }
        edges.sort { $0.id < $1.id }
        return KnowledgeGraph(nodes: nodes, edges: edges)
    }
}
