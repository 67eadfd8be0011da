import Foundation

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
    /// Every key resolved, by its number in `keys`. Looked up once per mention, so hashed by
    /// bytes (keys are normalised when made; String's own hashing would normalise every
    /// Chinese key again).
    var indexOfKey: [ExactKey: Int]
    var keys: [String]
    /// The entity (index in `entities`) of each key, by key number.
    var entityOfKey: [Int32]
    /// For each fragment resolved, by path: the key number of each of its mentions, so the
    /// graph builder does not hash every key a second time.
    var mentionKeys: [String: [Int32]]
    /// The number of mentions of each entity, by position in `entities` (empty when unknown):
    /// lets the graph builder size each provenance list once.
    var mentionTotals: [Int]

    init(entities: [ResolvedEntity], indexOfKey: [ExactKey: Int], keys: [String], entityOfKey: [Int32],
         mentionKeys: [String: [Int32]] = [:], mentionTotals: [Int] = []) {
        self.entities = entities
        self.indexOfKey = indexOfKey
        self.keys = keys
        self.entityOfKey = entityOfKey
        self.mentionKeys = mentionKeys
        self.mentionTotals = mentionTotals
    }

    /// Lets go of the tables that find a mention's entity (keys, their index, the keys
    /// recorded per document), keeping the entities: what a graph builder does once every
    /// mention has found its entity. After it, look-ups find nothing.
    mutating func releaseKeyTables() {
        indexOfKey = [:]
        keys = []
        entityOfKey = []
        mentionKeys = [:]
        mentionTotals = []
    }

    /// The index in `entities` of the entity a mention key resolved to.
    public func entityIndex(forKey key: String) -> Int? { indexOfKey[ExactKey(key)].map { Int(entityOfKey[$0]) } }

    public func entity(forKey key: String) -> ResolvedEntity? {
        entityIndex(forKey: key).map { entities[$0] }
    }

    /// The key numbers resolving recorded for this fragment's mentions, or nil when it saw no
    /// fragment of that path with that many mentions.
    func recordedKeys(of fragment: DocumentFragment) -> [Int32]? {
        guard let recorded = mentionKeys[fragment.path], recorded.count == fragment.mentions.count else { return nil }
        return recorded
    }
}

/// A string compared and hashed by its UTF-8 bytes: for keys the extractor already
/// normalised, where `String`'s canonical-equivalence hashing is pure cost.
struct ExactKey: Hashable, Sendable {
    let string: String
    init(_ string: String) { self.string = string }

    static func == (a: ExactKey, b: ExactKey) -> Bool {
        // One memcmp over contiguous bytes: the generic `elementsEqual` over two UTF-8 views
        // was most of a dictionary lookup. A different length settles it without reading.
        if a.string.utf8.count != b.string.utf8.count { return false }
        return a.withBytes { p in b.withBytes { q in p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0 } }
    }

    func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// A hash of the bytes that is the same in every process (`Hasher` is seeded per process),
    /// for splitting work so that the split itself is reproducible.
    var stableHash: UInt64 { withBytes { ByteStringTable.hash($0) } }

    /// The string's UTF-8 bytes, read in place (native strings always can be; a bridged one is
    /// made contiguous on a copy).
    @inline(__always)
    private func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = string.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = string
        return copy.withUTF8(body)
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
        guard let apply = learnedNameApplication(in: FragmentSource(fragments), threads: threads) else { return }
        ConcurrentMap.update(&fragments, threads: threads) { _ = apply(&$0) }
    }

    /// The names the whole build learned from definitions, or nil when there are none.
    /// Depends only on the set of fragments, not their order.
    public func learnedNames(in fragments: [DocumentFragment], threads: Int = 1) -> LearnedNames? {
        learnedNames(in: FragmentSource(fragments), threads: threads)
    }

    /// `learnedNames`, reading each fragment once, one at a time.
    public func learnedNames(in fragments: FragmentSource, threads: Int = 1) -> LearnedNames? {
        let definitions = fragments.distinctAliasDefinitions
        guard !definitions.isEmpty else { return nil }
        // Only mentions whose key a definition names can become learned names: filter first,
        // then put those few in a canonical order so the outcome does not depend on the
        // document order.
        // Keys are compared by bytes, as `Resolution` does: the extractor normalised them.
        let defined = Set(definitions.flatMap { [$0.keyA, $0.keyB] }.filter { !$0.hasPrefix("lexicon:") }.map(ExactKey.init))
        // A name is used many times: keep the first mention of each (key, surface, type), in
        // build order. `LearnedNames` picks, per normalised surface, the first mention with the
        // smallest key, and the first of a run of equal mentions is what it would pick anyway.
        // Each document's first mentions are found on its own (in parallel), then merged in
        // document order, which keeps the first of the whole build; a batch of documents at a
        // time, so only one batch's lists are held.
        var seen = Set<NamedMention>()
        var mentions: [Mention] = []
        for batch in ConcurrentMap.batches(count: fragments.count, threads: threads) {
            let perDocument = ConcurrentMap.map(Array(batch), threads: threads) { position in
                // Only the mentions are read (a spilled fragment's blocks are not decoded).
                let mentions = fragments.mentions(position)
                var seen = Set<NamedMention>()
                var firsts: [(name: NamedMention, mention: Mention)] = []
                mentions.withUnsafeBufferPointer { all in
                    for i in all.indices where defined.contains(ExactKey(all[i].key)) {
                        let name = NamedMention(key: ExactKey(all[i].key), surface: ExactKey(all[i].surface), type: all[i].type)
                        if seen.insert(name).inserted { firsts.append((name, all[i])) }
                    }
                }
                return firsts
            }
            for firsts in perDocument {
                for first in firsts where seen.insert(first.name).inserted { mentions.append(first.mention) }
            }
        }
        // The batches' lists, freed, leave the allocator's arenas resident (see `resolve`).
        MemoryTrim.release()
        mentions.sort { ($0.key, $0.surface) < ($1.key, $1.surface) }
        // Each definition once already (`FragmentSource.distinctAliasDefinitions`).
        let learned = LearnedNames(definitions: definitions.sorted { ($0.keyA, $0.keyB) < ($1.keyA, $1.keyB) },
                                   mentions: mentions)
        return learned.isEmpty ? nil : learned
    }

    /// What makes two mentions the same learned name.
    private struct NamedMention: Hashable, Sendable {
        var key: ExactKey
        var surface: ExactKey
        var type: EntityType
    }

    /// `applyingLearnedNames` for fragments read one at a time: the names are learned now,
    /// and found in each fragment as it is handed out, so no fragment is held for it.
    public func applyingLearnedNames(to fragments: FragmentSource, threads: Int = 1) -> FragmentSource {
        guard let apply = learnedNameApplication(in: fragments, threads: threads) else { return fragments }
        return fragments.mapping { _ = apply(&$0) }
    }

    /// The names the build learned, as the change they make to one fragment (true when it
    /// gained mentions), or nil when nothing was learned.
    func learnedNameApplication(in fragments: FragmentSource, threads: Int = 1) -> (@Sendable (inout DocumentFragment) -> Bool)? {
        guard let (learned, filter) = learnedNamesAndFilter(in: fragments, threads: threads) else { return nil }
        return { Self.apply(learned, filter: filter, to: &$0) }
    }

    /// The names the build learned, as the mentions they add to one fragment (to go in with
    /// `merge`), or nil when nothing was learned. For a source that keeps what they gave
    /// (`FragmentSpill.source`), so that each fragment is searched once rather than by every
    /// stage that reads it, and only the few added mentions are kept rather than the whole
    /// changed fragment.
    func learnedNameAdditions(in fragments: FragmentSource, threads: Int = 1) -> (@Sendable (DocumentFragment) -> [Mention])? {
        guard let (learned, filter) = learnedNamesAndFilter(in: fragments, threads: threads) else { return nil }
        return { Self.additions(learned, filter: filter, to: $0) }
    }

    /// The build's learned names with their prefilter, or nil when nothing was learned.
    private func learnedNamesAndFilter(in fragments: FragmentSource, threads: Int) -> (LearnedNames, LearnedNameFilter)? {
        guard let learned = learnedNames(in: fragments, threads: threads) else { return nil }
        return (learned, Self.filter(for: learned))
    }

    /// The prefilter for `learned`, from exactly the names its matcher holds.
    static func filter(for learned: LearnedNames) -> LearnedNameFilter {
        LearnedNameFilter(names: learned.matcher.lexicon.entries.lazy.flatMap(\.names))
    }

    /// One fragment with the learned names found in its blocks added to its mentions.
    public static func applying(_ learned: LearnedNames, to fragment: DocumentFragment) -> DocumentFragment {
        var f = fragment
        apply(learned, filter: filter(for: learned), to: &f)
        return f
    }

    /// `applying` in place, with the build's prefilter made once.
    /// True when the fragment gained mentions.
    @discardableResult
    static func apply(_ learned: LearnedNames, filter: LearnedNameFilter, to f: inout DocumentFragment) -> Bool {
        let added = additions(learned, filter: filter, to: f)
        guard !added.isEmpty else { return false }
        merge(added, into: &f)
        return true
    }

    /// The mentions `apply` adds to `f`, in the order found (block by block).
    static func additions(_ learned: LearnedNames, filter: LearnedNameFilter, to f: DocumentFragment) -> [Mention] {
        var added: [Mention] = []
        // Each block's own mentions: a slice found by binary search when the mentions are in
        // text order (as extraction leaves them), else grouped once; only when some block may
        // hold a name.
        var inTextOrder: Bool?
        var mentionsByBlock: [Int: [Mention]] = [:]
        for block in f.blocks where block.kind != .furniture && filter.mayContainName(block.text) {
            if inTextOrder == nil {
                inTextOrder = isInTextOrder(f.mentions)
                if inTextOrder == false { mentionsByBlock = Dictionary(grouping: f.mentions) { $0.blockIndex } }
            }
            let scalars = ScalarText.scalars(block.text)
            // The slice is read in place: copying it into an array copied every mention of
            // every block that may hold a name.
            if inTextOrder == true {
                added += learned.mentions(in: scalars, block: block, avoiding: f.mentions[blockRange(block.index, in: f.mentions)])
            } else {
                added += learned.mentions(in: scalars, block: block, avoiding: mentionsByBlock[block.index] ?? [])
            }
        }
        return added
    }

    /// The positions of a block's mentions among mentions in text order.
    private static func blockRange(_ block: Int, in mentions: [Mention]) -> Range<Int> {
        func firstPosition(after predicate: (Int) -> Bool) -> Int {
            var lo = 0, hi = mentions.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if predicate(mentions[mid].blockIndex) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return firstPosition { $0 < block }..<firstPosition { $0 <= block }
    }

    /// Adds mentions to a fragment in text order and keeps its relations pointing at the same
    /// mentions: relations name their ends by position in `mentions`, so every position that
    /// moves is renumbered. Ties keep the earlier position first, so the order is total.
    static func merge(_ added: [Mention], into f: inout DocumentFragment) {
        let existingCount = f.mentions.count, count = existingCount + added.count
        var newPosition = Array(0..<count)
        if isInTextOrder(f.mentions) {
            mergeInPlace(added, into: &f.mentions, newPosition: &newPosition)
        } else {
            let all = f.mentions + added
            let order = textOrder(all)
            for (position, old) in order.enumerated() { newPosition[old] = position }
            f.mentions = order.map { all[$0] }
        }
        for i in f.relations.indices where f.relations[i].from < count && f.relations[i].to < count {
            f.relations[i].from = newPosition[f.relations[i].from]
            f.relations[i].to = newPosition[f.relations[i].to]
        }
    }

    /// Merges the added mentions into mentions already in text order, from the back: each
    /// existing mention is moved (swapped, not copied) at most once into its final slot, and
    /// `newPosition` records where every mention went (added ones numbered after the
    /// existing). On a tie the existing mention stays first.
    private static func mergeInPlace(_ added: [Mention], into mentions: inout [Mention], newPosition: inout [Int]) {
        let existingCount = mentions.count
        let addedOrder = textOrder(added)
        // Room at the end; what these slots hold is overwritten or swapped down below. Reserved
        // at the exact size: appending would double the buffer, and with it the memory every
        // fragment's mentions take for the rest of the build.
        mentions.reserveCapacity(existingCount + added.count)
        mentions.append(contentsOf: added)
        // Through buffer pointers: comparing reads integer fields in place, where array
        // subscripts copied each whole mention.
        mentions.withUnsafeMutableBufferPointer { slots in
            added.withUnsafeBufferPointer { added in
                var i = existingCount - 1, j = addedOrder.count - 1, w = slots.count - 1
                while j >= 0 {
                    if i >= 0 && precedes(added[addedOrder[j]], slots[i]) {
                        slots.swapAt(w, i)
                        newPosition[i] = w
                        i -= 1
                    } else {
                        slots[w] = added[addedOrder[j]]
                        newPosition[existingCount + addedOrder[j]] = w
                        j -= 1
                    }
                    w -= 1
                }
            }
        }
    }

    /// Positions of `mentions` in text order; equal mentions keep their order.
    private static func textOrder(_ mentions: [Mention]) -> [Int] {
        mentions.indices.sorted { a, b in
            if precedes(mentions[a], mentions[b]) { return true }
            if precedes(mentions[b], mentions[a]) { return false }
            return a < b
        }
    }

    /// Whether mentions are in text order (`precedes` never says a later one comes first).
    private static func isInTextOrder(_ mentions: [Mention]) -> Bool {
        var k = 1
        while k < mentions.count {
            if precedes(mentions[k], mentions[k - 1]) { return false }
            k += 1
        }
        return true
    }

    /// Text order of a mention: block, start, end, type.
    @inline(__always)
    private static func precedes(_ x: Mention, _ y: Mention) -> Bool {
        if x.blockIndex != y.blockIndex { return x.blockIndex < y.blockIndex }
        if x.start != y.start { return x.start < y.start }
        if x.end != y.end { return x.end < y.end }
        return x.type < y.type
    }

    /// `threads` workers count each document's keys and build the entities; the result does
    /// not depend on their number.
    public func resolve(_ fragments: [DocumentFragment], threads: Int = 1) -> Resolution {
        resolve(FragmentSource(fragments), threads: threads)
    }

    /// `resolve`, reading each fragment once, one at a time.
    public func resolve(_ fragments: FragmentSource, threads: Int = 1) -> Resolution {
        // Each document's keys are counted on its own, in parallel (a name recurs within a
        // document, so this is where most lookups happen), then numbered build-wide, shard by
        // shard; the result depends only on the keys and counts, never on that numbering
        // (roots and groups are chosen by string order below).
        // Documents go in batches, so only one batch's tallies are held: a batch is counted on
        // all workers, then merged into the shards (one shard of the keys, by a hash of their
        // bytes, per worker at a time; each shard numbers its keys in first-seen order, the
        // batches in document order).
        let typeCount = EntityType.allCases.count
        var shards = (0..<Self.keyShards).map { KeyShard(index: $0) }
        /// Each document's mentions by `shard << 28 | number in that shard`, until the shards
        /// are numbered one after the other.
        var shardKeysOfMentions: [[UInt32]] = []
        shardKeysOfMentions.reserveCapacity(fragments.count)
        for batch in ConcurrentMap.batches(count: fragments.count, threads: threads) {
            var tallies = ConcurrentMap.map(Array(batch), threads: threads) { KeyTally(fragments.fragment($0)) }
            do {
                let tallies = tallies  // gone at the block's end, so the batch's tallies are freed below
                ConcurrentMap.update(&shards, threads: threads) { shard in
                    shard.numbers.removeAll(keepingCapacity: true)
                    for tally in tallies {
                        let locals = tally.locals(inShard: shard.index)
                        var numbers: [Int32] = []
                        numbers.reserveCapacity(locals.count)
                        for local32 in locals {
                            let local = Int(local32)
                            let (k, isNew) = shard.numbering.number(ExactKey(tally.keys[local]))
                            if isNew {
                                shard.surfaceCounts.append(SurfaceCounts())
                                shard.typeCounts.append(contentsOf: repeatElement(0, count: typeCount))
                            }
                            precondition(k < Self.shardNumberLimit, "more keys in one shard than resolution can number")
                            numbers.append(Int32(k))
                            for t in 0..<typeCount { shard.typeCounts[k * typeCount + t] += tally.typeCounts[local * typeCount + t] }
                            let surfaces = tally.surfaces[local]
                            for (surface, count) in zip(surfaces.surfaces, surfaces.counts) { shard.surfaceCounts[k].add(surface, count: count) }
                        }
                        shard.numbers.append(numbers)
                    }
                }
                let frozenShards = shards
                shardKeysOfMentions += ConcurrentMap.map(Array(tallies.indices), threads: threads) { d -> [UInt32] in
                    let tally = tallies[d]
                    var inShard = [UInt32](repeating: 0, count: tally.keys.count)
                    for s in frozenShards.indices {
                        for (j, local) in tally.locals(inShard: s).enumerated() {
                            inShard[Int(local)] = UInt32(s) << Self.shardNumberBits | UInt32(frozenShards[s].numbers[d][j])
                        }
                    }
                    return tally.mentionKeys.map { inShard[Int($0)] }
                }
            }
            // On the workers: freed on one thread, a batch's tallies (their keys, surfaces and
            // counts) left the other core idle.
            ConcurrentMap.release(&tallies, threads: threads)
            // Freed on the workers, the tallies' memory sits free in their allocator arenas,
            // resident, beside the shards that keep growing: at 100 MB of text resident memory
            // was 304 MB at the end of resolving with 178 MB of heap in use (heaptrack).
            MemoryTrim.release()
        }
        // Build-wide key numbers: the shards one after the other.
        var offsets: [Int] = []
        var keys: [String] = [], surfaceCounts: [SurfaceCounts] = []
        /// `keys.count * typeCount` counts, by key, then `typeOrdinal` (one flat array: a nested
        /// one is checked for uniqueness at every increment).
        var typeCounts: [Int] = []
        var keyIndex: [ExactKey: Int] = [:]
        keyIndex.reserveCapacity(shards.reduce(0) { $0 + $1.numbering.keys.count })
        for shard in shards {
            offsets.append(keys.count)
            for (key, k) in shard.numbering.index { keyIndex[key] = keys.count + k }
            keys += shard.numbering.keys
            surfaceCounts += shard.surfaceCounts
            typeCounts += shard.typeCounts
        }
        shards = []
        MemoryTrim.release()
        // Each document's mentions by build-wide key number.
        let shardOffsets = offsets.map(UInt32.init)
        let numbered = ConcurrentMap.mapConsuming(&shardKeysOfMentions, threads: threads) { inShard -> [Int32] in
            defer { inShard = [] }
            return inShard.map { Int32(shardOffsets[Int($0 >> Self.shardNumberBits)] + $0 & Self.shardNumberMask) }
        }
        var mentionKeys: [String: [Int32]] = [:]
        // A second fragment with the same path keeps the first one's record; the builder
        // checks every recorded key against the mention anyway.
        for (path, keysOfMentions) in zip(fragments.paths, numbered) where mentionKeys[path] == nil { mentionKeys[path] = keysOfMentions }
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
        let definitions = fragments.distinctAliasDefinitions.sorted { a, b in
            let la = a.keyA.hasPrefix("lexicon:") || a.keyB.hasPrefix("lexicon:")
            let lb = b.keyA.hasPrefix("lexicon:") || b.keyB.hasPrefix("lexicon:")
            if la != lb { return la }
            return (a.keyA, a.keyB) < (b.keyA, b.keyB)
        }
        for d in definitions {
            guard let a = keyIndex[ExactKey(d.keyA)], let b = keyIndex[ExactKey(d.keyB)] else { continue }
            union(a, b)
        }
        // Groups by root, in key order (an array per root rather than a dictionary).
        var groupOfKey = [Int](repeating: -1, count: keys.count)
        var groups: [[Int]] = []
        for k in keys.indices {
            let root = find(k)
            if groupOfKey[root] < 0 { groupOfKey[root] = groups.count; groups.append([]) }
            groups[groupOfKey[root]].append(k)
            groupOfKey[k] = groupOfKey[root]
        }
        let frozenKeys = keys, frozenTypes = typeCounts
        let unordered: [ResolvedEntity]
        do {
            let frozenSurfaces = surfaceCounts
            unordered = ConcurrentMap.map(groups, threads: threads) { members in
                entity(of: members, keys: frozenKeys, surfaceCounts: frozenSurfaces, typeCounts: frozenTypes)
            }
        }
        // Every key's surfaces, freed on the workers (see the tallies above).
        ConcurrentMap.release(&surfaceCounts, threads: threads)
        let ids = unordered.map { $0.id }
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        var positionOfGroup = [Int32](repeating: 0, count: order.count)
        for (position, g) in order.enumerated() { positionOfGroup[g] = Int32(position) }
        let entityOfKey = groupOfKey.map { positionOfGroup[$0] }
        var mentionTotals = [Int](repeating: 0, count: order.count)
        for k in keys.indices { mentionTotals[Int(entityOfKey[k])] += typeCounts[(k * typeCount)..<((k + 1) * typeCount)].reduce(0, +) }
        return Resolution(entities: order.map { unordered[$0] }, indexOfKey: keyIndex, keys: keys,
                          entityOfKey: entityOfKey, mentionKeys: mentionKeys, mentionTotals: mentionTotals)
    }

    /// The entity one group of merged keys makes: its identity, type, name and aliases.
    private func entity(of members: [Int], keys: [String], surfaceCounts: [SurfaceCounts],
                        typeCounts: [Int]) -> ResolvedEntity {
        let members = members.sorted { keys[$0] < keys[$1] }
        let memberKeys = members.map { keys[$0] }
        let identityIndex = members.first { keys[$0].hasPrefix("lexicon:") } ?? members[0]
        let identity = keys[identityIndex]
        let entry = lexicon.entry(forKey: identity)
        var counts: [String: Int] = [:]
        for k in members {
            for (s, c) in zip(surfaceCounts[k].surfaces, surfaceCounts[k].counts) { counts[s, default: 0] += c }
        }
        let typeCount = EntityType.allCases.count
        let identityTypes = Array(typeCounts[(identityIndex * typeCount)..<((identityIndex + 1) * typeCount)])
        let type = entry?.type ?? Self.majority(identityTypes) ?? .organization
        // Without a lexicon name, the most used surface names the entity (longest, then
        // smallest on ties).
        let name = entry?.canonical ?? counts.sorted { a, b in
            if a.value != b.value { return a.value > b.value }
            if a.key.count != b.key.count { return a.key.count > b.key.count }
            return a.key < b.key
        }.first?.key ?? identity
        return ResolvedEntity(id: Self.identifier(forKey: identity, type: type), type: type, name: name,
                              aliases: counts.keys.sorted(), keys: memberKeys, wikidata: entry?.wikidata)
    }

    /// How often each surface goes with one key. A key has a handful of spellings, so they
    /// sit in a short list compared by bytes rather than in a hash table per key; a key with
    /// unusually many gets an index.
    struct SurfaceCounts: Sendable {
        private(set) var surfaces: [String] = []
        private(set) var counts: [Int] = []
        private var index: [ExactKey: Int]?

        mutating func add(_ surface: String, count: Int = 1) {
            let exact = ExactKey(surface)
            if let index {
                if let i = index[exact] { counts[i] += count; return }
            } else {
                for i in surfaces.indices where ExactKey(surfaces[i]) == exact { counts[i] += count; return }
            }
            surfaces.append(surface)
            counts.append(count)
            if index != nil {
                index![exact] = surfaces.count - 1
            } else if surfaces.count > 16 {
                index = Dictionary(uniqueKeysWithValues: surfaces.enumerated().map { (ExactKey($1), $0) })
            }
        }
    }

    /// Numbers distinct keys in the order they are first met.
    private struct KeyNumbering {
        var index: [ExactKey: Int] = [:]
        var keys: [String] = []

        /// The key's number, and whether this call gave it one.
        mutating func number(_ key: ExactKey) -> (Int, isNew: Bool) {
            if let known = index[key] { return (known, false) }
            index[key] = keys.count
            keys.append(key.string)
            return (keys.count - 1, true)
        }
    }

    /// How many shards the keys are merged in. Fixed, not the number of threads, so that how
    /// keys are numbered never depends on it; several per worker, so none waits long on the
    /// others.
    private static let keyShards = 16

    /// One shard's keys merged over every document: numbered in first-seen order, with their
    /// counts, and for each document the numbers of its keys in this shard (in the order of
    /// `KeyTally.locals(inShard:)`).
    private struct KeyShard: Sendable {
        let index: Int
        var numbering = KeyNumbering()
        var surfaceCounts: [SurfaceCounts] = []
        var typeCounts: [Int] = []
        /// The current batch's documents: the number here of each of their keys in this shard.
        var numbers: [[Int32]] = []
    }

    /// A key's number within its shard sits in the low 28 bits of a mention's shard key, the
    /// shard (16 of them) in the 4 above.
    private static let shardNumberBits: UInt32 = 28
    private static let shardNumberLimit = 1 << shardNumberBits
    private static let shardNumberMask: UInt32 = 1 << shardNumberBits - 1

    /// One document's mention keys in first-seen order, with how often each type and each
    /// surface goes with each key, and each mention's key by that order.
    private struct KeyTally: Sendable {
        var keys: [String] = []
        /// `keys.count * typeCount` counts, by key, then `typeOrdinal`.
        var typeCounts: [Int] = []
        var surfaces: [SurfaceCounts] = []
        var mentionKeys: [Int32] = []
        /// The keys (by position in `keys`) grouped by shard: shard `s` holds
        /// `shardOrder[shardStarts[s]..<shardStarts[s + 1]]`.
        private var shardOrder: [Int32] = []
        private var shardStarts: [Int32] = []

        func locals(inShard s: Int) -> ArraySlice<Int32> {
            shardOrder[Int(shardStarts[s])..<Int(shardStarts[s + 1])]
        }

        init(_ f: DocumentFragment) {
            let typeCount = EntityType.allCases.count
            var numbering = KeyNumbering()
            mentionKeys.reserveCapacity(f.mentions.count)
            // Through a buffer pointer: iterating or subscripting the array would copy each
            // whole mention.
            f.mentions.withUnsafeBufferPointer { mentions in
                for m in mentions.indices {
                    let (k, isNew) = numbering.number(ExactKey(mentions[m].key))
                    if isNew {
                        typeCounts.append(contentsOf: repeatElement(0, count: typeCount))
                        surfaces.append(SurfaceCounts())
                    }
                    mentionKeys.append(Int32(k))
                    typeCounts[k * typeCount + Resolver.typeOrdinal(mentions[m].type)] += 1
                    surfaces[k].add(mentions[m].surface)
                }
            }
            keys = numbering.keys
            // Grouped by shard with one counting pass.
            let shardOf = keys.map { Int(ExactKey($0).stableHash % UInt64(Resolver.keyShards)) }
            var starts = [Int32](repeating: 0, count: Resolver.keyShards + 1)
            for s in shardOf { starts[s + 1] += 1 }
            for s in 0..<Resolver.keyShards { starts[s + 1] += starts[s] }
            var next = starts
            shardOrder = [Int32](repeating: 0, count: keys.count)
            for (local, s) in shardOf.enumerated() {
                shardOrder[Int(next[s])] = Int32(local)
                next[s] += 1
            }
            shardStarts = starts
        }
    }

    fileprivate static func typeOrdinal(_ type: EntityType) -> Int {
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
