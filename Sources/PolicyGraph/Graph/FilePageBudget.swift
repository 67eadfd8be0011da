import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many pages of files the process may hold resident before a large build's loops drop
/// those of its record files and text stores (`RecordFile`, `TextStore`).
///
/// Dropping is not free: every page dropped that is touched again costs a page fault, and on
/// ext4 a fault maps the whole cached folio around the byte (up to about 1 MB), so a loop
/// that dropped the texts' pages every few documents spent more time in the kernel than in
/// its own code (at 1 GB of text, 44 of the gathering's 125 CPU seconds were system time,
/// nearly all of it page faults and `madvise` by `perf`). Checking what is resident first lets
/// the pages stay while there are few of them, and still bounds them when there are many (at
/// 1 GB the gathering's system time fell to 37 s: its batches touch pages all over the record
/// file, so the budget is soon spent there).
enum FilePageBudget {
    /// Resident pages of files, in bytes, above which the loops drop theirs. Measured on the
    /// 100 MB benchmark corpus, spilled: 64 MB took the gathering's system time from 2.2 to
    /// 1.3 s, 128 MB to 0.6 s, and raised the build's peak from 290 to 300 and 355 MB. These
    /// are pages of files, which the kernel can take back when memory is short, unlike the
    /// heap's; at 1 GB of text the peak is the exports', where they change nothing.
    static let bytes = 128 << 20

    /// Whether the process's resident file pages (the third field of `/proc/self/statm`,
    /// which also counts the executable's and libraries' pages) pass `bytes`. Always true
    /// where that file cannot be read, so pages are dropped as if there were no budget.
    static var isExceeded: Bool {
        guard let shared = residentFileBytes() else { return true }
        return shared > bytes
    }

    static func residentFileBytes() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        // "size resident shared text lib data dt", in pages.
        let fields = buffer[..<n].split(separator: UInt8(ascii: " "))
        guard fields.count >= 3, let pages = Int(String(decoding: fields[2], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }
}
