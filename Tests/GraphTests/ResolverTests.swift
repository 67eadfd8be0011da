import Testing
@testable import PolicyGraph

@Suite struct ResolverTests {
    @Test func aliasDefinitionMergesKeys() {
        let m1 = Mention(type: .organization, surface: "世界贸易组织", blockIndex: 0, start: 0, end: 6, key: "organization:世界贸易组织")
        let m2 = Mention(type: .organization, surface: "WTO", blockIndex: 0, start: 7, end: 10, key: "organization:wto")
        let f = DocumentFragment(path: "a.txt", format: .plainText, encoding: .utf8, byteCount: 1,
                                 blocks: [Block(index: 0, kind: .paragraph, lang: .zh, text: "世界贸易组织（WTO）", firstLine: 1, lastLine: 1)],
                                 mentions: [m1, m2],
                                 aliasDefinitions: [AliasDefinition(type: .organization, keyA: m1.key, keyB: m2.key)])
        let r = Resolver(lexicon: Lexicon()).resolve([f])
        #expect(r.entities.count == 1)
        #expect(r.entities[0].aliases == ["WTO", "世界贸易组织"])
    }

    /// Keys are merged build-wide in shards on several workers: the entities, and the entity
    /// of every mention, must come out the same whatever the number of threads.
    @Test func resolutionDoesNotDependOnTheNumberOfThreads() {
        var fragments: [DocumentFragment] = []
        // More documents than one batch of one worker holds (`ConcurrentMap.batches`).
        for d in 0..<300 {
            var mentions: [Mention] = []
            var definitions: [AliasDefinition] = []
            for m in 0..<30 {
                // Overlapping names across documents, with surfaces that differ in case.
                let n = (d * 7 + m * 3) % 90
                let surface = m % 2 == 0 ? "Agency \(n)" : "AGENCY \(n)"
                mentions.append(Mention(type: m % 5 == 0 ? .agreement : .organization, surface: surface, blockIndex: 0,
                                        start: m * 12, end: m * 12 + surface.count, key: "organization:agency\(n)"))
            }
            definitions.append(AliasDefinition(type: .organization, keyA: "organization:agency\(d)",
                                               keyB: "organization:agency\(d + 45)"))
            fragments.append(DocumentFragment(path: "d\(d).txt", format: .plainText, encoding: .utf8, byteCount: 1,
                                              blocks: [Block(index: 0, kind: .paragraph, lang: .en, text: "", firstLine: 1, lastLine: 1)],
                                              mentions: mentions, aliasDefinitions: definitions))
        }
        let resolver = Resolver(lexicon: Lexicon())
        let one = resolver.resolve(fragments, threads: 1)
        // 90 keys, each of agency0…44 tied to agency45…89 by a definition.
        #expect(ConcurrentMap.batches(count: fragments.count, threads: 1).count > 1, "one thread works in several batches, more threads in one")
        #expect(one.entities.count == 45)
        for threads in [2, 3, 8] {
            let many = resolver.resolve(fragments, threads: threads)
            #expect(many.entities == one.entities)
            for f in fragments {
                for m in f.mentions { #expect(many.entityIndex(forKey: m.key) == one.entityIndex(forKey: m.key)) }
                let recorded = many.recordedKeys(of: f)
                #expect(recorded?.map { many.keys[Int($0)] } == f.mentions.map(\.key))
            }
        }
    }
}
