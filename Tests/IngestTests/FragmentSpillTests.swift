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

    /// A spill in `folder` holding `fragments`, fragment `i` in slot `i`.
    private func spilled(_ fragments: [DocumentFragment], in folder: TemporaryFolder) throws -> FragmentSpill {
        let spill = try FragmentSpill(in: folder.url, slots: fragments.count)
        for (i, f) in fragments.enumerated() { spill.store(try FragmentCodec.encode(f), slot: i) }
        return spill
    }

    @Test func testSpilledFragmentsGiveTheSameGraphAsFragmentsInMemory() throws {
        let folder = try TemporaryFolder()
        let fragments = (0..<30).map(fragment)
        let spill = try spilled(fragments, in: folder)
        let paths = fragments.map(\.path)
        let source = FragmentSource(paths: paths, aliasDefinitions: fragments.map(\.aliasDefinitions)) { spill.fragment(slot: $0, path: paths[$0])! }
        let resolver = Resolver(lexicon: Lexicon())
        let inMemory = resolver.applyingLearnedNames(to: fragments)
        let expected = GraphBuilder().build(inMemory, resolution: resolver.resolve(inMemory, threads: 2), threads: 2)
        let learned = resolver.applyingLearnedNames(to: source, threads: 2)
        let graph = GraphBuilder().build(learned, resolution: resolver.resolve(learned, threads: 2), threads: 2)
        #expect(graph == expected)
        #expect(graph.nodes.count > fragments.count)
        // As the build does it: names learned once, each fragment searched on its first read
        // and its new mentions written beside it, read settled by the graph.
        let plain = spill.source(of: Array(fragments.indices), paths: paths, aliasDefinitions: fragments.map(\.aliasDefinitions))
        // Learned names read the mentions alone, without the blocks.
        for p in [0, 7, 29] { #expect(plain.mentions(p) == fragments[p].mentions) }
        let additions = try #require(resolver.learnedNameAdditions(in: plain, threads: 2))
        let settled = spill.source(of: Array(fragments.indices), paths: paths, aliasDefinitions: fragments.map(\.aliasDefinitions),
                                   additions: additions)
        let resolution = resolver.resolve(settled, threads: 2)
        let built = GraphBuilder().build(settled, resolution: resolution, threads: 2)
        #expect(spill.error == nil)
        #expect(built == expected)
        // The build's graph reads a source holding neither the definitions nor the names.
        let forGraph = spill.settledSource(of: Array(fragments.indices), paths: paths)
        #expect(forGraph.aliasDefinitions.isEmpty)
        #expect(GraphBuilder().build(forGraph, resolution: resolution, threads: 2) == expected)
        #expect(spill.error == nil)
    }

    /// Counts calls from any thread.
    private final class CallCount: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    @Test func testAFragmentChangedOnItsFirstReadIsReadBackChangedAndNotSearchedAgain() throws {
        let folder = try TemporaryFolder()
        let fragments = (0..<40).map(fragment)
        let spill = try spilled(fragments, in: folder)
        // Slots in another order than positions, as a build with failed documents has them.
        let slots = Array(fragments.indices.reversed())
        let paths = slots.map { fragments[$0].path }
        let calls = CallCount()
        let gained = Mention(type: .organization, surface: "世界贸易组织", blockIndex: 0, start: 3, end: 9,
                             key: "organization:世界贸易组织")
        let source = spill.source(of: slots, paths: paths, aliasDefinitions: slots.map { fragments[$0].aliasDefinitions }) { f in
            calls.add()
            // Every other fragment gains a mention; the rest are left as they are.
            return f.blocks[0].text.count % 2 == 0 ? [gained] : []
        }
        let first = ConcurrentMap.map(Array(paths.indices), threads: 3) { source.fragment($0) }
        let second = ConcurrentMap.map(Array(paths.indices), threads: 3) { source.fragment($0) }
        #expect(spill.error == nil)
        #expect(calls.value == fragments.count)
        #expect(first == second)
        for (p, f) in second.enumerated() {
            let original = fragments[slots[p]]
            #expect(f.path == original.path)
            let gains = original.blocks[0].text.count % 2 == 0
            #expect(f.mentions.count == original.mentions.count + (gains ? 1 : 0))
            // Merged in text order, as resolution merges learned names.
            var expected = original
            if gains { Resolver.merge([gained], into: &expected) }
            #expect(f == expected)
        }
        #expect(second.contains { $0.mentions.count == 2 } && second.contains { $0.mentions.count == 1 })
        // Settled: the same fragments, without calling `additions` again.
        let settled = spill.settledSource(of: slots, paths: paths)
        #expect(ConcurrentMap.map(Array(paths.indices), threads: 3) { settled.fragment($0) } == second)
        #expect(calls.value == fragments.count)
        #expect(spill.error == nil)
    }

    @Test func testASettledSourceRefusesAFragmentWhoseLearnedNamesWereNeverFound() throws {
        let folder = try TemporaryFolder()
        let fragments = (0..<3).map(fragment)
        let spill = try spilled(fragments, in: folder)
        let paths = fragments.map(\.path)
        // Without learned names every fragment reads as stored.
        #expect(spill.settledSource(of: [0, 1, 2], paths: paths).fragment(1) == fragments[1])
        #expect(spill.error == nil)
        // With them, a fragment resolution never read is an internal error, not a silent miss.
        let learned = spill.source(of: [0, 1, 2], paths: paths, aliasDefinitions: [[], [], []]) { _ in [] }
        _ = learned.fragment(0)
        _ = learned.fragment(2)
        let settled = spill.settledSource(of: [0, 1, 2], paths: paths)
        #expect(settled.fragment(0) == fragments[0])
        #expect(spill.error == nil)
        #expect(settled.fragment(1).blocks.isEmpty)
        let error = try #require(spill.error)
        #expect(error.description.contains(fragments[1].path))
        #expect(error.description.contains("learned names"))
    }
}
