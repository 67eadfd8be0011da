import Foundation
import Testing
@testable import PolicyGraph

@Suite struct TextDecoderTests {
    // "数字贸易规则，世界贸易组织（WTO）" in GB18030, written out by hand so the test does not
    // depend on the converter it checks.
    static let gb18030Sample: [UInt8] = [
        0xca, 0xfd, 0xd7, 0xd6, 0xc3, 0xb3, 0xd2, 0xd7, 0xb9, 0xe6, 0xd4, 0xf2,
        0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7, 0xc3, 0xb3, 0xd2, 0xd7, 0xd7, 0xe9,
        0xd6, 0xaf, 0xa3, 0xa8, 0x57, 0x54, 0x4f, 0xa3, 0xa9,
    ]

    @Test func testPlainUTF8IsDecodedUnchanged() throws {
        let doc = try DocumentReader().decode(Data("世界贸易组织\nWTO 2019\n".utf8), relativePath: "a.txt")
        #expect(doc.text == "世界贸易组织\nWTO 2019\n")
        #expect(doc.encoding == .utf8)
        #expect(doc.format == .plainText)
        #expect(doc.markupBlocks == nil)
    }

    @Test func testUTF8BOMIsStrippedAndCRLFAndLoneCRBecomeLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("第一行\r\n第二行\rthird\r\n\r\nend".utf8)
        let decoded = try TextDecoder.decode(bytes, path: "bom.txt")
        #expect(decoded.text == "第一行\n第二行\nthird\n\nend")
        #expect(decoded.encoding == .utf8)
        #expect(decoded.text.unicodeScalars.first != "\u{FEFF}")
    }

    @Test func testUTF16LittleEndianWithBOMIsDecoded() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "中文 WTO 𠀀\r\nx".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let decoded = try TextDecoder.decode(bytes, path: "le.txt")
        #expect(decoded.text == "中文 WTO 𠀀\nx")
        #expect(decoded.encoding == .utf16LE)
    }

    @Test func testUTF16BigEndianWithBOMIsDecoded() throws {
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in "欧盟 GDPR 2018".utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let decoded = try TextDecoder.decode(bytes, path: "be.txt")
        #expect(decoded.text == "欧盟 GDPR 2018")
        #expect(decoded.encoding == .utf16BE)
    }

    @Test func testUTF16UnpairedSurrogateIsUndecodableAtItsOffset() {
        // BOM, "A", then a lone high surrogate followed by "B".
        let bytes: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0x42, 0x00]
        #expect(throws: IngestError.undecodable(path: "s.txt", offset: 4)) {
            try TextDecoder.decode(bytes, path: "s.txt")
        }
    }

    @Test func testGB18030WithoutBOMIsDetectedFromTheBytes() throws {
        let decoded = try TextDecoder.decode(Self.gb18030Sample + Array("\r\n".utf8), path: "notice.txt")
        #expect(decoded.text == "数字贸易规则，世界贸易组织（WTO）\n")
        #expect(decoded.encoding == .gb18030)
    }

    @Test func testGB18030FourByteSequencesDecode() throws {
        // "é𠀀" (a Latin-1 letter and a supplementary-plane ideograph) use four-byte codes.
        let bytes: [UInt8] = Self.gb18030Sample + [0xa8, 0xa6, 0x95, 0x32, 0x82, 0x36]
        let decoded = try TextDecoder.decode(bytes, path: "four.txt")
        #expect(decoded.text.hasSuffix("é𠀀"))
        #expect(decoded.encoding == .gb18030)
    }

    @Test func testGBKFileWithHTMLExtensionIsDecodedBeforeParsing() throws {
        let html = Array("<html><head><meta charset=\"gb2312\"></head><body><p>".utf8) + Self.gb18030Sample
            + Array("</p></body></html>".utf8)
        let doc = try DocumentReader().decode(Data(html), relativePath: "gov.htm")
        #expect(doc.encoding == .gb18030)
        #expect(doc.text == "数字贸易规则，世界贸易组织（WTO）")
    }

    @Test func testEmptyFileIsAnError() {
        #expect(throws: IngestError.empty(path: "e.txt")) {
            try DocumentReader().decode(Data(), relativePath: "e.txt")
        }
    }

    @Test func testFileHoldingOnlyABOMIsEmpty() {
        #expect(throws: IngestError.empty(path: "b.txt")) {
            try TextDecoder.decode([0xEF, 0xBB, 0xBF], path: "b.txt")
        }
    }

    @Test func testNULByteMeansBinaryWithItsOffset() {
        // A PDF renamed to .txt.
        let pdf = Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A, 0x00, 0x01]
        #expect(throws: IngestError.binary(path: "report.txt", offset: 15)) {
            try DocumentReader().decode(Data(pdf), relativePath: "report.txt")
        }
    }

    @Test func testPNGRenamedToTextIsBinary() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        #expect(throws: IngestError.binary(path: "chart.txt", offset: 8)) {
            try TextDecoder.decode(png, path: "chart.txt")
        }
    }

    @Test func testUndecodableBytesNameTheOffsetOfTheFirstBadSequence() {
        // 0xFF is invalid in UTF-8 and in GB18030 alike.
        let bytes = Array("WTO rules 2019 ".utf8) + [0xFF, 0xFF] + Array(" end".utf8)
        #expect(throws: IngestError.undecodable(path: "x.txt", offset: 15)) {
            try TextDecoder.decode(bytes, path: "x.txt")
        }
    }

    @Test func testDamagedUTF8IsReportedNotTurnedIntoGB18030Mojibake() {
        // Long UTF-8 Chinese text with one stray byte: GB18030 would "decode" it as nonsense.
        let good = Array(String(repeating: "世界贸易组织发布数字贸易报告。", count: 4).utf8)
        let bytes = good + [0x80] + good
        #expect(throws: IngestError.undecodable(path: "d.txt", offset: good.count)) {
            try TextDecoder.decode(bytes, path: "d.txt")
        }
    }

    @Test func testUTF8WithBOMAndBadByteIsNotRetriedAsGB18030() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x41, 0xC3, 0x28]
        #expect(throws: IngestError.undecodable(path: "b.txt", offset: 4)) {
            try TextDecoder.decode(bytes, path: "b.txt")
        }
    }

    @Test func testUTF8ValidatorRejectsOverlongsSurrogatesAndTruncation() {
        func check(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { TextDecoder.firstInvalidUTF8($0) } }
        #expect(check(Array("plain ascii that is longer than eight bytes".utf8)) == nil)
        #expect(check(Array("中文 and 𠀀".utf8)) == nil)
        #expect(check([0x41, 0xC0, 0xAF]) == 1)             // overlong "/"
        #expect(check([0x41, 0x42, 0xED, 0xA0, 0x80]) == 2) // UTF-16 surrogate
        #expect(check([0xF4, 0x90, 0x80, 0x80]) == 0)       // above U+10FFFF
        #expect(check(Array("abcdefghij".utf8) + [0xE4, 0xB8]) == 10) // truncated at the end
    }
}
