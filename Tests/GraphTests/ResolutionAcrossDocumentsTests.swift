import Foundation
import Testing
@testable import PolicyGraph

private let lexicon = try! Lexicon(parsing: """
organization\tWorld Trade Organization\tWTO|世界贸易组织
country\tUnited States\t美国
""")

private func fragment(_ path: String, _ texts: [String], lexicon lex: Lexicon = lexicon) -> DocumentFragment {
    let blocks = texts.enumerated().map { Block(index: $0.offset, kind: .paragraph, lang: .zh, text: $0.element, firstLine: 1, lastLine: 1) }
    let e = ExtractionPipeline(lexicon: lex).extract(blocks)
    return DocumentFragment(path: path, format: .plainText, encoding: .utf8, byteCount: 1, blocks: blocks,
                            mentions: e.mentions, aliasDefinitions: e.aliasDefinitions)
}

@Suite struct ResolutionAcrossDocumentsTests {
    @Test func aliasDefinedInOneDocumentResolvesInAnother() {
        let a = fragment("a.txt", ["各方设立数字经济任务组（DETF）。"])
        let b = fragment("b.txt", ["DETF 发布了报告，WTO 表示支持。"])
        let resolver = Resolver(lexicon: lexicon)
        let fragments = resolver.applyingLearnedNames(to: [a, b])
        #expect(fragments[1].mentions.contains { $0.surface == "DETF" })
        let r = resolver.resolve(fragments)
        let detf = r.entities.first { $0.aliases.contains("DETF") }!
        #expect(detf.aliases == ["DETF", "数字经济任务组"])
        #expect(r.entities.first { $0.aliases.contains("WTO") }!.id == "organization/world-trade-organization")
    }

    @Test func resolutionDoesNotDependOnDocumentOrder() {
        let a = fragment("a.txt", ["各方设立数字经济任务组（DETF）。世界贸易组织（WTO）"])
        let b = fragment("b.txt", ["DETF 与美国"])
        let resolver = Resolver(lexicon: lexicon)
        let r1 = resolver.resolve(resolver.applyingLearnedNames(to: [a, b]))
        let r2 = resolver.resolve(resolver.applyingLearnedNames(to: [b, a]))
        #expect(r1.entities == r2.entities)
    }

    @Test func idsAreStableAcrossBuildsOfDifferentFolders() {
        let one = Resolver(lexicon: lexicon).resolve([fragment("x.txt", ["设立数字经济任务组（DETF）。WTO"])])
        let two = Resolver(lexicon: lexicon).resolve([fragment("other/y.txt", ["美国与世界贸易组织。后来设立数字经济任务组（DETF）"])])
        let id1 = one.entities.first { $0.aliases.contains("DETF") }!.id
        let id2 = two.entities.first { $0.aliases.contains("DETF") }!.id
        #expect(id1 == id2)
        // The smallest key of the merged pair names a non-lexicon entity.
        #expect(id1 == "organization/detf")
    }

    @Test func userLexiconAddsAnEntryAndOverridesAliases() throws {
        let user = try Lexicon(parsing: """
        organization\tWorld Trade Organization\tWTO|世贸
        organization\tExample Data Alliance\tEDA|样例数据同盟
        """)
        let merged = lexicon.merging(user)
        let e = fragment("u.txt", ["样例数据同盟与世贸合作，世界贸易组织未回应。"], lexicon: merged)
        let orgs = e.mentions.filter { $0.type == .organization }.map(\.surface)
        // The user's entry is recognised; its override replaced the aliases (世界贸易组织 is no longer one).
        #expect(orgs.contains("样例数据同盟"))
        #expect(orgs.contains("世贸"))
        #expect(!e.mentions.contains { $0.surface == "世界贸易组织" && $0.key.hasPrefix("lexicon:") })
    }
}
