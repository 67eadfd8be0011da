import Foundation
import Testing
@testable import PolicyGraph

/// The in-place search for blocking words between a party and its cue answers what the
/// Foundation search it replaced answered.
@Suite struct RelationSearchTests {
    static func reference(_ spans: SentenceSpans, _ range: Range<Int>) -> Bool {
        let lead = " " + spans.text(of: range).lowercased() + " "
        return RelationFinder.blockingWords.contains(where: { lead.contains($0) })
    }

    @Test func testBlockingWordSearchAgreesWithFoundationOnCorpusTextAndOddText() throws {
        var texts = try LexiconMatcherEquivalenceTests.corpusBlocks().map { String(String.UnicodeScalarView($0)) }
        texts += ["美国 未 签署", "China has NOT signed", "Japan   will\tsign", "X Ｎｏｔ y", "e\u{301} never é", "申请\u{302A}加入",
                  "the Members agreed", " members ", "Canada PLANS TO join", String(repeating: "长句子没有标点", count: 80) + " not "]
        var rng = SeededRandom(seed: 3)
        var blocked = 0, compared = 0
        for text in texts {
            let spans = SentenceSpans(text)
            guard spans.count > 0 else { continue }
            for _ in 0..<40 {
                let a = rng.below(spans.count + 1), b = rng.below(spans.count + 1)
                let range = min(a, b)..<max(a, b)
                let fast = RelationFinder.leadBlocks(spans, range)
                #expect(fast == Self.reference(spans, range), "\(spans.text(of: range))")
                if fast { blocked += 1 }
                compared += 1
            }
        }
        #expect(compared > 1000)
        #expect(blocked > 100)
    }

    /// Cue search as first written: every cue over the whole text.
    static func referenceOccurrences(_ spans: SentenceSpans, _ cues: [String]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        let lowered = spans.scalars.map { s -> Unicode.Scalar in ("A"..."Z").contains(s) ? Unicode.Scalar(s.value + 32)! : s }
        func isLatinLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        for cue in cues {
            let pattern = Array(cue.unicodeScalars)
            guard let first = pattern.first, pattern.count <= lowered.count else { continue }
            let latin = isLatinLetter(first)
            var i = 0
            while i + pattern.count <= lowered.count {
                if lowered[i] == first && lowered[i..<(i + pattern.count)].elementsEqual(pattern) {
                    let end = i + pattern.count
                    if (!latin || i == 0 || !isLatinLetter(lowered[i - 1])) && (!latin || end == lowered.count || !isLatinLetter(lowered[end])) {
                        found.append(i..<end)
                    }
                }
                i += 1
            }
        }
        return found.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
    }

    @Test func testOnePassCueSearchFindsWhatTheSearchPerCueFound() throws {
        var texts = try LexiconMatcherEquivalenceTests.corpusBlocks().map { String(String.UnicodeScalarView($0)) }
        texts += ["China SIGNED and Japan signed; assigned. 成员国包括中国", "签署签署", "is a member of", "Members include: Japan", "a"]
        var found = 0
        for text in texts {
            let spans = SentenceSpans(text)
            for cues in [RelationFinder.forwardCues, RelationFinder.reverseCues] {
                let fast = spans.occurrences(of: CueList(cues))
                #expect(fast == Self.referenceOccurrences(spans, cues), "\(text)")
                found += fast.count
            }
        }
        #expect(found > 10)
    }
}
