import Foundation
import Testing
@testable import PolicyGraph

@Suite struct FragmentSpillTests {
    private func fragment(_ i: Int) -> DocumentFragment {
        let text = String(repeating: "第\(i)段：世界贸易组织（WTO）。", count: 1 + i % 7)
        let block = Block(index: 0, kind: .paragraph, lang: .zh, text: text, firstLine: 1, lastLine: 1)
        let mention = Mention(type: .organization, surface: "WTO", blockIndex: 0, start: 9, end: 12, key: "organization:wto")
        return DocumentFragment(path: "d/\(i).txt", format: .plainText, encoding: .utf8, byteCount: text.utf8.count,
                                blocks: [block], mentions: [mention],
                                aliasDefinitions: [AliasDefinition(type: .organization, keyA: "organization:wto", keyB: "organization:世界贸易组织")])
    }

    @Test func testFragmentsStoredFromManyThreadsReadBackEqualAndLeaveNoFile() throws {
        let folder = try TemporaryFolder()
        let count = 200
        let spill = try FragmentSpill(in: folder.url, slots: count)
        // Unlinked at once: nothing to clean up after a crash.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            spill.store(try! FragmentCodec.encode(fragment(i)), slot: i)
        }
        #expect(spill.error == nil)
        for i in (0..<count).reversed() {
            #expect(spill.fragment(slot: i, path: "d/\(i).txt") == fragment(i))
        }
        // Read back under a new name, as for a renamed document.
        #expect(spill.fragment(slot: 3, path: "renamed.txt")?.path == "renamed.txt")
    }

    @Test func testFolderThatCannotHoldTheFileIsNamedInTheError() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("not-there")
        #expect {
            _ = try FragmentSpill(in: missing, slots: 1)
        } throws: { error in
            "\(error)".contains(missing.path)
        }
    }

    @Test func testSpilledFragmentsGiveTheSameGraphAsFragmentsInMemory() throws {
        let folder = try TemporaryFolder()
        let fragments = (0..<30).map(fragment)
        let spill = try FragmentSpill(in: folder.url, slots: fragments.count)
        for (i, f) in fragments.enumerated() { spill.store(try FragmentCodec.encode(f), slot: i) }
        let paths = fragments.map(\.path)
        let source = FragmentSource(paths: paths, aliasDefinitions: fragments.map(\.aliasDefinitions)) { spill.fragment(slot: $0, path: paths[$0])! }
        let resolver = Resolver(lexicon: Lexicon())
        let inMemory = resolver.applyingLearnedNames(to: fragments)
        let expected = GraphBuilder().build(inMemory, resolution: resolver.resolve(inMemory, threads: 2), threads: 2)
        let learned = resolver.applyingLearnedNames(to: source, threads: 2)
        let graph = GraphBuilder().build(learned, resolution: resolver.resolve(learned, threads: 2), threads: 2)
        #expect(graph == expected)
        #expect(graph.nodes.count > fragments.count)
    }
}
