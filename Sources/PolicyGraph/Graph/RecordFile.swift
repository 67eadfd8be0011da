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
    private let fd: Int32

    /// Makes the file in `folder` (the output's state folder, whose disk the build uses anyway)
    /// and maps it; `byteCount` must be positive.
    init(in folder: URL, byteCount: Int) throws(OutputError) {
        precondition(byteCount > 0, "a record file holds at least one byte")
        func failure(_ what: String) -> OutputError {
            OutputError(path: folder.path, reason: "cannot \(what) the build's temporary record file (\(byteCount) bytes): "
                            + String(cString: strerror(errno)))
        }
        var template = Array(folder.appendingPathComponent("records.XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("make") }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
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

    private static let pageSize = UInt(max(4096, sysconf(Int32(_SC_PAGESIZE))))
}
