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
}
