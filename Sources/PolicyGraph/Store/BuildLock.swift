import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a build could not take its output folder's lock.
public enum BuildLockError: Error, Sendable, CustomStringConvertible {
    /// Another process holds the lock (its pid when it wrote one).
    case held(lockFile: String, pid: Int32?)
    case cannotOpen(lockFile: String, reason: String)

    public var description: String {
        switch self {
        case .held(let file, let pid):
            let who = pid.map { "another build (pid \($0))" } ?? "another build"
            return "\(who) is writing to this output folder; wait for it to finish or pass --wait (lock file: \(file))"
        case .cannotOpen(let file, let reason):
            return "\(file): cannot open the build lock: \(reason)"
        }
    }
}

/// One build at a time per output folder: an advisory `flock` on `<out>/.policygraph/lock`,
/// which holds the holder's pid for the message a second build prints. The kernel drops the
/// lock when the holder exits or is killed, so a crashed build never leaves a stale lock.
///
/// ```swift
/// let lock = try BuildLock.acquire(URL(fileURLWithPath: "Output/.policygraph/lock"), wait: false)
/// defer { lock.release() }
/// ```
public final class BuildLock: @unchecked Sendable {
    public let url: URL
    private var descriptor: Int32
    private let mutex = NSLock()

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = descriptor
    }

    /// Takes the lock, creating the file and its folder. With `wait`, blocks until the holder
    /// finishes; otherwise throws `.held` naming the holder's pid.
    public static func acquire(_ url: URL, wait: Bool, onWait: ((Int32?) -> Void)? = nil) throws(BuildLockError) -> BuildLock {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(lockFile: url.path, reason: error.localizedDescription)
        }
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw .cannotOpen(lockFile: url.path, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            guard err == EWOULDBLOCK else {
                close(fd)
                throw .cannotOpen(lockFile: url.path, reason: String(cString: strerror(err)))
            }
            let holder = holderPid(fd)
            guard wait else {
                close(fd)
                throw .held(lockFile: url.path, pid: holder)
            }
            onWait?(holder)
            while flock(fd, LOCK_EX) != 0 {
                if errno != EINTR {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw .cannotOpen(lockFile: url.path, reason: reason)
                }
            }
        }
        // Ours now: record our pid for whoever comes next.
        let pid = Data("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return BuildLock(url: url, descriptor: fd)
    }

    /// The pid a lock file names, if any (for `status` and messages).
    public static func holder(of url: URL) -> Int32? {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        // Only report a holder that still holds the lock: a shared lock succeeds otherwise.
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return holderPid(fd)
    }

    private static func holderPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }

    /// Releases the lock (also done on deinit and, by the kernel, on exit).
    public func release() {
        mutex.lock(); defer { mutex.unlock() }
        guard descriptor >= 0 else { return }
        // Leave the file in place: removing it would let two later builds lock different inodes.
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
