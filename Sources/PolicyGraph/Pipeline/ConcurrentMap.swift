import Foundation

/// Maps a function over an array on several threads and returns the results in input
/// order, so the outcome never depends on scheduling.
enum ConcurrentMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
        if items.isEmpty { return [] }
        let workers = max(1, min(threads, items.count))
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        let next = NextIndex()
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.take(limit: items.count) {
                out[i] = transform(items[i])
            }
        }
        return movedOut(results)
    }

    /// The results, moved (not copied) out of their buffer, which is then freed. Copying them
    /// and freeing the buffer without deinitialising it would leave every result retained
    /// once too often: nothing a result holds (a document's texts and mentions) would ever be
    /// freed, and every later change to it would copy it first.
    private static func movedOut<R>(_ results: UnsafeMutableBufferPointer<R?>) -> [R] {
        var moved: [R] = []
        moved.reserveCapacity(results.count)
        for i in results.indices { moved.append(results.moveElement(from: i)!) }
        results.deallocate()
        return moved
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

    /// `map` over elements the transform may also change in place (typically to release what
    /// it no longer needs); each element is touched by exactly one worker.
    static func mapConsuming<T: Sendable, R: Sendable>(_ items: inout [T], threads: Int,
                                                        _ transform: @Sendable (inout T) -> R) -> [R] {
        if items.isEmpty { return [] }
        let workers = max(1, min(threads, items.count))
        let count = items.count
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        nonisolated(unsafe) let out = results
        items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            let next = NextIndex()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = next.take(limit: count) { out[i] = transform(&slots[i]) }
            }
        }
        return movedOut(results)
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
