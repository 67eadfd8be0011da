import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A build's scratch files (the fragment spill, the graph's record files) are made in the
/// output's state folder and unlinked at once: the open descriptor keeps them alive, a killed
/// build leaves nothing behind, and the disk space comes back when the descriptor is closed.
///
/// ```swift
/// let fd = UnlinkedTemporaryFile.open(in: stateFolder, prefix: "records")   // -1 and errno on failure
/// ```
enum UnlinkedTemporaryFile {
    /// A new file `<prefix>.XXXXXX` in `folder`, already unlinked, open for reading and writing;
    /// -1 with `errno` set when it cannot be made.
    static func open(in folder: URL, prefix: String) -> Int32 {
        var template = Array(folder.appendingPathComponent("\(prefix).XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) } }
        return fd
    }

    /// Runs `transfer(done)` (a `pread` or `pwrite` of what is left after `done` bytes) until
    /// `count` bytes have moved; false when the call fails or moves nothing (`errno` says why;
    /// a read past the file's end moves nothing).
    static func transferAll(count: Int, _ transfer: (Int) -> Int) -> Bool {
        var done = 0
        while done < count {
            let n = transfer(done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
