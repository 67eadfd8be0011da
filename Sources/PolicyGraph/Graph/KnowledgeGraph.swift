/// The assembled graph: document and entity nodes, typed weighted edges, all sorted by id so
/// that every export of the same input is byte-identical.
///
/// ```swift
/// let graph = GraphBuilder().build(fragments, resolution: resolution)
/// let wto = graph.node(id: "organization/world-trade-organization")
/// print(wto?.aliases, wto?.mentions.count)
/// ```
///
/// Relations (see `docs/graph-model.md`):
/// - `mentions`: document → entity, weight = number of mentions in that document;
/// - `co_occurs`: entity — entity named in one block, weight = number of such blocks. It is
///   symmetric and stored once, from the smaller id to the larger (`symmetric == true`);
///   years and figures take no part in it;
/// - `refers_to_year`: figure → year, weight = number of mentions whose clause names it;
/// - `party_to`: organisation or country → agreement, with the sentences as evidence.
/// Footnote links are a property of the document node (`footnoteLinks`), not edges: they join
/// blocks, and blocks are not nodes.
public struct KnowledgeGraph: Sendable, Hashable {
    public enum NodeType: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
        case document, organization, agreement, country, year, figure, publication, event

        public static func < (a: NodeType, b: NodeType) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public enum Relation: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
        case mentions
        case coOccurs = "co_occurs"
        case refersToYear = "refers_to_year"
        case partyTo = "party_to"

        public static func < (a: Relation, b: Relation) -> Bool { a.rawValue < b.rawValue }
    }

    /// Where one mention of an entity sits: document, block, scalar offsets, block kind, and
    /// for a figure the sentence around it, so the fact reads back from the graph alone.
    public struct Provenance: Sendable, Hashable, Codable, Comparable {
        public var document: String
        public var block: Int
        public var start: Int
        public var end: Int
        public var blockKind: BlockKind
        public var surface: String
        public var sentence: String
        /// A figure's qualifier at this mention (`近`, `超过`).
        public var qualifier: String?

        public init(document: String, block: Int, start: Int, end: Int, blockKind: BlockKind, surface: String,
                    sentence: String = "", qualifier: String? = nil) {
            self.document = document
            self.block = block
            self.start = start
            self.end = end
            self.blockKind = blockKind
            self.surface = surface
            self.sentence = sentence
            self.qualifier = qualifier
        }

        public static func < (a: Provenance, b: Provenance) -> Bool {
            (a.document, a.block, a.start, a.end, a.surface) < (b.document, b.block, b.start, b.end, b.surface)
        }
    }

    /// A paragraph block whose text referred to a footnote, and the footnote block it found.
    public struct FootnoteLink: Sendable, Hashable, Codable, Comparable {
        public var paragraphBlock: Int
        public var footnoteBlock: Int
        public var number: Int

        public static func < (a: FootnoteLink, b: FootnoteLink) -> Bool {
            (a.paragraphBlock, a.footnoteBlock, a.number) < (b.paragraphBlock, b.footnoteBlock, b.number)
        }
    }

    public struct Node: Sendable, Hashable {
        /// Stable id: `document/<path>`, `organization/world-trade-organization`, `year/2019`.
        public var id: String
        public var type: NodeType
        public var label: String
        /// Every distinct surface form, sorted.
        public var aliases: [String]
        /// Provenance of every mention, sorted by document, block, offset.
        public var mentions: ProvenanceList
        /// For documents the number of entity mentions in them; for entities `mentions.count`.
        public var mentionCount: Int
        /// Figures: value with magnitudes applied, high end, unit.
        public var figure: FigureValue?
        /// Distinct qualifiers written before a figure, sorted.
        public var qualifiers: [String]
        /// Years: the year. Figures: see `referenceYears`.
        public var year: Int?
        /// Figures: every year a clause of theirs names, sorted.
        public var referenceYears: [Int]
        /// Figures: the distinct sentences they occur in, sorted, so a fact reads back whole.
        public var sentences: TextList
        public var wikidata: String?
        /// Documents: paragraph → footnote links found by segmentation.
        public var footnoteLinks: [FootnoteLink]
        /// Documents: number of blocks.
        public var blockCount: Int?

        public init(id: String, type: NodeType, label: String, aliases: [String] = [], mentions: ProvenanceList = [],
                    mentionCount: Int? = nil, figure: FigureValue? = nil, qualifiers: [String] = [], year: Int? = nil,
                    referenceYears: [Int] = [], sentences: TextList = [], wikidata: String? = nil,
                    footnoteLinks: [FootnoteLink] = [], blockCount: Int? = nil) {
            self.id = id
            self.type = type
            self.label = label
            self.aliases = aliases
            self.mentions = mentions
            self.mentionCount = mentionCount ?? mentions.count
            self.figure = figure
            self.qualifiers = qualifiers
            self.year = year
            self.referenceYears = referenceYears
            self.sentences = sentences
            self.wikidata = wikidata
            self.footnoteLinks = footnoteLinks
            self.blockCount = blockCount
        }
    }

    public struct Edge: Sendable, Hashable {
        /// `<source> <relation> <target>`: readable, unique, and stable because its parts are.
        /// Computed on demand: a large graph has hundreds of thousands of edges.
        public var id: String { "\(source) \(relation.rawValue) \(target)" }
        public var source: String
        public var target: String
        public var relation: Relation
        public var weight: Double
        /// False for `co_occurs`, which holds both ways and is stored once.
        public var directed: Bool
        /// Sentences stating the relation (party_to, refers_to_year), sorted.
        public var evidence: [String]

        public init(source: String, target: String, relation: Relation, weight: Double, directed: Bool = true,
                    evidence: [String] = []) {
            self.source = source
            self.target = target
            self.relation = relation
            self.weight = weight
            self.directed = directed
            self.evidence = evidence
        }
    }

    /// Read-only: the edges name their ends by node position.
    public private(set) var nodes: [Node]
    public private(set) var edges: EdgeList
    /// Where a built graph keeps its sentences and evidence (in a file for a large build). Not
    /// part of the graph's value.
    let texts: TextStore?

    /// Nodes are sorted by id and edges by (source, relation, target) here, whatever order
    /// they come in.
    public init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes.sorted { $0.id < $1.id }
        let sortedEdges = edges.sorted { ($0.source, $0.relation, $0.target) < ($1.source, $1.relation, $1.target) }
        self.edges = EdgeList(sortedEdges, nodes: self.nodes)
        texts = nil
    }

    /// For a builder that already ordered both as `init(nodes:edges:)` would, with the edges
    /// naming these nodes by position.
    init(sortedNodes: [Node], edges: EdgeList, texts: TextStore? = nil) {
        precondition(edges.nodeCount == sortedNodes.count, "edges name the ends of another node list")
        nodes = sortedNodes
        self.edges = edges
        self.texts = texts
    }

    public static func == (a: KnowledgeGraph, b: KnowledgeGraph) -> Bool { a.nodes == b.nodes && a.edges == b.edges }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(edges)
    }

    public func node(id: String) -> Node? {
        var lo = 0, hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < nodes.count && nodes[lo].id == id ? nodes[lo] : nil
    }

    public func edges(_ relation: Relation) -> [Edge] { edges.filter { $0.relation == relation } }
}

extension Array where Element: Comparable {
    /// True when no element is smaller than the one before it (one pass, no allocation).
    var isSortedAscending: Bool {
        var i = 1
        while i < count {
            if self[i] < self[i - 1] { return false }
            i += 1
        }
        return true
    }
}
