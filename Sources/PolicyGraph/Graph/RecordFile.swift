import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Room for a large build's fixed-size records (the provenance of every mention) in a
/// temporary file mapped into memory, so that the kernel pages them like any file instead of
/// the process holding them.
///
/// ```swift
/// let file = try RecordFile(in: stateFolder, byteCount: 32 * mentionCount)
/// let records = file.base.bindMemory(to: ProvenanceList.Record.self, capacity: mentionCount)
/// records[0] = record; file.dropResidentPages()   // still there when read again
/// ```
///
/// Why: at 1 GB of text the provenance records alone were 611 MB of the build's 3 GB peak, all
/// resident from the end of gathering to the end of the JSON-LD export. Written through a
/// shared mapping, the records are the file's pages: `dropResidentPages` (`MADV_DONTNEED`)
/// takes them out of the process's resident memory without losing a byte (for a shared file
/// mapping the kernel keeps what was written in the file's pages and maps them back on the
/// next touch), and when memory is short the kernel writes them out and reuses it. The build
/// drops them after each batch it gathers and after each chunk of the export it renders.
///
/// The file is unlinked as soon as it is made, so a killed build leaves nothing behind, and
/// its blocks are reserved at once (`posix_fallocate`): a full disk is an error here, not a
/// `SIGBUS` in the middle of writing a record into a page the file system cannot place.
final class RecordFile: @unchecked Sendable {
    /// The start of the mapping: page-aligned, `byteCount` bytes, zero-filled at first.
    let base: UnsafeMutableRawPointer
    let byteCount: Int
    /// Where the file was made: a build's other record files go beside it.
    let folder: URL
    private let fd: Int32

    /// Makes the file in `folder` (the output's state folder, whose disk the build uses anyway)
    /// and maps it; `byteCount` must be positive.
    init(in folder: URL, byteCount: Int) throws(OutputError) {
        precondition(byteCount > 0, "a record file holds at least one byte")
        func failure(_ what: String) -> OutputError {
            OutputError(path: folder.path, reason: "cannot \(what) the build's temporary record file (\(byteCount) bytes): "
                            + String(cString: strerror(errno)))
        }
        let fd = UnlinkedTemporaryFile.open(in: folder, prefix: "records")
        guard fd >= 0 else { throw failure("make") }
        #if canImport(Glibc)
        // posix_fallocate returns the error number rather than setting errno.
        let reserved = posix_fallocate(fd, 0, off_t(byteCount))
        if reserved != 0 { errno = reserved }
        #else
        let reserved = ftruncate(fd, off_t(byteCount))
        #endif
        guard reserved == 0 else {
            let error = failure("reserve disk space for")
            close(fd)
            throw error
        }
        guard let base = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
              base != UnsafeMutableRawPointer(bitPattern: -1) else {
            let error = failure("map")
            close(fd)
            throw error
        }
        self.fd = fd
        self.base = base
        self.byteCount = byteCount
        self.folder = folder
    }

    deinit {
        munmap(base, byteCount)
        close(fd)
    }

    /// Takes every page of the file out of this process's resident memory; what was written
    /// stays in the file and reads back unchanged.
    func dropResidentPages() { madvise(base, byteCount, MADV_DONTNEED) }

    /// The same for the pages holding `bytes` bytes from `start` (a pointer into this file),
    /// widened to whole pages: dropping a neighbour's page costs it a page fault, never data.
    func dropResidentPages(from start: UnsafeRawPointer, bytes: Int) {
        guard bytes > 0 else { return }
        let page = Self.pageSize
        let low = max(UInt(bitPattern: Int(bitPattern: start)) / page * page, UInt(bitPattern: Int(bitPattern: base)))
        let end = UInt(bitPattern: Int(bitPattern: start)) + UInt(bytes)
        let high = min((end + page - 1) / page * page, UInt(bitPattern: Int(bitPattern: base)) + UInt(byteCount))
        guard high > low, let pointer = UnsafeMutableRawPointer(bitPattern: low) else { return }
        madvise(pointer, Int(high - low), MADV_DONTNEED)
    }

    /// Writes `bytes` into the file at `destination` (a pointer into this file) with `pwrite`
    /// rather than through the mapping; what is written reads back through the mapping (both
    /// are the file's pages). Falls back to a copy through the mapping should `pwrite` fail.
    func write(_ bytes: UnsafeRawBufferPointer, at destination: UnsafeMutableRawPointer) {
        let offset = destination - base
        precondition(offset >= 0 && offset + bytes.count <= byteCount, "a write outside the record file")
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            (destination + done).copyMemory(from: bytes.baseAddress! + done, byteCount: bytes.count - done)
            return
        }
    }

    private static let pageSize = UInt(max(4096, sysconf(Int32(_SC_PAGESIZE))))
}

/// Records bound for places all over a `RecordFile`, held until `flush` writes them in file
/// order with one `pwrite` per run of adjacent places.
///
/// Why: a batch of documents gives a few mentions to each of many entities, whose rooms lie
/// all over the provenance file. Stored through the mapping, every record dirtied a page of
/// its own (a page fault each) and kept it resident until the pages were dropped, every few
/// documents so that they would not pile up, after which the next record there faulted
/// again: at 1 GB of text the gathering spent 41 of its 76 seconds in the kernel. Written
/// with `pwrite`, the records go into the file's pages without mapping them at all.
///
/// ```swift
/// var staging = RecordStaging<Int64>(file: file)
/// staging.add(7, at: start + 3)
/// staging.flush()   // now start[3] == 7
/// ```
struct RecordStaging<Element>: @unchecked Sendable {
    let file: RecordFile
    private var pending: [(place: UnsafeMutablePointer<Element>, element: Element)] = []

    init(file: RecordFile) {
        precondition(_isPOD(Element.self), "a record file holds plain records only")
        self.file = file
    }

    var isEmpty: Bool { pending.isEmpty }

    /// `element` is to go to `place` (a pointer into `file`); it reads back there only after
    /// the next `flush`.
    mutating func add(_ element: Element, at place: UnsafeMutablePointer<Element>) {
        pending.append((place, element))
    }

    /// Writes every pending record to its place, in file order.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        pending.sort { $0.place < $1.place }
        var run: [Element] = []
        run.reserveCapacity(64)
        var i = 0
        while i < pending.count {
            let first = pending[i].place
            run.removeAll(keepingCapacity: true)
            var next = first
            while i < pending.count && pending[i].place == next {
                run.append(pending[i].element)
                next += 1
                i += 1
            }
            run.withUnsafeBytes { file.write($0, at: UnsafeMutableRawPointer(first)) }
        }
        pending = []  // a batch's worth of room is not kept between batches
    }
}

/// Fixed-size records in an array, or in room of a `RecordFile` (a large build's provenance
/// and edges): read the same way either way, through `withUnsafeBufferPointer`.
///
/// ```swift
/// var buffer = RecordBuffer<Int64>(file: file, start: start)   // or RecordBuffer([1, 2])
/// buffer.append(7, room: 100)      // the 101st would move the records into an array
/// buffer.withUnsafeBufferPointer { $0.reduce(0, +) }
/// ```
///
/// The room a buffer has in its file is given at each `append`, by its one owner (a list being
/// built): copies of a buffer share the file, so only the original may append.
struct RecordBuffer<Element>: RandomAccessCollection {
    private enum Storage {
        case array([Element])
        case mapped(file: RecordFile, start: UnsafeMutablePointer<Element>, count: Int)
    }

    private var storage: Storage

    init(_ elements: [Element] = []) { storage = .array(elements) }

    /// An empty buffer whose records go into `file` from `start`, room the caller owns.
    init(file: RecordFile, start: UnsafeMutablePointer<Element>) { self.init(file: file, start: start, count: 0) }

    /// The `count` records already written into `file` from `start`. Only plain records (no
    /// references, which a file's bytes would neither retain nor release) go into a file.
    init(file: RecordFile, start: UnsafeMutablePointer<Element>, count: Int) {
        precondition(_isPOD(Element.self), "a record file holds plain records only")
        storage = .mapped(file: file, start: start, count: count)
    }

    /// The file the records are in, if they are in one.
    var recordFile: RecordFile? {
        if case .mapped(let file, _, _) = storage { return file }
        return nil
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    var count: Int {
        switch storage {
        case .array(let elements): elements.count
        case .mapped(_, _, let count): count
        }
    }

    /// Whether the records are in a `RecordFile`.
    var isInRecordFile: Bool {
        if case .mapped = storage { return true }
        return false
    }

    subscript(position: Int) -> Element { withUnsafeBufferPointer { $0[position] } }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        switch storage {
        case .array(let elements): try elements.withUnsafeBufferPointer(body)
        case .mapped(let file, let start, let count):
            try withExtendedLifetime(file) { try body(UnsafeBufferPointer(start: start, count: count)) }
        }
    }

    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        switch storage {
        case .array(var elements):
            storage = .array([])  // so the array is not copied on write
            defer { storage = .array(elements) }
            return try elements.withUnsafeMutableBufferPointer { try body($0) }
        case .mapped(let file, let start, let count):
            return try withExtendedLifetime(file) { try body(UnsafeMutableBufferPointer(start: start, count: count)) }
        }
    }

    /// Appends `element`; in a file, where the buffer has room for `room` records in all
    /// (beyond it the records move to an array).
    mutating func append(_ element: Element, room: Int) {
        switch storage {
        case .mapped(let file, let start, let count) where count < room:
            (start + count).initialize(to: element)
            storage = .mapped(file: file, start: start, count: count + 1)
        case .mapped:
            var elements = withUnsafeBufferPointer { Array($0) }
            elements.append(element)
            storage = .array(elements)
        case .array(var elements):
            storage = .array([])  // so the append does not copy the array
            elements.append(element)
            storage = .array(elements)
        }
    }

    /// `append(_:room:)` for a buffer in a file whose record is written later, by `staging`
    /// (whose file this buffer's must be): until `staging.flush()` the record is counted but
    /// does not read back. A buffer in an array appends as `append(_:room:)` does.
    mutating func append(_ element: Element, room: Int, staging: inout RecordStaging<Element>) {
        if case .mapped(let file, let start, let count) = storage {
            precondition(file === staging.file, "a record staged for another file")
            if count < room {
                staging.add(element, at: start + count)
                storage = .mapped(file: file, start: start, count: count + 1)
                return
            }
            // Beyond its room the buffer moves its records into an array, reading them back.
            staging.flush()
        }
        append(element, room: room)
    }

    mutating func reserveCapacity(_ n: Int) {
        if case .array(var elements) = storage {
            storage = .array([])
            elements.reserveCapacity(n)
            storage = .array(elements)
        }
    }

    /// Takes the pages holding records `range` out of resident memory when they are in a file
    /// (they read back unchanged); nothing for an array.
    func dropResidentPages(_ range: Range<Int>? = nil) {
        guard case .mapped(let file, let start, let count) = storage else { return }
        let range = range ?? 0..<count
        file.dropResidentPages(from: UnsafeRawPointer(start + range.lowerBound), bytes: range.count * MemoryLayout<Element>.stride)
    }

    /// Passes the records to `body` a slice at a time (with the position of its first record),
    /// dropping each slice's pages once read when they are in a file, so a pass over all of
    /// them never holds more than a slice resident. Stops when `body` returns false.
    func scan(_ body: (UnsafeBufferPointer<Element>, Int) throws -> Bool) rethrows {
        let step = isInRecordFile ? 1 << 18 : Swift.max(1, count)
        try withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = Swift.min(start + step, all.count)
                let goOn = try body(UnsafeBufferPointer(rebasing: all[start..<end]), start)
                dropResidentPages(start..<end)
                if !goOn { return }
                start = end
            }
        }
    }

    /// The records sorted by `key` into `output` (empty, with room for them all) a part of
    /// `partSize` at a time: each part sorted in place (`sortInPlace`), its pages dropped, then
    /// the parts merged in one pass whose read and written pages are dropped as it goes. Keys
    /// must be unique, as for `sortInPlace`. So only a part is ever resident, where one sort of
    /// a large build's edges in their file held every page of it at once (386 MB at 1 GB).
    mutating func sortInParts(partSize: Int, into output: inout RecordBuffer, key: (Element) -> UInt64) {
        let total = count, step = Swift.max(1, partSize)
        let parts = stride(from: 0, to: total, by: step).map { $0..<Swift.min($0 + step, total) }
        // Each part's pages go once it is sorted (kept to the end, every page was resident at once).
        for part in parts {
            withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[part]).sortInPlace(byKey: key) }
            dropResidentPages(part)
        }
        withUnsafeBufferPointer { all in
            var next = parts.map(\.lowerBound), dropped = next
            var heads: [UInt64?] = parts.map { key(all[$0.lowerBound]) }
            while true {
                // A few parts: the smallest head by a linear look.
                var best = -1
                for p in heads.indices { if let k = heads[p], best < 0 || k < heads[best]! { best = p } }
                guard best >= 0 else { break }
                output.append(all[next[best]], room: total)
                next[best] += 1
                heads[best] = next[best] < parts[best].upperBound ? key(all[next[best]]) : nil
                if output.count % (1 << 18) == 0 {
                    output.dropResidentPages(output.count - (1 << 18)..<output.count)
                    for p in parts.indices where next[p] > dropped[p] {
                        dropResidentPages(dropped[p]..<next[p])
                        dropped[p] = next[p]
                    }
                }
            }
        }
        dropResidentPages()
        output.dropResidentPages()
    }

    /// Where the records lie in their file, if they are in one.
    var fileSpan: (file: RecordFile, low: UnsafeRawPointer, high: UnsafeRawPointer)? {
        guard case .mapped(let file, let start, let count) = storage, count > 0 else { return nil }
        return (file, UnsafeRawPointer(start), UnsafeRawPointer(start + count))
    }

    /// `dropResidentPages` for many buffers at once, one call over the span they cover in their
    /// file (a build's lists lie side by side in one file).
    static func dropResidentPages(_ buffers: some Sequence<RecordBuffer>) {
        var span: (file: RecordFile, low: UnsafeRawPointer, high: UnsafeRawPointer)?
        func drop() { if let span { span.file.dropResidentPages(from: span.low, bytes: span.high - span.low) } }
        for buffer in buffers {
            guard let next = buffer.fileSpan else { continue }
            if let s = span, s.file === next.file {
                span = (next.file, Swift.min(s.low, next.low), Swift.max(s.high, next.high))
            } else {
                drop()
                span = next
            }
        }
        drop()
    }
}

extension RecordBuffer: @unchecked Sendable where Element: Sendable {}
