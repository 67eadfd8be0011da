import Testing
@testable import PolicyGraph

/// The word-at-a-time scan in `JSONText.writeString` must give exactly the bytes of escaping
/// one scalar at a time, wherever the awkward character falls relative to the 8-byte words.
@Suite struct JSONStringEscapingTests {
    /// Escaping by the rules, one scalar at a time: the reference the fast scan must match.
    private func escapedByScalar(_ s: String) -> [UInt8] {
        var out: [UInt8] = Array("\"".utf8)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += Array("\\\"".utf8)
            case "\\": out += Array("\\\\".utf8)
            case "\n": out += Array("\\n".utf8)
            case "\r": out += Array("\\r".utf8)
            case "\t": out += Array("\\t".utf8)
            case "\u{2028}": out += Array("\\u2028".utf8)
            case "\u{2029}": out += Array("\\u2029".utf8)
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out += Array(String(scalar).utf8)
            }
        }
        return out + Array("\"".utf8)
    }

    @Test func testAwkwardCharacterAtEveryWordOffsetEscapesLikeScalarRules() {
        let awkward = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}",
                       "\u{2027}", "\u{202A}", "“", "”", "—", "…", "中", "😀", "\u{E000}", "\u{FFFD}", " "]
        let paddings = ["a", "中", "é", "😀"]
        for text in awkward {
            for padding in paddings {
                for before in 0..<18 {
                    for after in [0, 1, 7, 8, 9] {
                        let s = String(repeating: padding, count: before) + text + String(repeating: "x", count: after)
                        var out: [UInt8] = []
                        JSONText.writeString(s, into: &out)
                        #expect(out == escapedByScalar(s), "\(s.unicodeScalars.map { $0.value })")
                    }
                }
            }
        }
    }

    @Test func testLongPlainAndMixedTextEscapesLikeScalarRules() {
        var s = ""
        for k in 0..<600 {
            s += ["政策", "agreement ", "“合作”", "\"q\"", "a\\b", "\u{2028}", "\u{1}", "…", "😀", "\t"][k % 10]
            var out: [UInt8] = []
            JSONText.writeString(s, into: &out)
            #expect(out == escapedByScalar(s))
        }
    }

    /// A control byte, `"`, `\` or 0xE2 (which may start U+2028/U+2029).
    private func needsCareAlone(_ b: UInt8) -> Bool {
        if b < 0x20 { return true }
        return b == 0x22 || b == 0x5C || b == 0xE2
    }

    @Test func testWordScanFlagsEveryByteThatNeedsCare() {
        for fill: UInt8 in [0x61, 0x80, 0xBF, 0xE3, 0x7F, 0x20] {
            for b in 0...255 {
                for position in 0..<8 {
                    var bytes = [UInt8](repeating: fill, count: 8)
                    bytes[position] = UInt8(b)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let needsCare = bytes.contains(where: needsCareAlone)
                    #expect(JSONText.mayNeedEscape(word) == needsCare)
                }
            }
        }
    }
}
