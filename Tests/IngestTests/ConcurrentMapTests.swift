import Foundation
import Testing
@testable import PolicyGraph

/// Counts the instances alive, so a test can see whether results were freed.
private final class Tracked: @unchecked Sendable {
    static let lock = NSLock()
    nonisolated(unsafe) static var alive = 0
    let value: Int

    init(_ value: Int) {
        self.value = value
        Self.lock.withLock { Self.alive += 1 }
    }

    deinit { Self.lock.withLock { Self.alive -= 1 } }

    static var aliveNow: Int { lock.withLock { alive } }
}

@Suite("ConcurrentMap", .serialized)
struct ConcurrentMapTests {
    @Test func resultsComeInInputOrderWhateverTheThreads() {
        for threads in [1, 2, 7] {
            #expect(ConcurrentMap.map(Array(0..<100), threads: threads) { $0 * 3 } == (0..<100).map { $0 * 3 })
        }
    }

    @Test func arrayIsMadeInIndexOrderWhateverTheThreads() {
        for count in [0, 1, 5, 16, 17, 1000] {
            for threads in [1, 2, 7] {
                #expect(ConcurrentMap.array(count: count, threads: threads) { $0 * $0 } == (0..<count).map { $0 * $0 })
            }
        }
        let before = Tracked.aliveNow
        do {
            let made = ConcurrentMap.array(count: 50, threads: 2) { Tracked($0) }
            #expect(made.map(\.value) == Array(0..<50))
        }
        #expect(Tracked.aliveNow == before)
    }

    /// A result the caller drops must be freed: a build's fragments are results of this map,
    /// and a leaked reference kept every document's text and mentions alive for the whole
    /// build (and made every later change to them copy them first).
    @Test func resultsAreFreedOnceTheCallerDropsThem() {
        let before = Tracked.aliveNow
        do {
            let results = ConcurrentMap.map(Array(0..<64), threads: 2) { Tracked($0) }
            #expect(results.map { $0.value } == Array(0..<64))
            #expect(Tracked.aliveNow == before + 64)
        }
        #expect(Tracked.aliveNow == before)
    }

    @Test func mapConsumingChangesEachElementAndFreesItsResults() {
        let before = Tracked.aliveNow
        var items = (0..<40).map { [$0] }
        do {
            let results = ConcurrentMap.mapConsuming(&items, threads: 2) { item -> Tracked in
                defer { item = [] }
                return Tracked(item[0] + 1)
            }
            #expect(results.map { $0.value } == Array(1...40))
        }
        #expect(items.allSatisfy { $0.isEmpty })
        #expect(Tracked.aliveNow == before)
    }
}
