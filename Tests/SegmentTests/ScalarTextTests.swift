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

@Suite struct HyphenationEvidenceTests {
    /// The evidence as first gathered: every scalar of the text, decoded.
    static func reference(_ text: String) -> (words: Set<String>, hyphenated: Set<String>) {
        var words = Set<String>(), hyphenated = Set<String>()
        var current: [Unicode.Scalar] = []
        var hasHyphen = false
        func flush() {
            if current.count > 1, current.last != "-" {
                let w = String(String.UnicodeScalarView(current)).lowercased()
                if hasHyphen { hyphenated.insert(w) } else { words.insert(w) }
            }
            current.removeAll(); hasHyphen = false
        }
        for s in text.unicodeScalars {
            if ScalarClass.isLatinLetter(s) { current.append(s) } else if s == "-", !current.isEmpty { current.append(s); hasHyphen = true } else { flush() }
        }
        flush()
        return (words, hyphenated)
    }

    @Test func testEvidenceFromUTF8BytesEqualsEvidenceFromDecodedScalars() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scan = try FolderScanner().scan(root.appendingPathComponent("Corpus"))
        var texts = try scan.documents.map { try DocumentReader().decode(try Data(contentsOf: $0.url), relativePath: $0.relativePath).text }
        texts += ["Crème-brûlée and naïve co-operation; façade×2 ÷ Ĳssel ɐɏ Ȁ", "中文cross-border数字-贸易e-commerce🙂emoji-test 𠀀abc",
                  "interna-\ntional e-\ncommerce", "ÀÉÎ-õü ÿ-Ÿ", "-lead trail- a-b-c"]
        for text in texts {
            let repair = HyphenationRepair(documentText: text)
            let expected = Self.reference(text)
            #expect(repair.words == expected.words)
            #expect(repair.hyphenated == expected.hyphenated)
        }
    }
}

@Suite struct CaptionLabelTests {
    /// The label tests as first written: the head lower-cased as a string, compared by characters.
    static func referenceNumbered(_ s: [Unicode.Scalar]) -> String? {
        guard let first = s.first, CaptionDetector.labelInitials.contains(first) else { return nil }
        let head = String(String.UnicodeScalarView(s.prefix(8))).lowercased()
        for label in CaptionDetector.numberedLabels where head.hasPrefix(label) {
            var k = label.unicodeScalars.count
            while k < s.count, s[k] == " " { k += 1 }
            var numbers = 0
            while k < s.count, ScalarClass.isDigit(s[k]) || ScalarClass.isChineseNumeral(s[k]) || (numbers > 0 && (s[k] == "." || s[k] == "-" || s[k] == "－")) {
                numbers += 1; k += 1
            }
            guard numbers > 0, numbers <= 6 else { continue }
            if k == s.count { return label }
            let c = s[k]
            if c == "：" || c == ":" || c == "." || c == " " || c == "\u{3000}" || ScalarClass.isHan(c) && label.unicodeScalars.allSatisfy(ScalarClass.isHan) { return label }
        }
        return nil
    }

    static func referenceSource(_ s: [Unicode.Scalar]) -> Bool {
        let head = String(String.UnicodeScalarView(s.prefix(10))).lowercased()
        for label in CaptionDetector.sourceLabels where head.hasPrefix(label) {
            let k = label.unicodeScalars.count
            guard k < s.count else { continue }
            if s[k] == "：" || s[k] == ":" { return true }
        }
        return false
    }

    @Test func testInPlaceLabelComparisonAgreesWithStringComparison() {
        let lines = ["表 1：全球贸易", "图2 数字经济", "Table 3: Trade", "TABLE 12 Data", "Figure 4.1 Growth", "Fig. 5 x", "Source: WTO", "SOURCES: IMF",
                     "数据来源：商务部", "资\u{F9BE}来源：统计局", "资料来源：统计局", "注：单位", "Note: all", "Notes:", "Chart 1", "Box 2：", "Exhibit 3 ",
                     "Map 4", "The table 1", "Ta\u{301}ble 1: x", "İable 1", "Tablé 1", "表格 3 ", "图表 1—", "Map", "Source", "来源:", "说明：",
                     "Sources 2019", "N", "", "\u{FF34}able 1"]
        for line in lines {
            let s = Array(line.unicodeScalars)
            #expect(CaptionDetector.numberedLabel(s) == Self.referenceNumbered(s), "\(line)")
            #expect(CaptionDetector.sourceLabel(s) == Self.referenceSource(s), "\(line)")
        }
    }
}

@Suite struct ScalarDecodingTests {
    @Test func testScalarsDecodedFromUTF8EqualTheStringsScalarView() {
        var texts = ["", "a", "世界贸易组织（WTO）", "é à ü ß", "🙂𠀀 mixed 中文", "\u{0}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}", "e\u{301}"]
        var rng = SeededRandom(seed: 9)
        let pool: [Unicode.Scalar] = ["a", "Z", "\n", "é", "\u{7FF}", "\u{800}", "中", "\u{FFFD}", "\u{FFFF}", "🙂", "\u{10FFFF}", "\u{3000}"]
        for _ in 0..<200 {
            texts.append(String(String.UnicodeScalarView((0..<rng.below(40)).map { _ in pool[rng.below(pool.count)] })))
        }
        for text in texts {
            #expect(ScalarText.scalars(text) == Array(text.unicodeScalars), "\(text)")
        }
    }
}

@Suite struct LineSplitTests {
    /// Lines as first split: scalar by scalar through the string, carriage returns dropped.
    static func referenceLines(_ text: String) -> [SourceLine] {
        let classifier = LineClassifier()
        var result: [SourceLine] = []
        var current: [Unicode.Scalar] = []
        var number = 0
        for s in text.unicodeScalars {
            if s == "\n" { number += 1; result.append(classifier.makeLine(current, number: number)); current.removeAll() }
            else if s != "\r" { current.append(s) }
        }
        if !current.isEmpty { number += 1; result.append(classifier.makeLine(current, number: number)) }
        return classifier.rejoinSuperscriptCuts(result)
    }

    @Test func testLinesCutFromScalarsEqualLinesBuiltScalarByScalar() {
        let texts = ["", "\n", "\r", "\r\n", "a\r\nb\r\n", "  甲乙。 \n\n丙\n", "x\ry\n \r \n", "trailing\r", "end\n\r\r", "   \n\t\n",
                     "下降了 2.8%；1\n 服务贸易出口\n", "last line without newline", "\u{3000}全角空格\u{3000}\n"]
        for text in texts {
            let fast = LineClassifier().lines(of: text), reference = Self.referenceLines(text)
            #expect(fast.count == reference.count, "\(text.debugDescription)")
            for (a, b) in zip(fast, reference) {
                #expect(a.scalars == b.scalars && a.firstLine == b.firstLine && a.lastLine == b.lastLine && a.leadingSpaces == b.leadingSpaces
                        && a.trailingSpaces == b.trailingSpaces && a.blankLength == b.blankLength && a.cuts == b.cuts && a.width == b.width,
                        "\(text.debugDescription)")
            }
        }
    }
}
