import Testing
@testable import PolicyGraph

@Suite struct ByteStringTableTests {
    @Test func stringsAreNumberedInFirstInsertionOrderAndFoundByTheirBytes() {
        var table = ByteStringTable()
        let words = (0..<500).map { Array("word\($0)".utf8) } + [Array("世界贸易组织".utf8), []]
        for (k, w) in words.enumerated() { #expect(table.insert(w) == k) }
        #expect(table.insert(Array("word7".utf8)) == 7)
        #expect(table.count == words.count)
        for (k, w) in words.enumerated() {
            #expect(table.index(of: w) == k)
            #expect(Array(table.bytes(at: k)) == w)
        }
        #expect(table.index(of: Array("word500".utf8)) == nil)
        #expect(table.index(of: Array("世界贸易".utf8)) == nil)
    }
}
