import Foundation

/// Turns a file's bytes into a `SourceDocument`: picks the format from the extension, the
/// encoding from the bytes (`TextDecoder`), and for HTML and XML the text blocks from the markup.
///
/// ```swift
/// let reader = DocumentReader()
/// let doc = try reader.read(fileAt: URL(fileURLWithPath: "Corpus/notice.txt"), relativePath: "notice.txt")
/// ```
public struct DocumentReader: Sendable {
    /// File extensions PolicyGraph ingests, by format.
    public static let formats: [String: DocumentFormat] = [
        "txt": .plainText, "text": .plainText, "md": .markdown,
        "html": .html, "htm": .html, "xhtml": .html, "xml": .xml,
    ]

    public init() {}

    public func read(fileAt url: URL, relativePath: String) throws(IngestError) -> SourceDocument {
        let bytes = try Self.readBytes(at: url.path, relativePath: relativePath)
        return try bytes.withUnsafeBytes { raw in
            Result { () throws(IngestError) in try decode(raw, relativePath: relativePath) }
        }.get()
    }

    /// Decodes bytes already in memory (the store and the tests use this directly).
    public func decode(_ data: Data, relativePath: String) throws(IngestError) -> SourceDocument {
        try data.withUnsafeBytes { raw in
            Result { () throws(IngestError) in try decode(raw, relativePath: relativePath) }
        }.get()
    }

    public func decode(_ bytes: UnsafeRawBufferPointer, relativePath: String) throws(IngestError) -> SourceDocument {
        let ext = (relativePath as NSString).pathExtension.lowercased()
        let format = Self.formats[ext] ?? .plainText
        let decoded = try TextDecoder.decode(bytes, path: relativePath)
        switch format {
        case .plainText, .markdown:
            // Markdown stays as written: the segmenter reads its headings and paragraphs.
            return SourceDocument(path: relativePath, format: format, encoding: decoded.encoding,
                                  text: decoded.text, markupBlocks: nil, byteCount: bytes.count)
        case .html, .xml:
            let blocks = format == .html
                ? try HTMLTextExtractor.blocks(fromUTF8: decoded.text, path: relativePath)
                : try XMLTextExtractor.blocks(fromUTF8: decoded.text, path: relativePath)
            return SourceDocument(path: relativePath, format: format, encoding: decoded.encoding,
                                  text: blocks.map(\.text).joined(separator: "\n\n"), markupBlocks: blocks,
                                  byteCount: bytes.count)
        }
    }

    /// Reads a whole file with POSIX calls, so the error says exactly what the system said
    /// (a file that vanished since the folder scan, a permission problem, a folder).
    static func readBytes(at path: String, relativePath: String) throws(IngestError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            let reason = code == ENOENT
                ? "file no longer exists (moved or deleted after the folder was scanned)"
                : String(cString: strerror(code))
            throw .unreadable(path: relativePath, reason: reason)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .unreadable(path: relativePath, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(path: relativePath, reason: "not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while true {
            // The file may grow between fstat and read: keep reading until end of file.
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2))) }
            let n = bytes.withUnsafeMutableBytes { buf in
                Glibc.read(fd, buf.baseAddress! + filled, buf.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: relativePath, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
