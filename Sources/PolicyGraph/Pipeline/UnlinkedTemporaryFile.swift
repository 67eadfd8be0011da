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
}
