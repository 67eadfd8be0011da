import Foundation
import Testing
@testable import PolicyGraph

/// The flat-automaton `LexiconMatcher` must find exactly what the dictionary trie it replaced
/// found, in the same order, on real text and on text built to stress its edge cases (case,
/// full-width forms, spaces inside names, word boundaries, blocking phrases, non-BMP scalars).
@Suite struct LexiconMatcherEquivalenceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Blocks of every document in `Corpus/`, as extraction sees them.
    static func corpusBlocks() throws -> [[Unicode.Scalar]] {
        let scan = try FolderScanner().scan(packageRoot.appendingPathComponent("Corpus"))
        var out: [[Unicode.Scalar]] = []
        for entry in scan.documents {
            let document = try DocumentReader().decode(try Data(contentsOf: entry.url), relativePath: entry.relativePath)
            out += Segmenter().segment(document).map { Array($0.text.unicodeScalars) }
        }
        return out
    }

    /// Texts made of lexicon names, their pieces and neighbours that test the boundary rules.
    static func stressTexts(_ lexicon: Lexicon, count: Int) -> [[Unicode.Scalar]] {
        var rng = SeededRandom(seed: 7)
        let names = lexicon.entries.flatMap(\.names) + NamePatternVocabulary.shared.blockingPhrases
        let glue: [String] = [" ", "  ", "", "的", "和", "x", "X", "1", "-", "（", "）", "\n", "\u{3000}", "𠀀", "é", "Ｗ", ".", "s"]
        func mutate(_ name: String) -> String {
            var scalars = Array(name.unicodeScalars)
            switch rng.below(6) {
            case 0: return name.lowercased()
            case 1: return name.uppercased()
            case 2:  // full-width Latin
                scalars = scalars.map { s in (0x21...0x7E).contains(s.value) ? Unicode.Scalar(s.value + 0xFEE0)! : s }
            case 3:  // a space somewhere inside
                if scalars.count > 1 { scalars.insert(" ", at: 1 + rng.below(scalars.count - 1)) }
            case 4:  // cut short
                scalars = Array(scalars.prefix(max(1, scalars.count - 1 - rng.below(2))))
            default: break
            }
            var v = String.UnicodeScalarView(); v.append(contentsOf: scalars)
            return String(v)
        }
        var texts: [[Unicode.Scalar]] = []
        for _ in 0..<count {
            var text = ""
            for _ in 0..<(3 + rng.below(12)) {
                text += glue[rng.below(glue.count)]
                text += mutate(names[rng.below(names.count)])
            }
            texts.append(Array(text.unicodeScalars))
        }
        return texts
    }

    @Test func testFlatMatcherFindsWhatTheDictionaryTrieFound() throws {
        let lexicon = try Lexicon.bundled()
        let blocking = NamePatternVocabulary.shared.blockingPhrases
        let fast = LexiconMatcher(lexicon: lexicon, blocking: blocking)
        let reference = DictionaryTrieMatcher(lexicon: lexicon, blocking: blocking)
        let texts = try Self.corpusBlocks() + Self.stressTexts(lexicon, count: 3000)
        var compared = 0, found = 0
        for text in texts {
            let a = fast.matches(in: text), b = reference.matches(in: text)
            #expect(a == b, "\(String(String.UnicodeScalarView(text)))")
            compared += 1
            found += a.count
        }
        #expect(compared > 3000)
        #expect(found > 10_000)  // the texts really hold names
    }

    @Test func testFlatMatcherAgreesOnAPositionIndexedLexicon() {
        // How `LearnedNames` builds its matcher: canonical names prefixed by an index, aliases as written.
        let names = ["DETF", "数字经济任务组", "Digital Economy Task Force", "TiSA", "e-Trade Alliance", "G20 TIWG"]
        let lexicon = Lexicon(entries: names.enumerated().map { i, n in
            Lexicon.Entry(type: .organization, canonical: "\(i)\t\(n)", aliases: [n]) })
        let fast = LexiconMatcher(lexicon: lexicon)
        let reference = DictionaryTrieMatcher(lexicon: lexicon)
        for text in ["the DETF and detf met; 数字经济 任务组（DETF）", "TISA TiSA tisa e-trade alliance E-Trade Alliance",
                     "G20 TIWG G20TIWG xG20 TIWG", ""] {
            let scalars = Array(text.unicodeScalars)
            #expect(fast.matches(in: scalars) == reference.matches(in: scalars), "\(text)")
        }
    }
}
