import Foundation

/// Turns a file's bytes into a `SourceDocument`: picks the format from the extension, the
/// encoding from the bytes.
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
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: relativePath, reason: error.localizedDescription)
        }
        return try decode(data, relativePath: relativePath)
    }

    /// Decodes bytes already in memory (the store and the tests use this directly).
    public func decode(_ data: Data, relativePath: String) throws(IngestError) -> SourceDocument {
        if data.isEmpty { throw .empty(path: relativePath) }
        let ext = (relativePath as NSString).pathExtension.lowercased()
        let format = Self.formats[ext] ?? .plainText
        // Skeleton: UTF-8 only; encoding detection and markup parsing land with issue #2.
        guard let text = String(data: data, encoding: .utf8) else {
            throw .undecodable(path: relativePath, offset: 0)
        }
        return SourceDocument(path: relativePath, format: format, encoding: .utf8,
                              text: text, markupBlocks: nil, byteCount: data.count)
    }
}
