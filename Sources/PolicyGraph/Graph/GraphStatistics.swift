import CLibXML2

// No Foundation here: importing it beside libxml2 clashes over ICU headers.

/// A short summary of a built graph, read back from its `graph.graphml` with libxml2: nodes
/// per type, edges per relation, the most-mentioned entities of each type, and the documents
/// that mention the most entities.
///
/// ```swift
/// let stats = try GraphStatistics(graphMLAtPath: "Output/graph.graphml")
/// print(stats.nodesByType["organization"] ?? 0)
/// print(stats.summary())
/// ```
public struct GraphStatistics: Sendable, Hashable {
    public struct RankedNode: Sendable, Hashable {
        public var id: String
        public var label: String
        public var count: Int
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(file: String, reason: String)
        case notGraphML(file: String, reason: String)
        public var description: String {
            switch self {
            case .unreadable(let f, let r): return "\(f): cannot read: \(r)"
            case .notGraphML(let f, let r): return "\(f): not a PolicyGraph GraphML file: \(r)"
            }
        }
    }

    public var nodesByType: [String: Int] = [:]
    public var edgesByRelation: [String: Int] = [:]
    /// Per entity type, the entities with most mentions, most first (ties by id).
    public var mostMentioned: [String: [RankedNode]] = [:]
    /// Documents by number of distinct entities they mention, most first.
    public var documentsByEntities: [RankedNode] = []
    public var nodeCount: Int { nodesByType.values.reduce(0, +) }
    public var edgeCount: Int { edgesByRelation.values.reduce(0, +) }

    /// Reads `file` (a `graph.graphml` written by `GraphMLWriter`, either flavour).
    public init(graphMLAtPath path: String, top: Int = 10) throws {
        guard let doc = xmlReadFile(path, nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue)) else {
            throw LoadError.unreadable(file: path, reason: "missing file or malformed XML")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc), Self.name(root) == "graphml" else {
            throw LoadError.notGraphML(file: path, reason: "root element is not <graphml>")
        }
        guard let graph = Self.elements(root).first(where: { Self.name($0) == "graph" }) else {
            throw LoadError.notGraphML(file: path, reason: "no <graph> element")
        }
        var types: [String: String] = [:]
        var labels: [String: String] = [:]
        var mentionCounts: [String: Int] = [:]
        var entitiesPerDocument: [String: Int] = [:]
        var edges: [(source: String, relation: String)] = []
        for element in Self.elements(graph) {
            switch Self.name(element) {
            case "node":
                guard let id = Self.attribute(element, "id") else { continue }
                let data = Self.data(element)
                let type = data["type"] ?? "unknown"
                types[id] = type
                labels[id] = data["label"] ?? id
                mentionCounts[id] = Int(data["mentions"] ?? "") ?? 0
                nodesByType[type, default: 0] += 1
            case "edge":
                guard let source = Self.attribute(element, "source") else { continue }
                edges.append((source, Self.data(element)["relation"] ?? "unknown"))
            default:
                break
            }
        }
        for e in edges {
            edgesByRelation[e.relation, default: 0] += 1
            if e.relation == "mentions", types[e.source] == "document" { entitiesPerDocument[e.source, default: 0] += 1 }
        }
        func ranked(_ ids: [String], _ count: (String) -> Int) -> [RankedNode] {
            ids.map { RankedNode(id: $0, label: labels[$0] ?? $0, count: count($0)) }
                .sorted { ($1.count, $0.id) < ($0.count, $1.id) }
                .prefix(top).map { $0 }
        }
        var idsByType: [String: [String]] = [:]
        for (id, type) in types where type != "document" { idsByType[type, default: []].append(id) }
        for (type, ids) in idsByType { mostMentioned[type] = ranked(ids, { mentionCounts[$0] ?? 0 }) }
        documentsByEntities = ranked(types.filter { $0.value == "document" }.map(\.key), { entitiesPerDocument[$0] ?? 0 })
    }

    /// The summary `policygraph stats` prints.
    public func summary() -> String {
        var lines = ["\(nodeCount) nodes, \(edgeCount) edges", "", "nodes by type:"]
        let typeOrder = KnowledgeGraph.NodeType.allCases.map(\.rawValue)
        func typeRank(_ t: String) -> Int { typeOrder.firstIndex(of: t) ?? typeOrder.count }
        for (type, n) in nodesByType.sorted(by: { (typeRank($0.key), $0.key) < (typeRank($1.key), $1.key) }) {
            lines.append("  \(type.rightPadded(14)) \(n)")
        }
        lines.append("edges by relation:")
        for (relation, n) in edgesByRelation.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(relation.rightPadded(14)) \(n)")
        }
        for (type, nodes) in mostMentioned.sorted(by: { (typeRank($0.key), $0.key) < (typeRank($1.key), $1.key) }) {
            lines.append("")
            lines.append("most-mentioned \(type):")
            for n in nodes { lines.append("  \(String(n.count).leftPadded(6))  \(n.label)") }
        }
        if !documentsByEntities.isEmpty {
            lines.append("")
            lines.append("documents with most entities:")
            for n in documentsByEntities { lines.append("  \(String(n.count).leftPadded(6))  \(n.label)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - libxml2 tree walking

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    private static func elements(_ parent: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var child = parent.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { out.append(c) }
            child = c.pointee.next
        }
        return out
    }

    /// Concatenated text children, read in place (no buffers to free).
    private static func text(_ node: xmlNodePtr) -> String {
        var out = ""
        var child = node.pointee.children
        while let c = child {
            if (c.pointee.type == XML_TEXT_NODE || c.pointee.type == XML_CDATA_SECTION_NODE), let content = c.pointee.content {
                out += String(cString: content)
            }
            child = c.pointee.next
        }
        return out
    }

    private static func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, String(cString: n) == wanted {
                var value = ""
                var child = a.pointee.children
                while let c = child {
                    if let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                return value
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// `<data key="k">v</data>` children as a dictionary.
    private static func data(_ node: xmlNodePtr) -> [String: String] {
        var out: [String: String] = [:]
        for e in elements(node) where name(e) == "data" {
            if let key = attribute(e, "key") { out[key] = text(e) }
        }
        return out
    }
}

private extension String {
    func rightPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
