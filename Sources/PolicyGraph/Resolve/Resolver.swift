/// One real-world thing the build found, with every name it goes by.
public struct ResolvedEntity: Sendable, Hashable {
    /// Stable identifier derived from the canonical key (`organization/world-trade-organization`).
    public var id: String
    public var type: EntityType
    public var name: String
    /// Every distinct surface form seen in the input, sorted.
    public var aliases: [String]
    /// The resolution keys merged into this entity.
    public var keys: [String]
    public var wikidata: String?
}

/// Entities of a whole build, and the map from every mention key to its entity.
public struct Resolution: Sendable {
    public var entities: [ResolvedEntity]
    public var entityIndexByKey: [String: Int]

    public func entity(forKey key: String) -> ResolvedEntity? {
        entityIndexByKey[key].map { entities[$0] }
    }
}

/// Merges mention keys into build-wide entities: keys tied by a definition in any document
/// (`世界贸易组织（WTO）`) become one entity; the lexicon supplies canonical names.
///
/// ```swift
/// let resolution = Resolver(lexicon: lexicon).resolve(fragments)
/// ```
public struct Resolver: Sendable {
    public let lexicon: Lexicon
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    public func resolve(_ fragments: [DocumentFragment]) -> Resolution {
        // Union-find over keys; the representative is the smallest key so the result does
        // not depend on document order.
        var parent: [String: String] = [:]
        func find(_ k: String) -> String {
            var k = k
            while let p = parent[k], p != k { k = p }
            return k
        }
        func union(_ a: String, _ b: String) {
            let ra = find(a), rb = find(b)
            if ra == rb { return }
            if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
        }
        var surfaces: [String: Set<String>] = [:]
        var types: [String: EntityType] = [:]
        var names: [String: String] = [:]
        for f in fragments {
            for m in f.mentions {
                if parent[m.key] == nil { parent[m.key] = m.key }
                surfaces[m.key, default: []].insert(m.surface)
                types[m.key] = m.type
                if let c = m.canonicalName { names[m.key] = c }
            }
        }
        for f in fragments {
            for d in f.aliasDefinitions where parent[d.keyA] != nil && parent[d.keyB] != nil {
                union(d.keyA, d.keyB)
            }
        }
        var groups: [String: [String]] = [:]
        for k in parent.keys { groups[find(k), default: []].append(k) }
        var entities: [ResolvedEntity] = []
        for (_, keys) in groups {
            let keys = keys.sorted()
            // Prefer a lexicon key as the identity: it is the same in every folder.
            let identity = keys.first { $0.hasPrefix("lexicon:") } ?? keys[0]
            let type = types[identity] ?? .organization
            let allSurfaces = keys.flatMap { surfaces[$0] ?? [] }
            let entry = lexicon.entry(forKey: identity)
            let name = entry?.canonical ?? names[identity] ?? allSurfaces.sorted().first ?? identity
            entities.append(ResolvedEntity(id: Self.identifier(forKey: identity, type: type), type: type, name: name,
                                           aliases: Array(Set(allSurfaces)).sorted(), keys: keys,
                                           wikidata: entry?.wikidata))
        }
        entities.sort { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (i, e) in entities.enumerated() { for k in e.keys { index[k] = i } }
        return Resolution(entities: entities, entityIndexByKey: index)
    }

    /// `lexicon:organization:world-trade-organization` → `organization/world-trade-organization`;
    /// `year:2019` → `year/2019`.
    public static func identifier(forKey key: String, type: EntityType) -> String {
        var k = key
        if k.hasPrefix("lexicon:") { k.removeFirst("lexicon:".count) }
        if let colon = k.firstIndex(of: ":") {
            let head = k[..<colon], tail = k[k.index(after: colon)...]
            return "\(head)/\(Lexicon.slug(String(tail)))"
        }
        return "\(type.rawValue)/\(Lexicon.slug(k))"
    }
}
