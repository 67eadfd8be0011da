import CLibXML2

/// Takes the text out of an XML document: every element that holds non-whitespace text
/// directly becomes one `MarkupBlock` with its whole text (inline child elements included), so
/// `<para>The <org>WTO</org> said…</para>` stays one block.
///
/// Parsing is XXE-safe: no DTD loading, no network (`XML_PARSE_NONET`) and no entity
/// substitution (`XML_PARSE_NOENT` is deliberately absent), so an external entity such as
/// `<!ENTITY x SYSTEM "file:///etc/passwd">` is never read. Simple internal entities
/// (`<!ENTITY wto "World Trade Organization">`) are spelled out from their declaration.
///
/// ```swift
/// let blocks = try XMLTextExtractor.blocks(fromUTF8: xml, path: "notices/2024-01.xml")
/// ```
public enum XMLTextExtractor {
    public static func blocks(fromUTF8 xml: String, path: String) throws(IngestError) -> [MarkupBlock] {
        LibXML.ensureInitialised()
        guard let ctxt = xmlNewParserCtxt() else {
            throw .malformedMarkup(path: path, reason: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let firstError = LibXML.FirstError()
        LibXML.recordFirstError(of: ctxt, into: firstError)
        // The text is already decoded to UTF-8, so the declaration's `encoding=` is ignored.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue)
        var xml = xml
        let parsed = xml.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(ctxt, chars.baseAddress, Int32(chars.count), path, "UTF-8", options)
            }
        }
        guard let doc = parsed else {
            throw .malformedMarkup(path: path, reason: withExtendedLifetime(firstError) { firstError.text }
                                   ?? LibXML.lastErrorMessage(ctxt) ?? "not well-formed XML")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else {
            throw .malformedMarkup(path: path, reason: "no root element")
        }
        var blocks: [MarkupBlock] = []
        collect(root, doc: doc, into: &blocks)
        if blocks.isEmpty { throw .malformedMarkup(path: path, reason: "no element holds any text") }
        return blocks
    }

    /// Containers of data about the document rather than its text (`<meta>`, `<metadata>`,
    /// `<teiHeader>`, a `<head>` holding only elements): their text is page furniture.
    static let metadataContainers: Set<String> = ["meta", "metadata", "docinfo", "documentinfo", "teiheader", "head"]

    private static func collect(_ element: xmlNodePtr, doc: xmlDocPtr, into blocks: inout [MarkupBlock],
                                inMetadata: Bool = false) {
        let tag = LibXML.name(of: element)
        var inMetadata = inMetadata
        if !inMetadata, metadataContainers.contains(tag), !holdsTextDirectly(element, doc: doc) { inMetadata = true }
        if inMetadata, holdsTextDirectly(element, doc: doc) {
            var raw = ""
            appendText(of: element, doc: doc, to: &raw)
            let text = WhitespaceCollapser.collapse(raw)
            if !text.isEmpty { blocks.append(MarkupBlock(kind: .furniture, text: text)) }
            return
        }
        if let cells = tableRowCells(element, doc: doc) {
            if !cells.isEmpty { blocks.append(MarkupBlock(kind: .table, text: cells.joined(separator: "\t"))) }
            return
        }
        if holdsTextDirectly(element, doc: doc) {
            var raw = ""
            appendText(of: element, doc: doc, to: &raw)
            let text = WhitespaceCollapser.collapse(raw)
            if !text.isEmpty { blocks.append(MarkupBlock(kind: kind(of: element), text: text)) }
            return
        }
        var child = element.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { collect(c, doc: doc, into: &blocks, inMetadata: inMetadata) }
            child = c.pointee.next
        }
    }

    /// For a table row (`row`, `tr`) made only of child elements, the text of each cell: a row
    /// is one table block with its cells separated by tabs, as in HTML.
    private static func tableRowCells(_ element: xmlNodePtr, doc: xmlDocPtr) -> [String]? {
        let tag = LibXML.name(of: element)
        guard tag == "row" || tag == "tr", !holdsTextDirectly(element, doc: doc) else { return nil }
        var cells: [String] = []
        var child = element.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE {
                var raw = ""
                appendText(of: c, doc: doc, to: &raw)
                let text = WhitespaceCollapser.collapse(raw)
                if !text.isEmpty { cells.append(text) }
            }
            child = c.pointee.next
        }
        return cells
    }

    private static func holdsTextDirectly(_ element: xmlNodePtr, doc: xmlDocPtr) -> Bool {
        var child = element.pointee.children
        while let c = child {
            defer { child = c.pointee.next }
            var piece = ""
            switch c.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { piece = String(cString: content) }
            case XML_ENTITY_REF_NODE:
                piece = internalEntityText(c, doc: doc) ?? ""
            default:
                continue
            }
            if piece.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) { return true }
        }
        return false
    }

    private static func appendText(of node: xmlNodePtr, doc: xmlDocPtr, to out: inout String) {
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { out += String(cString: content) }
            case XML_ENTITY_REF_NODE:
                out += internalEntityText(c, doc: doc) ?? ""
            case XML_ELEMENT_NODE:
                appendText(of: c, doc: doc, to: &out)
            default:
                break
            }
            child = c.pointee.next
        }
    }

    /// The replacement text of an internal entity that holds plain text only. External
    /// entities are never read (that is the XXE protection), and entities holding markup or
    /// further references are left out rather than expanded recursively.
    private static func internalEntityText(_ ref: xmlNodePtr, doc: xmlDocPtr) -> String? {
        guard let name = ref.pointee.name, let entity = xmlGetDocEntity(doc, name),
              entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY, let content = entity.pointee.content else { return nil }
        let text = String(cString: content)
        return text.contains("&") || text.contains("<") ? nil : text
    }

    /// Block kind from the element's name: titles and headings, captions, footnotes.
    private static func kind(of element: xmlNodePtr) -> BlockKind {
        let tag = LibXML.name(of: element)
        if ["title", "heading", "head", "headline", "subtitle", "h1", "h2", "h3", "h4", "h5", "h6"].contains(tag)
            || tag.hasSuffix("title") || tag.hasSuffix("heading") {
            return .heading
        }
        if tag.contains("caption") { return .caption }
        if ["footnote", "fn", "endnote"].contains(tag) { return .footnote }
        return .paragraph
    }
}
