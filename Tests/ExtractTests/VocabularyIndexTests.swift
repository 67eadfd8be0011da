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

@Suite struct NumberParsingTests {
    /// The digits as first built: appended one character at a time.
    static func referenceDigits(_ text: [Unicode.Scalar], at start: Int) -> String? {
        guard start < text.count, let first = NumberGrammar.digitValue(text[start]) else { return nil }
        var digits = String(first)
        var i = start + 1
        var groupLength = 1
        var separated = false
        func threeDigitGroup(_ i: Int) -> Bool {
            guard i + 3 <= text.count else { return false }
            for k in i..<(i + 3) where !NumberGrammar.isDigit(text[k]) { return false }
            return i + 3 == text.count || !NumberGrammar.isDigit(text[i + 3])
        }
        while i < text.count {
            if let d = NumberGrammar.digitValue(text[i]) { digits.append(Character(Unicode.Scalar(UInt8(48 + d)))); groupLength += 1; i += 1; continue }
            if text[i] == ",", threeDigitGroup(i + 1), separated ? groupLength == 3 : groupLength <= 3 { separated = true; groupLength = 0; i += 1; continue }
            break
        }
        if i + 1 < text.count, text[i] == "." || text[i] == "．", let d = NumberGrammar.digitValue(text[i + 1]) {
            digits.append("."); digits.append(Character(Unicode.Scalar(UInt8(48 + d)))); i += 2
            while i < text.count, let d = NumberGrammar.digitValue(text[i]) { digits.append(Character(Unicode.Scalar(UInt8(48 + d)))); i += 1 }
        }
        return digits
    }

    @Test func testDigitsWrittenInOneGoEqualDigitsAppendedOneByOne() {
        var rng = SeededRandom(seed: 5)
        let pieces: [String] = ["1", "2", "0", "9", "１", "２", ",", ".", "．", "000", "123", ",456", " ", "亿", "a"]
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<(1 + rng.below(8)) { s += pieces[rng.below(pieces.count)] }
            let text = Array(s.unicodeScalars)
            for start in text.indices {
                #expect(NumberGrammar.parse(text, at: start)?.digits == Self.referenceDigits(text, at: start), "\(s) @\(start)")
            }
        }
    }
}

@Suite struct YearMatchSharingTests {
    @Test func testAChangedVocabularyGetsANewIdentityAndCopiesShareTheirs() {
        var vocabulary = FigureVocabulary.standard
        let copy = vocabulary
        #expect(copy.identity === vocabulary.identity)
        vocabulary.notCountNouns.insert("widgets")
        #expect(copy.identity !== vocabulary.identity)
    }

    @Test func testRecognisersUseSharedYearMatchesOnlyWhenFoundWithTheirOwnVocabulary() throws {
        let block = Block(index: 0, kind: .paragraph, lang: .zh, text: "2019 年出口额为 18.9 万亿美元，2020 年 6 月增长 5%。", firstLine: 1, lastLine: 1)
        var other = FigureVocabulary.standard
        other.units.add("年", FigureVocabulary.UnitWord(unit: "年", kind: .unit))
        let matcher = LexiconMatcher(lexicon: Lexicon())
        for years in [YearRecognizer(), YearRecognizer(vocabulary: other)] {
            let analysis = BlockAnalysis(block: block, matcher: matcher, vocabulary: .shared, years: years)
            #expect(YearRecognizer().mentions(in: analysis) == YearRecognizer().mentions(in: block))
            #expect(FigureRecognizer().mentions(in: analysis) == FigureRecognizer().mentions(in: block))
            #expect(YearRecognizer(vocabulary: other).mentions(in: analysis) == YearRecognizer(vocabulary: other).mentions(in: block))
        }
        #expect(!YearRecognizer().mentions(in: block).isEmpty)
    }
}
