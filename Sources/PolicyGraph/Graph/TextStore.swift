import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The texts of a built graph (figure sentences, relation evidence, mention surfaces and
/// qualifiers), each written once into one growing region and named by a small `Ref`; in a
/// large build the region is a temporary file the kernel pages, like the record files
/// (`RecordFile`). Any bytes go: the graph builder also keeps each document's mention counts
/// in a store of their own until the edges are drafted.
///
/// ```swift
/// let store = TextStore(folder: stateFolder)       // nil: in memory
/// let ref = store.append("2019 年，出口额为 18.9 万亿美元。")
/// store.string(ref)                                 // the same text back
/// ```
///
/// Why: at 1 GB of text the sentences a graph keeps came to hundreds of megabytes of `String`
/// objects, held from the gathering of the first batch to the end of the exports; here they
/// are bytes side by side, 8 bytes of reference apiece. In a file, texts are written through
/// the mapping (those pages leave resident memory whenever `dropResidentPages` is called) and
/// read back with `pread`, so reading never makes the file resident (see `withBytes`).
///
/// The region is one reservation of address space, filled chunk by chunk, so a text's bytes
/// stay where they were written; in memory they are read in place without a copy. A file's
/// chunk has its disk blocks reserved (`posix_fallocate`) before anything is written into it,
/// so a full disk never becomes a `SIGBUS`: the store then goes on with memory chunks and
/// says so once through `onFileFailure`. Appends take a lock; reads take none (a text is read
/// only by code that was handed its reference after it was written).
final class TextStore: @unchecked Sendable {
    /// Where a text lies in the store, in 8 bytes (a graph holds millions): its offset in the
    /// low 40 bits (the reservation is at most 1 TB), its length in the high 24. A text of
    /// `Ref.long` bytes or more is written after its length in 8 bytes, and its reference
    /// points at that length.
    struct Ref: Hashable, Sendable {
        fileprivate var bits: UInt64

        /// The length that says the text is long.
        static let long = (1 << 24) - 1

        fileprivate init(offset: Int, count: Int) {
            bits = UInt64(offset) | UInt64(Swift.min(count, Self.long)) << 40
        }

        fileprivate var offset: Int { Int(bits & (1 << 40 - 1)) }
        fileprivate var count: Int { Int(bits >> 40) }
    }

    /// The start of the reservation.
    private let base: UnsafeMutableRawPointer
    private let reserved: Int
    /// The file, or -1 when the store is in memory.
    private let fd: Int32
    private let lock = NSLock()
    /// Bytes written, and bytes of chunks ready for writing; chunks below `fileEnd` are the
    /// file's pages (the only ones whose pages may be dropped), those above it memory.
    private var written = 0
    private var mapped = 0
    private var fileEnd = 0
    private var onFileFailure: ((String) -> Void)?

    /// A store in memory, or in a temporary file in `folder` when one is given and can be made
    /// (otherwise in memory, and `onFileFailure` is told why).
    init(folder: URL? = nil, onFileFailure: ((String) -> Void)? = nil) {
        // Address space only: nothing is committed until a chunk is mapped over it. A smaller
        // reservation is tried when a limit on address space refuses a large one.
        var size = 1 << 40
        var region: UnsafeMutableRawPointer?
        while region == nil && size >= 1 << 30 {
            let p = mmap(nil, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            if let p, p != UnsafeMutableRawPointer(bitPattern: -1) { region = p } else { size /= 4 }
        }
        guard let region else { fatalError("cannot reserve address space for the graph's texts: \(String(cString: strerror(errno)))") }
        base = region
        reserved = size
        self.onFileFailure = onFileFailure
        var fd: Int32 = -1
        if let folder {
            fd = UnlinkedTemporaryFile.open(in: folder, prefix: "texts")
            if fd < 0 { onFileFailure?("cannot make the build's temporary text file in \(folder.path): \(String(cString: strerror(errno)))") }
        }
        self.fd = fd
    }

    deinit {
        munmap(base, reserved)
        if fd >= 0 { close(fd) }
    }

    /// Whether the store's texts are (so far) all in its file.
    var isInFile: Bool { fd >= 0 && fileEnd == mapped }

    /// Writes `text` and returns its reference.
    func append(_ text: String) -> Ref {
        var text = text
        return text.withUTF8 { append(bytes: $0) }
    }

    func append(bytes: UnsafeBufferPointer<UInt8>) -> Ref {
        lock.lock()
        defer { lock.unlock() }
        let prefix = bytes.count >= Ref.long ? 8 : 0
        if written + prefix + bytes.count > mapped { grow(toHold: written + prefix + bytes.count) }
        if prefix > 0 { (base + written).storeBytes(of: UInt64(bytes.count), as: UInt64.self) }
        if let source = bytes.baseAddress, !bytes.isEmpty {
            (base + written + prefix).copyMemory(from: source, byteCount: bytes.count)
        }
        let ref = Ref(offset: written, count: bytes.count)
        written += prefix + bytes.count
        return ref
    }

    /// Calls `body` with the bytes of `ref`: read from the file into a scratch buffer when the
    /// store is a file, else in place.
    ///
    /// Why not read a file's texts in place too: on this machine's kernel (6.18, ext4) a read
    /// through the mapping maps the whole cached folio around it (about 1 MB resident per
    /// scattered read), so node making and the exports, reading texts all over the file,
    /// brought up to 280 MB of it into the resident set between two `dropResidentPages`. A
    /// `pread` leaves the pages in the page cache, outside the process. Bytes beyond the file
    /// (memory chunks, after the disk refused more) read short and are read in place.
    func withBytes<R>(_ ref: Ref, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if fd >= 0 {
            let count = count(ref), offset = ref.offset + (ref.count == Ref.long ? 8 : 0)
            let read: R? = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1)) { buffer in
                let bytes = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
                guard readFromFile(into: UnsafeMutableRawBufferPointer(bytes), at: offset) else { return nil }
                return try body(UnsafeBufferPointer(bytes))
            }
            if let read { return read }
        }
        if ref.count == Ref.long {
            let count = Int((base + ref.offset).loadUnaligned(as: UInt64.self))
            return try body(UnsafeBufferPointer(start: (base + ref.offset + 8).assumingMemoryBound(to: UInt8.self), count: count))
        }
        return try body(UnsafeBufferPointer(start: (base + ref.offset).assumingMemoryBound(to: UInt8.self), count: ref.count))
    }

    func string(_ ref: Ref) -> String { withBytes(ref) { String(decoding: $0, as: UTF8.self) } }

    /// The length of `ref`'s text in bytes: a short one's is in the reference, a long one's is
    /// the 8 bytes before it (read alone, not the text).
    func count(_ ref: Ref) -> Int {
        guard ref.count == Ref.long else { return ref.count }
        var long: UInt64 = 0
        if fd >= 0, withUnsafeMutableBytes(of: &long, { readFromFile(into: $0, at: ref.offset) }) { return Int(long) }
        return Int((base + ref.offset).loadUnaligned(as: UInt64.self))
    }

    /// Fills `buffer` from the file at `offset`; false when the file ends first or a read fails.
    private func readFromFile(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        UnlinkedTemporaryFile.transferAll(count: buffer.count) { pread(fd, buffer.baseAddress! + $0, buffer.count - $0, off_t(offset + $0)) }
    }

    /// Takes the file's pages written so far out of resident memory (they read back
    /// unchanged); nothing for a store in memory. Cheap when few of them are resident.
    func dropResidentPages() {
        lock.lock()
        let end = fileEnd
        lock.unlock()
        if end > 0 { madvise(base, end, MADV_DONTNEED) }
    }

    /// Maps chunks until `end` bytes fit: a chunk is an eighth of what is mapped (1–64 MB,
    /// or the text's size when larger).
    private func grow(toHold end: Int) {
        while mapped < end {
            // Whole 64 KB units, so every chunk starts and ends on a page.
            let unit = 1 << 16
            let chunk = (Swift.max(Swift.max(1 << 20, Swift.min(1 << 26, mapped / 8)), end - mapped) + unit - 1) / unit * unit
            precondition(mapped + chunk <= reserved, "the graph's texts outgrew their \(reserved >> 30) GB of address space")
            let at = base + mapped
            if fd >= 0 && fileEnd == mapped {
                #if canImport(Glibc)
                let error = posix_fallocate(fd, off_t(mapped), off_t(chunk))
                #else
                let error = ftruncate(fd, off_t(mapped + chunk)) == 0 ? 0 : errno
                #endif
                if error == 0, let p = mmap(at, chunk, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, off_t(mapped)),
                   p != UnsafeMutableRawPointer(bitPattern: -1) {
                    mapped += chunk
                    fileEnd = mapped
                    continue
                }
                onFileFailure?("cannot grow the build's temporary text file to \(mapped + chunk) bytes: "
                               + String(cString: strerror(error != 0 ? error : errno)) + "; further texts stay in memory")
                onFileFailure = nil
            }
            guard let p = mmap(at, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                  p != UnsafeMutableRawPointer(bitPattern: -1) else {
                fatalError("cannot map memory for the graph's texts: \(String(cString: strerror(errno)))")
            }
            mapped += chunk
        }
    }
}
