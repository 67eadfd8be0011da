import Foundation
import Testing
@testable import PolicyGraph

/// The indexed lookups of `NamePatternVocabulary` answer exactly what its plain sets answer.
@Suite struct VocabularyIndexTests {
    @Test func testIndexedGenericStemCheckAgreesWithTheSetsOnStemsBuiltFromTheirWords() {
        let v = NamePatternVocabulary.shared
        #expect(v.genericWordsByFirst != nil)
        let words = Array(v.genericModifiersZh) + Array(v.topicWordsZh) + ["委员会", "数", "联", "合作"].map { Array($0.unicodeScalars) }
        var rng = SeededRandom(seed: 11)
        var generic = 0
        for _ in 0..<20_000 {
            var stem: [Unicode.Scalar] = []
            for _ in 0..<(1 + rng.below(4)) {
                let w = words[rng.below(words.count)]
                // Sometimes only part of a word, so that lookups fail part-way.
                stem += rng.chance(0.2) ? Array(w.prefix(max(1, w.count - 1))) : w
            }
            let slice = ArraySlice(stem)
            let indexed = v.isGenericStemZh(slice)
            #expect(indexed == v.isGenericStemZhBySets(slice), "\(String(String.UnicodeScalarView(stem)))")
            if indexed { generic += 1 }
        }
        #expect(generic > 1000)  // both answers occur
    }

    @Test func testChangingAWordSetFallsBackToTheSetsUntilReindexed() {
        var v = NamePatternVocabulary.shared
        let stem = ArraySlice(Array("量子计算".unicodeScalars))
        #expect(!v.isGenericStemZh(stem))
        v.genericModifiersZh.insert(Array("量子计算".unicodeScalars))
        v.maxGenericLength = max(v.maxGenericLength, 4)
        #expect(v.isGenericStemZh(stem))
        v.indexGenericWords()
        #expect(v.isGenericStemZh(stem))
    }

    @Test func testHeadIndexOffersOnlyHeadsStartingWithTheScalarInListOrder() {
        let v = NamePatternVocabulary.shared
        let index = v.orgHeadIndexZh
        for (k, h) in v.orgHeadsZh.enumerated() {
            let candidates = index.candidates(startingWith: h.head[0]) ?? []
            #expect(candidates.contains(k))
            #expect(candidates == candidates.sorted())
            #expect(candidates.allSatisfy { v.orgHeadsZh[$0].head[0] == h.head[0] })
        }
        #expect(index.candidates(startingWith: "x") == nil)
    }
}

@Suite struct LexiconSlugTests {
    /// The slug as first written: Unicode properties and `lowercased()` for every scalar.
    static func referenceSlug(_ name: String) -> String {
        var out = ""
        var pendingDash = false
        for s in name.unicodeScalars {
            if s.properties.isAlphabetic || s.properties.numericType != nil {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(contentsOf: String(s).lowercased().unicodeScalars)
            } else {
                pendingDash = true
            }
        }
        return out
    }

    @Test func testFastSlugEqualsTheReferenceOnEveryLexiconNameAndOddText() throws {
        let lexicon = try Lexicon.bundled()
        var names = lexicon.entries.flatMap(\.names)
        names += ["", "  ", "Ünïcödé Straße", "İstanbul", "ǅemal", "Ⅻ Roman ½", "１２３ＡＢＣ", "α-β γ", "中国 (China) 2024", "𠀀𠀁", "\u{9FFF}\u{9FF0}", "ABC--def__1"]
        for name in names {
            #expect(Array(Lexicon.slug(name).unicodeScalars) == Array(Self.referenceSlug(name).unicodeScalars), "\(name)")
        }
    }
}

@Suite struct EntityTypeRankTests {
    @Test func testTypeRankOrdersTypesAsTheirComparisonDoes() {
        for a in EntityType.allCases {
            for b in EntityType.allCases {
                #expect((ExtractionPipeline.typeRank(a) < ExtractionPipeline.typeRank(b)) == (a < b), "\(a) \(b)")
            }
        }
    }
}
