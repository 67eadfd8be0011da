import Dispatch
import Foundation
import Testing
@testable import PolicyGraph

/// A built graph keeps its sentences and evidence as bytes in one store (a file in a large
/// build); they must read back unchanged, whatever became of their pages, and lists of them
/// must behave as lists of strings.
@Suite struct TextStoreTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("texts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Texts of many lengths (about 40 MB for 20,000), one far larger than the first chunks, so
    /// that texts cross chunks and chunks of many sizes are mapped.
    private func texts(_ count: Int) -> [String] {
        (0..<count).map { k in
            if k == count / 2 { return String(repeating: "长句子 long sentence。", count: 150_000) }
            return "第 \(k) 句：" + String(repeating: "贸易 trade ", count: k % 300) + (k % 3 == 0 ? "é" : "e\u{301}")
        }
    }

    @Test func testTextsReadBackAfterTheirPagesAreDroppedAndTheFileLeavesNothingBehind() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var failures: [String] = []
        let store = TextStore(folder: dir) { failures.append($0) }
        let written = texts(20_000)
        let refs = written.map { store.append($0) }
        #expect(store.isInFile && failures.isEmpty)
        store.dropResidentPages()
        #expect(refs.map { store.string($0) } == written)
        #expect(zip(refs, written).allSatisfy { ref, text in store.withBytes(ref) { $0.elementsEqual(text.utf8) } })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "unlinked at once")
    }

    /// A reference has 24 bits for a length: texts of that length and longer take another way
    /// (their length written before them), in a file as in memory.
    @Test(arguments: [true, false]) func testTextsLongerThanAReferenceCanSayReadBackWhole(inFile: Bool) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TextStore(folder: inFile ? dir : nil)
        let long = TextStore.Ref.long
        let written = ["short", String(repeating: "a", count: long - 1), "between", String(repeating: "b", count: long),
                       String(repeating: "字", count: long / 3 + 5), "", "after é"]
        let refs = written.map { store.append($0) }
        #expect(store.isInFile == inFile)
        store.dropResidentPages()
        for (ref, text) in zip(refs, written) {
            #expect(store.withBytes(ref) { $0.count } == text.utf8.count)
            #expect(store.count(ref) == text.utf8.count)
            #expect(store.string(ref) == text)
        }
    }

    @Test func testAStoreWhereNoFileCanBeMadeKeepsItsTextsInMemoryAndSaysWhy() {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        var failures: [String] = []
        let store = TextStore(folder: missing) { failures.append($0) }
        let written = texts(3_000)
        let refs = written.map { store.append($0) }
        store.dropResidentPages()  // nothing to drop in memory: the texts must survive it
        #expect(!store.isInFile)
        #expect(failures.count == 1 && failures[0].contains(missing.path))
        #expect(refs.map { store.string($0) } == written)
    }

    @Test func testTwoThreadsAppendingAtOnceEachReadBackTheirOwnTexts() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TextStore(folder: dir)
        final class Results: @unchecked Sendable { var refs: [[TextStore.Ref]] = [[], []] }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { t in
            let refs = (0..<20_000).map { store.append("thread \(t) text \($0) " + String(repeating: "字", count: $0 % 50)) }
            results.refs[t] = refs  // each thread writes its own slot
        }
        for t in 0..<2 {
            #expect(results.refs[t].enumerated().allSatisfy { k, ref in
                store.string(ref) == "thread \(t) text \(k) " + String(repeating: "字", count: k % 50)
            })
        }
    }

    @Test func testAListKeepsEachTextOnceByItsBytesInAStoreAsInMemory() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = texts(5_000)
        for store in [TextStore(folder: dir), nil] {
            var builder = TextList.Builder(store: store)
            let first = written.map { builder.intern($0) }
            let again = written.reversed().map { builder.intern($0) }
            #expect(first == Array(0..<Int32(written.count)), "every text is new the first time")
            #expect(again == first.reversed(), "and found again after")
            // Canonically equal, different bytes: two texts, as a build keeps them.
            #expect(builder.intern("café") != builder.intern("cafe\u{301}"))
            #expect(Array(builder.list.prefix(written.count)) == written)
        }
    }

    @Test func testDistinctSortedPositionsGiveTheOrderOfSortedStrings() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = SystemRandomNumberGenerator()
        let pool = ["b", "a", "é", "e\u{301}", "Z", "贸易", "z", "", "a b", "ab"]
        let strings = (0..<400).map { _ in pool.randomElement(using: &random)! + pool.randomElement(using: &random)! }
        let expected = GraphBuilder.distinctSorted(strings)
        for store in [TextStore(folder: dir), nil] {
            // As the graph gathers them: each text once by bytes, positions repeated.
            var builder = TextList.Builder(store: store)
            let positions = strings.map { Int(builder.intern($0)) }
            let list = builder.list
            #expect(list.count < strings.count)
            let picked = list.selecting(list.distinctSortedPositions(ofDistinctTexts: positions))
            #expect(Array(picked) == expected)
            #expect(picked == TextList(expected) && picked.hashValue == TextList(expected).hashValue)
        }
    }
}
