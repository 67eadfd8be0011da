import CLibXML2

/// Takes the visible article text out of an HTML page, one `MarkupBlock` per block-level
/// element, through libxml2's forgiving HTML parser (truncated and malformed pages still give
/// what they hold).
///
/// Page furniture is dropped: `script`, `style`, `noscript`, `template`, `nav`, `aside`,
/// `footer`, page-level `header`, hidden elements, ARIA landmarks for the same roles, and
/// cookie/consent banners (an `id` or `class` containing `cookie`, `consent`, `gdpr`, …); on
/// pages without `main`/`article`, also elements whose `id`/`class` names them furniture
/// (`<div id="header">`, `<div class="site-nav">`). When the page has a `main` element (or `role="main"`), only its text is taken; otherwise, when it
/// has `article` elements, only theirs.
///
/// ```swift
/// let blocks = try HTMLTextExtractor.blocks(fromUTF8: html, path: "news/rcep.html")
/// // [MarkupBlock(kind: .heading, text: "RCEP 生效"), MarkupBlock(kind: .paragraph, …)]
/// ```
public enum HTMLTextExtractor {
    public static func blocks(fromUTF8 html: String, path: String) throws(IngestError) -> [MarkupBlock] {
        LibXML.ensureInitialised()
        guard let ctxt = htmlNewParserCtxt() else {
            throw .malformedMarkup(path: path, reason: "libxml2 could not allocate a parser")
        }
        defer { htmlFreeParserCtxt(ctxt) }
        // The text is already decoded to UTF-8; IGNORE_ENC stops a `<meta charset=gb2312>` from
        // making libxml2 decode it a second time.
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        var html = html
        let parsed = html.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(ctxt, chars.baseAddress, Int32(chars.count), path, "UTF-8", options)
            }
        }
        guard let doc = parsed else {
            throw .malformedMarkup(path: path, reason: LibXML.lastErrorMessage(ctxt) ?? "libxml2 found no HTML document")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else {
            throw .malformedMarkup(path: path, reason: "no elements")
        }

        var blocks: [MarkupBlock] = []
        let mains = findAll(in: root, stopAtMatch: true) { isMain($0) }
        if !mains.isEmpty {
            blocks = extract(from: mains, inArticle: true)
        } else {
            let articles = findAll(in: root, stopAtMatch: true) { LibXML.name(of: $0) == "article" }
            if !articles.isEmpty { blocks = extract(from: articles, inArticle: true) }
        }
        // A `main` left empty for a script to fill, or no landmark at all: fall back to the body.
        if blocks.isEmpty {
            let body = findAll(in: root, stopAtMatch: true) { LibXML.name(of: $0) == "body" }
            blocks = extract(from: body.isEmpty ? [root] : body, inArticle: false)
        }
        if blocks.isEmpty {
            throw .malformedMarkup(path: path, reason: "no visible text after removing scripts, styles and page furniture")
        }
        return blocks
    }

    // MARK: - Walking the tree

    private static func extract(from roots: [xmlNodePtr], inArticle: Bool) -> [MarkupBlock] {
        var collector = BlockCollector()
        for r in roots {
            collector.flush()
            walkElement(r, inArticle: inArticle, into: &collector)
        }
        collector.flush()
        return collector.blocks
    }

    private static func walkElement(_ node: xmlNodePtr, inArticle: Bool, into c: inout BlockCollector) {
        let tag = LibXML.name(of: node)
        if tag == "br" || tag == "hr" { c.flush(); return }
        if tag == "tr", let cells = dataRowCells(node) {
            c.flush()
            if !cells.isEmpty { c.emit(MarkupBlock(kind: .table, text: cells.joined(separator: "\t"))) }
            return
        }
        let nowInArticle = inArticle || tag == "article" || tag == "main"
        if let kind = blockKinds[tag] {
            c.flush()
            c.kinds.append(kind)
            walkChildren(of: node, inArticle: nowInArticle, into: &c)
            c.flush()
            c.kinds.removeLast()
        } else {
            walkChildren(of: node, inArticle: nowInArticle, into: &c)
        }
    }

    private static func walkChildren(of node: xmlNodePtr, inArticle: Bool, into c: inout BlockCollector) {
        var child = node.pointee.children
        while let n = child {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = n.pointee.content { c.buffer += String(cString: content) }
            case XML_ELEMENT_NODE:
                if !isFurniture(n, inArticle: inArticle) { walkElement(n, inArticle: inArticle, into: &c) }
            default:
                break   // comments, processing instructions
            }
            child = n.pointee.next
        }
    }

    /// The cell texts of a table row holding data, or nil for a layout row (a cell holding
    /// paragraphs, headings, lists or nested tables — old government sites lay whole articles
    /// out in a one-cell table), which is walked as ordinary blocks instead.
    private static func dataRowCells(_ row: xmlNodePtr) -> [String]? {
        var cells: [String] = []
        var child = row.pointee.children
        while let n = child {
            defer { child = n.pointee.next }
            guard n.pointee.type == XML_ELEMENT_NODE else { continue }
            let tag = LibXML.name(of: n)
            guard tag == "td" || tag == "th" else { continue }
            if containsBlockElement(n) { return nil }
            var raw = ""
            appendText(of: n, to: &raw)
            let text = WhitespaceCollapser.collapse(raw)
            if !text.isEmpty { cells.append(text) }
        }
        return cells
    }

    private static func containsBlockElement(_ node: xmlNodePtr) -> Bool {
        var child = node.pointee.children
        while let n = child {
            if n.pointee.type == XML_ELEMENT_NODE {
                let tag = LibXML.name(of: n)
                if tag == "br" || tag == "table" || (blockKinds[tag] != nil && tag != "td" && tag != "th") { return true }
                if containsBlockElement(n) { return true }
            }
            child = n.pointee.next
        }
        return false
    }

    private static func appendText(of node: xmlNodePtr, to out: inout String) {
        var child = node.pointee.children
        while let n = child {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = n.pointee.content { out += String(cString: content) }
            case XML_ELEMENT_NODE where !isFurniture(n, inArticle: true):
                appendText(of: n, to: &out)
            default:
                break
            }
            child = n.pointee.next
        }
    }

    private static func findAll(in node: xmlNodePtr, stopAtMatch: Bool, _ match: (xmlNodePtr) -> Bool) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        func visit(_ n: xmlNodePtr) {
            if match(n) {
                found.append(n)
                if stopAtMatch { return }
            }
            var child = n.pointee.children
            while let c = child {
                if c.pointee.type == XML_ELEMENT_NODE, !neverText.contains(LibXML.name(of: c)) { visit(c) }
                child = c.pointee.next
            }
        }
        visit(node)
        return found
    }

    // MARK: - What is furniture, what is a block

    /// Elements whose content is never visible article text.
    private static let neverText: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "nav", "aside", "footer",
        "button", "select", "option", "textarea", "input", "iframe", "svg", "math", "object", "embed",
        "canvas", "dialog", "map",
    ]
    /// ARIA landmark roles of site navigation, headers, footers and sidebars.
    private static let furnitureRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar",
    ]
    /// `id`/`class` fragments of cookie and consent banners and similar page furniture.
    private static let furnitureMarkers = ["cookie", "consent", "gdpr", "onetrust", "cc-window", "cc-banner",
                                           "breadcrumb", "sidebar", "skip-link"]

    /// Words of `id`/`class` names that mark page furniture outside an article.
    private static let pageFurnitureWords: Set<String> = [
        "header", "footer", "foot", "nav", "navbar", "navigation", "menu", "topbar", "masthead", "banner", "copyright",
    ]

    private static func isFurniture(_ node: xmlNodePtr, inArticle: Bool) -> Bool {
        let tag = LibXML.name(of: node)
        if neverText.contains(tag) { return true }
        // An `article`'s own header holds its title; only the page header is furniture.
        if tag == "header" && !inArticle { return true }
        var attribute = node.pointee.properties
        while let a = attribute {
            defer { attribute = a.pointee.next }
            guard let rawName = a.pointee.name else { continue }
            let attrName = String(cString: rawName).lowercased()
            let value = attributeValue(a)
            switch attrName {
            case "hidden":
                return true
            case "aria-hidden" where value == "true":
                return true
            case "role" where furnitureRoles.contains(value):
                return true
            case "style":
                let compact = value.filter { $0 != " " }
                if compact.contains("display:none") || compact.contains("visibility:hidden") { return true }
            case "id", "class":
                if furnitureMarkers.contains(where: { value.contains($0) }) { return true }
                // Pages without `main`/`article` (older government sites) mark their furniture
                // with classes: `<div id="header">`, `<div class="site-nav">`. Inside an
                // article the same words may name its own parts (an article header with the
                // title), so this only applies outside.
                if !inArticle && value.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
                    .contains(where: { pageFurnitureWords.contains(String($0)) }) {
                    return true
                }
            default:
                break
            }
        }
        return false
    }

    private static func isMain(_ node: xmlNodePtr) -> Bool {
        if LibXML.name(of: node) == "main" { return true }
        var attribute = node.pointee.properties
        while let a = attribute {
            if let n = a.pointee.name, String(cString: n).lowercased() == "role", attributeValue(a) == "main" { return true }
            attribute = a.pointee.next
        }
        return false
    }

    private static let blockKinds: [String: BlockKind] = {
        var kinds: [String: BlockKind] = [:]
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] { kinds[h] = .heading }
        for c in ["figcaption", "caption"] { kinds[c] = .caption }
        for p in ["p", "li", "blockquote", "pre", "dt", "dd", "div", "section", "article", "main", "header", "ul", "ol",
                  "dl", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "figure", "address", "body", "html", "details",
                  "summary", "center", "fieldset", "legend", "form"] {
            kinds[p] = .paragraph
        }
        return kinds
    }()

    private static func attributeValue(_ attr: xmlAttrPtr) -> String {
        var value = ""
        var child = attr.pointee.children
        while let c = child {
            if let content = c.pointee.content { value += String(cString: content) }
            child = c.pointee.next
        }
        return value.lowercased()
    }
}

/// Gathers inline text into blocks: text accumulates until a block boundary, then becomes one
/// block of the innermost enclosing block element's kind.
struct BlockCollector {
    var blocks: [MarkupBlock] = []
    var buffer = ""
    var kinds: [BlockKind] = [.paragraph]

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        let text = WhitespaceCollapser.collapse(buffer)
        buffer = ""
        if !text.isEmpty { blocks.append(MarkupBlock(kind: kinds.last ?? .paragraph, text: text)) }
    }

    mutating func emit(_ block: MarkupBlock) {
        flush()
        blocks.append(block)
    }
}
