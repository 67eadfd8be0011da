import Testing
@testable import PolicyGraph

@Suite struct SegmenterSmokeTests {
    @Test func blankLinesSeparateBlocksInTheSkeleton() {
        let doc = SourceDocument(path: "a.txt", format: .plainText, encoding: .utf8, text: "甲\n\n乙\n", byteCount: 8)
        #expect(Segmenter().segment(doc).count == 2)
    }
}
