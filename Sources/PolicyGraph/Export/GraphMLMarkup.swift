/// The bytes of a GraphML chunk being assembled: constant markup, values that need no escaping
/// and free text escaped as the libxml2 writer escapes it gather in a staging buffer, which
/// goes to the writer (`xmlTextWriterWriteRawLen`) once it holds a few cache-sized pages, and
/// at the end of the chunk.
///
/// ```swift
/// try RawMarkup.assemble(into: xml) { line in
///     line.append("<node id=\"a\">")
///     line.text("label", "A & B")        // <data key="label">A &amp; B</data>
///     line.append("</node>\n")
///     try line.flushIfLarge()
/// }
/// ```
///
/// Free text used to pass through `xmlTextWriterWriteString`, one writer call per start tag,
/// attribute, text and end tag, with the pending markup flushed before each; it is now escaped
/// here, by the writer's own rules, so each chunk reaches the writer in a few large writes:
/// - first, as `XMLStreamWriter.xmlSafe` does before handing text to libxml2, the scalars XML
///   1.0 cannot hold are dropped: C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF;
/// - then, as `xmlEncodeSpecialChars` (which `xmlTextWriterWriteString` calls for element
///   content) does, `&` `<` `>` `"` and CR become `&amp;` `&lt;` `&gt;` `&quot;` `&#13;`, and
///   every other byte is copied as it is (`'`, tab, LF and non-ASCII included).
///
/// `ChunkedExportTests` compares this with the writer on text holding every ASCII byte and
/// awkward scalars, and the whole file with one written element by element through the writer.
///
/// The staging buffer is raw memory owned by `assemble`, not an array: a chunk makes a few
/// million small appends, and an array's uniqueness and capacity checks were a large part of
/// their cost.
struct RawMarkup {
    let xml: XMLStreamWriter
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    /// Staged bytes go to the writer once there are this many (see `flushIfLarge`).
    static let flushThreshold = 1 << 15

    private init(_ xml: XMLStreamWriter) {
        self.xml = xml
        capacity = 2 * Self.flushThreshold
        storage = .allocate(capacity: capacity)
    }

    /// Runs `body` with an empty staging buffer for `xml` and hands the writer whatever is
    /// left in it at the end.
    static func assemble(into xml: XMLStreamWriter, _ body: (inout RawMarkup) throws -> Void) throws {
        var markup = RawMarkup(xml)
        defer { markup.storage.deallocate() }
        try body(&markup)
        try markup.flush()
    }

    // MARK: - Bytes as they are

    /// Makes room for `extra` more bytes (an element can be larger than the threshold: long
    /// evidence lists).
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let larger = Swift.max(needed, 2 * capacity)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: storage, count: count)
        storage.deallocate()
        storage = moved
        capacity = larger
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (storage + count).initialize(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ markup: StaticString) {
        append(UnsafeRawBufferPointer(start: markup.utf8Start, count: markup.utf8CodeUnitCount))
    }

    /// A string's UTF-8 bytes, for values that need no escaping (type and relation names,
    /// `true`/`false`, a suffixed edge id).
    mutating func append(utf8 value: String) {
        var value = value
        value.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// `GraphMLEdgeIds.id(hash:)`, written in place.
    mutating func appendEdgeId(hash: UInt64) {
        reserve(GraphMLEdgeIds.hashIdLength)
        GraphMLEdgeIds.writeId(hash: hash, to: storage + count)
        count += GraphMLEdgeIds.hashIdLength
    }

    // MARK: - <data> elements

    private mutating func open(_ key: StaticString) {
        append("<data key=\"")
        append(key)
        append("\">")
    }

    /// `<data key="name">value</data>` for a value that needs no escaping.
    mutating func value(_ key: StaticString, _ value: String) {
        open(key)
        append(utf8: value)
        append("</data>")
    }

    mutating func value(_ key: StaticString, _ value: Int) {
        open(key)
        ExportText.withDecimalBytes(value) { append($0) }
        append("</data>")
    }

    /// Numbers as `ExportText.number` writes them.
    mutating func value(_ key: StaticString, _ value: Double) {
        open(key)
        ExportText.withNumberBytes(value) { append($0) }
        append("</data>")
    }

    /// Integers joined with ` | `.
    mutating func values(_ key: StaticString, _ values: [Int]) {
        open(key)
        for (k, v) in values.enumerated() {
            if k > 0 { append(" | ") }
            ExportText.withDecimalBytes(v) { append($0) }
        }
        append("</data>")
    }

    /// The node's IRI: `ExportText.iri(forNodeId:)`, percent-encoded ASCII.
    mutating func iri(forNodeId id: String) {
        open("iri")
        append(utf8: ExportText.idBase)
        var id = id
        id.withUTF8 { bytes in
            reserve(3 * bytes.count)
            count += ExportText.writePercentEncoded(bytes, to: storage + count)
        }
        append("</data>")
    }

    /// `<data key="name">text</data>` with the text escaped as the writer escapes it.
    mutating func text(_ key: StaticString, _ text: String) {
        open(key)
        append(escaping: text)
        append("</data>")
    }

    /// A list of texts joined with ` | ` (escaping each part gives the bytes of escaping the
    /// joined text: the separator has nothing to escape or drop).
    mutating func text(_ key: StaticString, _ texts: [String]) {
        open(key)
        for (k, text) in texts.enumerated() {
            if k > 0 { append(" | ") }
            append(escaping: text)
        }
        append("</data>")
    }

    /// The same for texts read where they are kept.
    mutating func text(_ key: StaticString, _ texts: TextList) {
        open(key)
        for k in texts.indices {
            if k > 0 { append(" | ") }
            texts.withBytes(k) { append(escaping: $0) }
        }
        append("</data>")
    }

    // MARK: - Escaping

    /// `text` as `xmlTextWriterWriteString` writes element content (see the type's comment).
    mutating func append(escaping text: String) {
        var text = text
        text.withUTF8 { append(escaping: $0) }
    }

    private mutating func append(escaping bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)  // the common case: nothing to escape or drop
        var plainFrom = 0, i = 0
        while i < bytes.count {
            let byte = bytes[i]
            // Letters and every UTF-8 lead or continuation byte but 0xEF are written as they
            // are: one test for most bytes of Latin and CJK text.
            if byte > UInt8(ascii: ">") && byte != 0xEF { i += 1; continue }
            let replacement: StaticString
            var length = 1
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case 0x0D: replacement = "&#13;"
            case 0x09, 0x0A: i += 1; continue
            case 0x00..<0x20: replacement = ""  // a control character XML cannot hold: dropped
            case 0xEF:
                // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are dropped; other EF sequences kept.
                guard i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF else {
                    i += 1
                    continue
                }
                replacement = ""
                length = 3
            default: i += 1; continue
            }
            append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[plainFrom..<i])))
            append(replacement)
            i += length
            plainFrom = i
        }
        append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[plainFrom...])))
    }

    // MARK: - To the writer

    /// Hands the staged bytes to the writer once they fill a few cache-sized pages, rather than
    /// letting the buffer grow to the whole chunk.
    mutating func flushIfLarge() throws {
        if count >= Self.flushThreshold { try flush() }
    }

    /// Hands the staged bytes to the writer and returns it, for elements written through it.
    mutating func flushed() throws -> XMLStreamWriter {
        try flush()
        return xml
    }

    mutating func flush() throws {
        guard count > 0 else { return }
        try xml.raw(UnsafeBufferPointer(start: storage, count: count))
        count = 0
    }
}
