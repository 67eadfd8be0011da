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
    /// Looked up once per mention, so hashed by bytes (keys are normalised when made; String's
    /// own hashing would normalise every Chinese key again).
    var indexByKey: [ExactKey: Int]

    init(entities: [ResolvedEntity], indexByKey: [ExactKey: Int]) {
        self.entities = entities
        self.indexByKey = indexByKey
    }

    /// The index in `entities` of the entity a mention key resolved to.
    public func entityIndex(forKey key: String) -> Int? { indexByKey[ExactKey(key)] }

    public func entity(forKey key: String) -> ResolvedEntity? {
        entityIndex(forKey: key).map { entities[$0] }
    }
}

/// A string compared and hashed by its UTF-8 bytes: for keys the extractor already
/// normalised, where `String`'s canonical-equivalence hashing is pure cost.
struct ExactKey: Hashable, Sendable {
    let string: String
    init(_ string: String) { self.string = string }

    static func == (a: ExactKey, b: ExactKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
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
    public func applyingLearnedNames(to fragments: [DocumentFragment], threads: Int = 1) -> [DocumentFragment] {
        var fragments = fragments
        applyLearnedNames(to: &fragments, threads: threads)
        return fragments
    }

    /// `applyingLearnedNames` in place: each fragment's mentions are replaced where they lie,
    /// so a large build never holds two copies of every mention.
    public func applyLearnedNames(to fragments: inout [DocumentFragment], threads: Int = 1) {
        guard let learned = learnedNames(in: fragments) else { return }
        ConcurrentMap.update(&fragments, threads: threads) { $0 = Self.applying(learned, to: $0) }
    }

    /// The names the whole build learned from definitions, or nil when there are none.
    /// Depends only on the set of fragments, not their order.
    public func learnedNames(in fragments: [DocumentFragment]) -> LearnedNames? {
        let definitions = fragments.flatMap(\.aliasDefinitions)
        guard !definitions.isEmpty else { return nil }
        // Only mentions whose key a definition names can become learned names: filter first,
        // then put those few in a canonical order so the outcome does not depend on the
        // document order.
        let defined = Set(definitions.flatMap { [$0.keyA, $0.keyB] }.filter { !$0.hasPrefix("lexicon:") })
        var mentions: [Mention] = []
        for f in fragments { for m in f.mentions where defined.contains(m.key) { mentions.append(m) } }
        mentions.sort { ($0.key, $0.surface) < ($1.key, $1.surface) }
        let learned = LearnedNames(definitions: definitions.sorted { ($0.keyA, $0.keyB) < ($1.keyA, $1.keyB) }, mentions: mentions)
        return learned.isEmpty ? nil : learned
    }

    /// One fragment with the learned names found in its blocks added to its mentions.
    public static func applying(_ learned: LearnedNames, to fragment: DocumentFragment) -> DocumentFragment {
        var f = fragment
        var added: [Mention] = []
        // Each block's own mentions, grouped once (in their order) rather than filtered out
        // of the whole document for every block.
        let mentionsByBlock = Dictionary(grouping: f.mentions, by: \.blockIndex)
        for block in f.blocks where block.kind != .furniture {
            let own = mentionsByBlock[block.index] ?? []
            added += learned.mentions(in: ScalarText.scalars(block.text), block: block, avoiding: own)
        }
        if !added.isEmpty { merge(added, into: &f) }
        return f
    }

    /// Adds mentions to a fragment in text order and keeps its relations pointing at the same
    /// mentions: relations name their ends by position in `mentions`, so every position that
    /// moves is renumbered. Ties keep the earlier position first, so the order is total.
    static func merge(_ added: [Mention], into f: inout DocumentFragment) {
        let all = f.mentions + added
        let order = all.indices.sorted { a, b in
            let x = all[a], y = all[b]
            if x.blockIndex != y.blockIndex { return x.blockIndex < y.blockIndex }
            if x.start != y.start { return x.start < y.start }
            if x.end != y.end { return x.end < y.end }
            if x.type != y.type { return x.type < y.type }
            return a < b
        }
        var newPosition = [Int](repeating: 0, count: all.count)
        for (position, old) in order.enumerated() { newPosition[old] = position }
        f.mentions = order.map { all[$0] }
        for i in f.relations.indices where f.relations[i].from < all.count && f.relations[i].to < all.count {
            f.relations[i].from = newPosition[f.relations[i].from]
            f.relations[i].to = newPosition[f.relations[i].to]
        }
    }

    public func resolve(_ fragments: [DocumentFragment]) -> Resolution {
        // Keys interned to integers in first-seen order; the result depends only on the keys
        // and counts, never on that order (roots and groups are chosen by string order below).
        var keyIndex: [ExactKey: Int] = [:]
        var keys: [String] = []
        var surfaceCounts: [[ExactKey: Int]] = []
        var typeCounts: [[Int]] = []
        let typeCount = EntityType.allCases.count
        for f in fragments {
            for m in f.mentions {
                let exact = ExactKey(m.key)
                let k: Int
                if let known = keyIndex[exact] {
                    k = known
                } else {
                    k = keys.count
                    keyIndex[exact] = k
                    keys.append(m.key)
                    surfaceCounts.append([:])
                    typeCounts.append([Int](repeating: 0, count: typeCount))
                }
                surfaceCounts[k][ExactKey(m.surface), default: 0] += 1
                typeCounts[k][Self.typeOrdinal(m.type)] += 1
            }
        }
        var parent = Array(keys.indices)
        /// The lexicon key a set already holds, by representative, so two are never joined.
        var lexiconKeyOf: [Int?] = keys.indices.map { keys[$0].hasPrefix("lexicon:") ? $0 : nil }
        func find(_ k: Int) -> Int {
            var root = k
            while parent[root] != root { root = parent[root] }
            var k = k
            while parent[k] != root { let next = parent[k]; parent[k] = root; k = next }
            return root
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra == rb { return }
            if let la = lexiconKeyOf[ra], let lb = lexiconKeyOf[rb], la != lb { return }
            let (root, child) = keys[ra] < keys[rb] ? (ra, rb) : (rb, ra)
            parent[child] = root
            if let l = lexiconKeyOf[child] { lexiconKeyOf[root] = l }
        }
        // Lexicon-anchored definitions first, then the rest, each in sorted order: the result
        // does not depend on which document came first.
        let definitions = Set(fragments.flatMap(\.aliasDefinitions)).sorted { a, b in
            let la = a.keyA.hasPrefix("lexicon:") || a.keyB.hasPrefix("lexicon:")
            let lb = b.keyA.hasPrefix("lexicon:") || b.keyB.hasPrefix("lexicon:")
            if la != lb { return la }
            return (a.keyA, a.keyB) < (b.keyA, b.keyB)
        }
        for d in definitions {
            guard let a = keyIndex[ExactKey(d.keyA)], let b = keyIndex[ExactKey(d.keyB)] else { continue }
            union(a, b)
        }
        var groups: [Int: [Int]] = [:]
        for k in keys.indices { groups[find(k), default: []].append(k) }
        var entities: [ResolvedEntity] = []
        entities.reserveCapacity(groups.count)
        for (_, members) in groups {
            let members = members.sorted { keys[$0] < keys[$1] }
            let memberKeys = members.map { keys[$0] }
            let identityIndex = members.first { keys[$0].hasPrefix("lexicon:") } ?? members[0]
            let identity = keys[identityIndex]
            let entry = lexicon.entry(forKey: identity)
            var counts: [String: Int] = [:]
            for k in members { for (s, c) in surfaceCounts[k] { counts[s.string, default: 0] += c } }
            let type = entry?.type ?? Self.majority(typeCounts[identityIndex]) ?? .organization
            // Without a lexicon name, the most used surface names the entity (longest, then
            // smallest on ties).
            let name = entry?.canonical ?? counts.sorted { a, b in
                if a.value != b.value { return a.value > b.value }
                if a.key.count != b.key.count { return a.key.count > b.key.count }
                return a.key < b.key
            }.first?.key ?? identity
            entities.append(ResolvedEntity(id: Self.identifier(forKey: identity, type: type), type: type, name: name,
                                           aliases: counts.keys.sorted(), keys: memberKeys, wikidata: entry?.wikidata))
        }
        entities.sort { $0.id < $1.id }
        var index: [ExactKey: Int] = [:]
        index.reserveCapacity(keys.count)
        for (i, e) in entities.enumerated() { for k in e.keys { index[ExactKey(k)] = i } }
        return Resolution(entities: entities, indexByKey: index)
    }

    private static func typeOrdinal(_ type: EntityType) -> Int {
        switch type {
        case .organization: 0
        case .agreement: 1
        case .country: 2
        case .year: 3
        case .figure: 4
        case .publication: 5
        case .event: 6
        }
    }

    /// The most frequent type (ties: the first in `EntityType` order), from counts indexed
    /// by `typeOrdinal`.
    static func majority(_ counts: [Int]) -> EntityType? {
        var best: (type: EntityType, count: Int)?
        for type in EntityType.allCases {
            let c = counts[typeOrdinal(type)]
            if c > 0, c > (best?.count ?? 0) { best = (type, c) }
        }
        return best?.type
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
