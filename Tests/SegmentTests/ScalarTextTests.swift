import Foundation
import Testing
@testable import PolicyGraph

@Suite struct ScalarTextTests {
    @Test func testStringFromScalarsHasTheSameScalarsAndBytesAsTheScalarView() {
        let samples = ["", "a", "WTO", "世界贸易组织（WTO）", "é à ü ß", "𠀀𠀁 emoji 🙂 mixed 中文 text", "\u{0}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
                       "e\u{301} combining", String(repeating: "长文本 long text ", count: 50)]
        for sample in samples {
            let scalars = Array(sample.unicodeScalars)
            let fast = ScalarText.string(scalars)
            #expect(Array(fast.utf8) == Array(String(String.UnicodeScalarView(scalars)).utf8), "\(sample)")
            #expect(Array(fast.unicodeScalars) == scalars)
            if scalars.count > 2 {
                #expect(Array(ScalarText.string(scalars[1..<(scalars.count - 1)]).unicodeScalars) == Array(scalars[1..<(scalars.count - 1)]))
            }
        }
    }

    /// Every scalar the fast path trusts is left alone by Foundation's NFKC, on its own and
    /// after each other kind of scalar (so none composes with what stands before it).
    @Test func testScalarsCalledStableAreUnchangedByNFKC() {
        var stable: [Unicode.Scalar] = []
        for v in UInt32(0)...0x2FFFF {
            if let s = Unicode.Scalar(v), ScalarText.isCompatibilityStable(s) { stable.append(s) }
        }
        #expect(stable.count > 27_000)
        for s in stable {
            let text = String(String.UnicodeScalarView([s]))
            #expect(Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars) == [s], "U+\(String(s.value, radix: 16))")
        }
        // A run of all of them, in order and reversed, is unchanged too.
        for run in [stable, stable.reversed()] {
            let text = String(String.UnicodeScalarView(run))
            #expect(Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars) == run)
        }
    }

    @Test func testCompatibilityNormalizationMatchesFoundationWithAndWithoutTheFastPath() {
        let samples = ["18.9 万亿美元", "１８.９％", "Ｇ２０", "e\u{301}", "\u{3000}中国\u{3000}", "所谓“数字贸易”……", "ﬁnance", "²", "Ⅻ",
                       "World Trade Organization", "世界贸易组织（WTO）", "é", "A\u{30A}", "가", "\u{1100}\u{1161}"]
        for sample in samples {
            let expected = sample.precomposedStringWithCompatibilityMapping
            #expect(Array(ScalarText.compatibilityNormalized(sample).unicodeScalars) == Array(expected.unicodeScalars), "\(sample)")
        }
    }
}
