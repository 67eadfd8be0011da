import Foundation

/// Where a `GraphWriter` puts its bytes: an open file, written in chunks of about a megabyte
/// so an export never sits whole in memory, or memory, for `render(_:)` and tests.
///
/// ```swift
/// var sink = OutputSink.memory()
/// try JSONLDWriter().write(graph, to: &sink)
/// let bytes = sink.bytes
/// ```
///
/// A file sink does not own its descriptor: whoever opened it closes (and `fsync`s) it, after
/// `flush()`. Writers call `write` with whole pieces (a node, an element); the sink decides
/// when to hand them to the kernel.
public struct OutputSink {
    /// A file sink hands its buffer to `write(2)` once it holds this many bytes.
    public static let flushThreshold = 1 << 20

    private enum Destination {
        case memory
        case file(descriptor: Int32, path: String)
    }

    /// A file sink asks the kernel to start writing its bytes to disk every time this many
    /// more were handed over (see `startWriteback`).
    static let writebackStep = 8 << 20

    private let destination: Destination
    private var buffer: [UInt8] = []
    /// Bytes handed to the file so far (not counting what is still buffered).
    public private(set) var bytesFlushed = 0
    /// Bytes of the file whose writeback has been started.
    private var writebackStarted = 0
    /// Where the last step's range began: its pages are asked to go again at the next step.
    private var previousStep = 0

    /// Collects everything in memory; read it back with `bytes`.
    public static func memory() -> OutputSink { OutputSink(destination: .memory) }

    /// Writes to an open descriptor; `path` only names the file in errors.
    public init(fileDescriptor: Int32, path: String) {
        self.init(destination: .file(descriptor: fileDescriptor, path: path))
    }

    private init(destination: Destination) {
        self.destination = destination
        if case .file = destination { buffer.reserveCapacity(Self.flushThreshold + (Self.flushThreshold >> 2)) }
    }

    /// What a memory sink has collected (a file sink's not yet flushed rest).
    public var bytes: [UInt8] { buffer }

    /// Total bytes written through this sink.
    public var count: Int { bytesFlushed + buffer.count }

    public mutating func write(_ bytes: [UInt8]) throws {
        // A piece as large as the threshold goes to the file as it is: copying it into the
        // buffer first would only add a copy (export chunks are about a megabyte each).
        if case .file(let fd, let path) = destination, buffer.isEmpty, bytes.count >= Self.flushThreshold {
            try bytes.withUnsafeBytes { try Self.writeAll($0, to: fd, path: path) }
            bytesFlushed += bytes.count
            startWriteback(fd)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flushFile() }
    }

    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flushFile() }
    }

    public mutating func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flushFile() }
    }

    /// Hands every buffered byte to the file (a memory sink keeps them).
    public mutating func flush() throws {
        try flushFile()
    }

    private mutating func flushFile() throws {
        guard case .file(let fd, let path) = destination, !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try Self.writeAll($0, to: fd, path: path) }
        bytesFlushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
        startWriteback(fd)
    }

    /// Starts writing the bytes handed over since the last call to disk, without waiting.
    ///
    /// Exports are hundreds of megabytes and are `fsync`ed before they replace the old files.
    /// Left to itself the kernel writes dirty pages late, so that final `fsync` used to wait
    /// about a second per 700 MB with no core busy; started as the file grows, the writing
    /// overlaps the rendering and the `fsync` finds little left (0.1 s). `POSIX_FADV_DONTNEED`
    /// on Linux starts writeback of the range (without waiting for it) and drops the pages
    /// already clean. The pages just handed over are still dirty, so each step's range also
    /// covers the step before, whose writeback has had a step's rendering to finish: its pages
    /// leave the page cache then. Otherwise every export page stayed cached until the kernel
    /// reclaimed it: at 1 GB of text the exports are 12 GB, half this machine's memory, and
    /// reclaiming them fell partly on the build's own allocations. It is only advice: a
    /// failure changes nothing, so its result is ignored.
    private mutating func startWriteback(_ fd: Int32) {
        guard bytesFlushed - writebackStarted >= Self.writebackStep else { return }
        #if os(Linux)
        _ = posix_fadvise(fd, off_t(previousStep), off_t(bytesFlushed - previousStep), POSIX_FADV_DONTNEED)
        #endif
        previousStep = writebackStarted
        writebackStarted = bytesFlushed
    }

    /// Writes every byte of `raw` to `fd`, retrying short writes and EINTR.
    static func writeAll(_ raw: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
    }
}
