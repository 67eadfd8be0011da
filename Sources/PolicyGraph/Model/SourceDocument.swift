/// A document as the ingestion stage hands it on: decoded text, its format, and, for markup,
/// the element blocks the markup already delimits.
///
/// ```swift
/// let doc = try DocumentReader().read(fileAt: url, relativePath: "notes/a.txt")
/// print(doc.encoding, doc.text.prefix(80))
/// ```
public struct SourceDocument: Sendable, Hashable {
    /// Path relative to the input folder, with `/` separators: the document's identity.
    public var path: String
    public var format: DocumentFormat
    public var encoding: TextEncoding
    /// The decoded text with LF line ends. For HTML and XML it is the element blocks joined by
    /// blank lines, so offsets stay meaningful for a reader of the plain text.
    public var text: String
    /// Blocks delimited by markup (HTML `p`, `h1`…, `li`, table rows; XML text elements).
    /// `nil` for plain text, whose blocks the segmenter must find itself.
    public var markupBlocks: [MarkupBlock]?
    /// Size of the file on disk, in bytes.
    public var byteCount: Int

    public init(path: String, format: DocumentFormat, encoding: TextEncoding, text: String,
                markupBlocks: [MarkupBlock]? = nil, byteCount: Int) {
        self.path = path
        self.format = format
        self.encoding = encoding
        self.text = text
        self.markupBlocks = markupBlocks
        self.byteCount = byteCount
    }
}

public enum DocumentFormat: String, Sendable, Codable, Hashable, CaseIterable {
    case plainText = "text"
    case markdown
    case html
    case xml
}

public enum TextEncoding: String, Sendable, Codable, Hashable, CaseIterable {
    case utf8 = "UTF-8"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"
}

/// One block of text that markup delimits, with the kind the markup suggests
/// (`h2` → heading, `td` row → table, `figcaption` → caption).
public struct MarkupBlock: Sendable, Hashable, Codable {
    public var kind: BlockKind
    public var text: String
    public init(kind: BlockKind, text: String) {
        self.kind = kind
        self.text = text
    }
}
