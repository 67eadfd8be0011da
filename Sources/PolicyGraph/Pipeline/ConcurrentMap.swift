import Foundation

/// Maps a function over an array on several threads and returns the results in input
/// order, so the outcome never depends on scheduling.
enum ConcurrentMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
        if items.isEmpty { return [] }
        let workers = max(1, min(threads, items.count))
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let next = NextIndex()
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.take(limit: items.count) {
                out[i] = transform(items[i])
            }
        }
        return results.map { $0! }
    }

    /// Replaces every element by `transform`, in place, on several threads; each element is
    /// touched by exactly one worker.
    static func update<T: Sendable>(_ items: inout [T], threads: Int, _ transform: @Sendable (inout T) -> Void) {
        if items.isEmpty { return }
        let workers = max(1, min(threads, items.count))
        let count = items.count
        items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            let next = NextIndex()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = next.take(limit: count) { transform(&slots[i]) }
            }
        }
    }

    /// A shared counter handing out work items one at a time (documents vary widely in size,
    /// so static chunking would leave a core idle).
    final class NextIndex: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func take(limit: Int) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
