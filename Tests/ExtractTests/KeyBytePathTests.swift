import Foundation
import Testing
@testable import PolicyGraph

/// Keys worked out on UTF-8 bytes for text NFKC leaves alone answer what the general path over
/// normalised scalars answers, for every kind of surface (and the general path still serves
/// the rest: full-width forms, combining marks, characters beyond the BMP).
@Suite struct KeyBytePathTests {
    /// `NameScalars.normalizedKey` as first written: NFKC, blanks dropped, Latin folded.
    static func referenceKey(_ surface: String) -> String {
        var out: [Unicode.Scalar] = []
        for s in ScalarText.compatibilityNormalized(surface).unicodeScalars where !NameScalars.isSpace(s) {
            out.append(NameScalars.fold(s))
        }
        return ScalarText.string(out)
    }

    /// `FigureRecognizer.key(forSurface:)` as first written.
    static func referenceFigureKey(_ surface: String) -> String {
        "figure:" + ScalarText.string(ScalarText.compatibilityNormalized(surface).unicodeScalars.filter { s in
            s.value < 0x80 ? !(s.value == 0x20 || (0x09...0x0D).contains(s.value)) : !s.properties.isWhitespace
        })
    }

    static let surfaces = [
        "World Trade Organization", "世界贸易组织（WTO）", "Ａｓｉａ－Ｐａｃｉｆｉｃ Forum", "Crème Brûlée\tFund",
        "数字 经济\n伙伴关系协定", "ÀÉÎ Œuvre", "e\u{301}cole", "G20 研究小组", "𠀀abc", "18.9 万亿美元", "１８．９％",
        "US$ 4\u{00A0}900 亿", "“数字丝路”\r\n倡议", "", " ",
    ]

    @Test func testNormalizedAndPatternKeysEqualTheGeneralPath() {
        for surface in Self.surfaces {
            #expect(NameScalars.normalizedKey(surface) == Self.referenceKey(surface))
            #expect(BlockAnalysis.patternKey(.agreement, surface) == "agreement:" + Self.referenceKey(surface))
        }
    }

    @Test func testFigureKeysEqualTheGeneralPath() {
        for surface in Self.surfaces {
            #expect(FigureRecognizer.key(forSurface: surface) == Self.referenceFigureKey(surface))
        }
    }

    @Test func testContinuationBytesCountedByWordsEqualAByteByByteCount() {
        for surface in Self.surfaces + [String(repeating: "中a€𠀀", count: 37), "abcdefg", "abcdefgh中"] {
            var text = surface
            let counted = text.withUTF8 { ScalarText.continuationBytes($0) }
            #expect(counted == surface.utf8.filter { $0 & 0xC0 == 0x80 }.count)
            #expect(ScalarText.scalars(surface) == Array(surface.unicodeScalars))
        }
    }
}
