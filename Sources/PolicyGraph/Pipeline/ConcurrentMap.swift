import Foundation

/// Maps a function over an array on several threads and returns the results in input
/// order, so the outcome never depends on scheduling.
enum ConcurrentMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
        collect(count: items.count, threads: threads) { transform(items[$0]) }
    }

    /// Replaces every element by `transform`, in place, on several threads; each element is
    /// touched by exactly one worker.
    static func update<T: Sendable>(_ items: inout [T], threads: Int, _ transform: @Sendable (inout T) -> Void) {
        _ = mapConsuming(&items, threads: threads, transform)
    }

    /// Empties `items`, their elements freed on `threads` workers: a large array of small
    /// allocations (strings, short lists) freed on one thread keeps the other cores idle.
    /// The elements are copied into one array per worker first (a retain each, no copy of
    /// what they hold), which those workers then free.
    static func release<T: Sendable>(_ items: inout [T], threads: Int) {
        guard threads > 1, items.count > 1 else { items = []; return }
        var parts = ranges(count: items.count, threads: threads).map { Array(items[$0]) }
        items = []
        update(&parts, threads: threads) { $0 = [] }
    }

    /// `map` over elements the transform may also change in place (typically to release what
    /// it no longer needs); each element is touched by exactly one worker.
    static func mapConsuming<T: Sendable, R: Sendable>(_ items: inout [T], threads: Int,
                                                        _ transform: @Sendable (inout T) -> R) -> [R] {
        let count = items.count
        return items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            return collect(count: count, threads: threads) { transform(&slots[$0]) }
        }
    }

    /// `[make(0), make(1), …]`, built on `threads` workers in consecutive ranges, each element
    /// written straight into the result's storage (no optional slot, no copy).
    static func array<R: Sendable>(count: Int, threads: Int, _ make: @Sendable (Int) -> R) -> [R] {
        let parts = ranges(count: count, threads: threads)
        return [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            _ = collect(count: parts.count, threads: threads) { p in
                for i in parts[p] { (out.baseAddress! + i).initialize(to: make(i)) }
            }
            initialized = count
        }
    }

    /// Consecutive ranges covering `0..<count`: several per worker, so that one range heavier
    /// than the others does not leave the other workers idle.
    static func ranges(count: Int, threads: Int) -> [Range<Int>] {
        let parts = threads <= 1 ? 1 : min(count, threads * 8)
        guard count > 0 else { return [] }
        return (0..<parts).map { p in (count * p / parts)..<(count * (p + 1) / parts) }
    }

    /// Consecutive batches of `0..<count` for stages that take documents a batch at a time
    /// (each batch on all workers, then merged before the next is read): enough per worker
    /// to keep every core busy, few enough that a batch's working data stays small next to
    /// the whole build's.
    static func batches(count: Int, threads: Int, perThread: Int = 256) -> [Range<Int>] {
        let size = max(1, threads) * max(1, perThread)
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// `body(0..<count)` on up to `threads` workers, each taking the next index as it is free,
    /// with the results in index order. Each result is written straight into the array's
    /// storage, exactly once: an earlier version went through a buffer of optionals and copied
    /// the results out without deinitialising it, so every result stayed retained once too
    /// often and nothing it held (a document's texts and mentions) was ever freed.
    private static func collect<R: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> R) -> [R] {
        [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 {
                nonisolated(unsafe) let out = buffer
                let next = NextIndex()
                DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
                    while let i = next.take(limit: count) { (out.baseAddress! + i).initialize(to: body(i)) }
                }
            }
            initialized = count
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
