import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives the system back the memory the allocator holds free, between the build's stages.
///
/// glibc's `malloc` keeps freed memory in its arenas for reuse and returns it to the system
/// only from the top of a heap. A build frees a great deal in the middle of its heaps: every
/// document's text and mentions once the graph has taken what it needs from them, the
/// resolution's tables, a batch's facts. Measured with `mallinfo2` on the 100 MB benchmark
/// corpus, right after the graph was built the heap held 834 MB of which 275 MB were in use,
/// and resident memory stayed at the 834 MB until the process ended. `malloc_trim(0)`
/// releases the free pages inside the heaps too (`madvise`), so resident memory follows what
/// is in use.
///
/// `malloc_trim` is glibc's, looked up when first needed: where it does not exist (another C
/// library, macOS) `release()` does nothing, and the build is the same, only larger.
enum MemoryTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()

    /// Returns free memory to the system. It costs a walk over the allocator's free lists
    /// (milliseconds), so it belongs between stages or batches, not inside loops.
    static func release() { _ = trim?(0) }
}
