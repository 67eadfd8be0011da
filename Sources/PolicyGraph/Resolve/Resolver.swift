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
/// Rules, all independent of document order:
/// - a mention's key is its lexicon entry's key, or `type:normalised surface` (NFKC, Latin
///   case-folded, whitespace removed), so the same name is one key in every document;
/// - definitions are unions; two different lexicon entries are never merged (the lexicon is
///   the authority on what is one thing);
/// - an entity's identity is its lexicon key when it has one, else the lexicographically
///   smallest of its keys; its id is derived from that identity alone (`organization/detf`), so
///   it is the same in every build of every folder that yields the same names.
///
/// ```swift
/// let fragments = Resolver(lexicon: lexicon).applyingLearnedNames(to: fragments)
/// let resolution = Resolver(lexicon: lexicon).resolve(fragments)
/// ```
public struct Resolver: Sendable {
    public let lexicon: Lexicon
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// Names one document defined (`数字经济任务组（DETF）`) found in every other document of the
    /// build that uses them without the definition. Run before `resolve`.
    public func applyingLearnedNames(to fragments: [DocumentFragment]) -> [DocumentFragment] {
        let definitions = fragments.flatMap(\.aliasDefinitions)
        guard !definitions.isEmpty else { return fragments }
        // Deterministic whatever the document order: feed mentions in a canonical order.
        let mentions = fragments.flatMap(\.mentions).sorted { ($0.key, $0.surface) < ($1.key, $1.surface) }
        let learned = LearnedNames(definitions: definitions.sorted { ($0.keyA, $0.keyB) < ($1.keyA, $1.keyB) }, mentions: mentions)
        guard !learned.isEmpty else { return fragments }
        return fragments.map { fragment in
            var f = fragment
            var added: [Mention] = []
            // Each block's own mentions, grouped once (in their order) rather than filtered out
            // of the whole document for every block.
            let mentionsByBlock = Dictionary(grouping: f.mentions, by: \.blockIndex)
            for block in f.blocks where block.kind != .furniture {
                let own = mentionsByBlock[block.index] ?? []
                added += learned.mentions(in: Array(block.text.unicodeScalars), block: block, avoiding: own)
            }
            if !added.isEmpty {
                f.mentions += added
                f.mentions.sort { ($0.blockIndex, $0.start, $0.end, $0.type) < ($1.blockIndex, $1.start, $1.end, $1.type) }
            }
            return f
        }
    }

    public func resolve(_ fragments: [DocumentFragment]) -> Resolution {
        var parent: [String: String] = [:]
        /// The lexicon key a set already holds, by representative, so two are never joined.
        var lexiconKeyOf: [String: String] = [:]
        func find(_ k: String) -> String {
            var k = k
            while let p = parent[k], p != k { k = p }
            return k
        }
        func union(_ a: String, _ b: String) {
            let ra = find(a), rb = find(b)
            if ra == rb { return }
            if let la = lexiconKeyOf[ra], let lb = lexiconKeyOf[rb], la != lb { return }
            let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
            parent[child] = root
            if let l = lexiconKeyOf[child] { lexiconKeyOf[root] = l }
        }
        var surfaceCounts: [String: [String: Int]] = [:]
        var typeCounts: [String: [EntityType: Int]] = [:]
        for f in fragments {
            for m in f.mentions {
                if parent[m.key] == nil {
                    parent[m.key] = m.key
                    if m.key.hasPrefix("lexicon:") { lexiconKeyOf[m.key] = m.key }
                }
                surfaceCounts[m.key, default: [:]][m.surface, default: 0] += 1
                typeCounts[m.key, default: [:]][m.type, default: 0] += 1
            }
        }
        // Lexicon-anchored definitions first, then the rest, each in sorted order: the result
        // does not depend on which document came first.
        let definitions = Set(fragments.flatMap(\.aliasDefinitions)).sorted { a, b in
            let la = a.keyA.hasPrefix("lexicon:") || a.keyB.hasPrefix("lexicon:")
            let lb = b.keyA.hasPrefix("lexicon:") || b.keyB.hasPrefix("lexicon:")
            if la != lb { return la }
            return (a.keyA, a.keyB) < (b.keyA, b.keyB)
        }
        for d in definitions where parent[d.keyA] != nil && parent[d.keyB] != nil {
            union(d.keyA, d.keyB)
        }
        var groups: [String: [String]] = [:]
        for k in parent.keys { groups[find(k), default: []].append(k) }
        var entities: [ResolvedEntity] = []
        for (_, keys) in groups {
            let keys = keys.sorted()
            let identity = keys.first { $0.hasPrefix("lexicon:") } ?? keys[0]
            let entry = lexicon.entry(forKey: identity)
            var counts: [String: Int] = [:]
            for k in keys { for (s, c) in surfaceCounts[k] ?? [:] { counts[s, default: 0] += c } }
            let type = entry?.type ?? Self.majority(typeCounts[identity] ?? [:]) ?? .organization
            // Without a lexicon name, the most used surface names the entity (longest, then
            // smallest on ties).
            let name = entry?.canonical ?? counts.sorted { a, b in
                if a.value != b.value { return a.value > b.value }
                if a.key.count != b.key.count { return a.key.count > b.key.count }
                return a.key < b.key
            }.first?.key ?? identity
            entities.append(ResolvedEntity(id: Self.identifier(forKey: identity, type: type), type: type, name: name,
                                           aliases: counts.keys.sorted(), keys: keys, wikidata: entry?.wikidata))
        }
        entities.sort { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (i, e) in entities.enumerated() { for k in e.keys { index[k] = i } }
        return Resolution(entities: entities, entityIndexByKey: index)
    }

    static func majority(_ counts: [EntityType: Int]) -> EntityType? {
        counts.sorted { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }.first?.key
    }

    /// `lexicon:organization:world-trade-organization` → `organization/world-trade-organization`;
    /// `year:2019` → `year/2019`; `organization:数字经济任务组` → `organization/数字经济任务组`.
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
