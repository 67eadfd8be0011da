/// Reads the block structure of a Markdown document, so it can go through the same path as
/// HTML: ATX (`## Title`) and setext headings, paragraphs, list items (marker dropped,
/// indented or lazy continuation lines kept), blockquotes (`>` dropped), pipe tables (one
/// table row per markup block, cells tab-separated, the `|---|` row dropped) and fenced code.
/// Emphasis, code and link markup is stripped from the text (`**DFFT**` → `DFFT`,
/// `[WTO](https://wto.org)` → `WTO`).
///
/// ```swift
/// let blocks = MarkdownBlockReader().blocks(of: "# Notes\n\n- First item\n  continues.\n")
/// // [heading "Notes", paragraph "First item\ncontinues."]
/// ```
struct MarkdownBlockReader: Sendable {
    private enum Open { case none, paragraph, item, quote, code }

    func blocks(of text: String) -> [MarkupBlock] {
        let lines = Self.splitLines(text)
        var blocks: [MarkupBlock] = []
        var current: [Unicode.Scalar] = []
        var open = Open.none
        var fence: [Unicode.Scalar] = []

        func flush() {
            if open != .none {
                let cleaned = open == .code ? current : Self.strippingInline(current)
                if cleaned.contains(where: { !ScalarClass.isWhitespace($0) }) {
                    blocks.append(MarkupBlock(kind: .paragraph, text: ScalarText.string(cleaned)))
                }
            }
            current.removeAll(keepingCapacity: true)
            open = .none
        }
        func add(_ s: ArraySlice<Unicode.Scalar>, as kind: Open) {
            if open != kind { flush(); open = kind }
            if !current.isEmpty { current.append("\n") }
            current.append(contentsOf: s)
        }

        var i = 0
        while i < lines.count {
            let raw = lines[i]
            i += 1
            if open == .code {
                if Self.trimmed(raw).starts(with: fence) { flush() } else { add(raw[...], as: .code) }
                continue
            }
            let indent = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
            let line = Self.trimmed(raw)
            if line.isEmpty { flush(); continue }
            if line.starts(with: Array("```".unicodeScalars)) || line.starts(with: Array("~~~".unicodeScalars)) {
                flush()
                fence = Array(line.prefix(3))
                open = .code
                continue
            }
            if let title = Self.atxHeading(line) {
                flush()
                if !title.isEmpty { blocks.append(MarkupBlock(kind: .heading, text: Self.text(Self.strippingInline(title)))) }
                continue
            }
            // Setext: a paragraph line underlined with `===` or `---`.
            if open == .paragraph, Self.isUnderline(line), !current.contains("\n") {
                let title = Self.strippingInline(current)
                current.removeAll(); open = .none
                blocks.append(MarkupBlock(kind: .heading, text: Self.text(title)))
                continue
            }
            if Self.isThematicBreak(line) { flush(); continue }
            if line.first == "|" || open == .none && i < lines.count && Self.isTableSeparator(Self.trimmed(lines[i])) && line.contains("|") {
                flush()
                if !Self.isTableSeparator(line) {
                    let cells = Self.cells(of: line).map { Self.text(Self.strippingInline($0)) }.filter { !$0.isEmpty }
                    if !cells.isEmpty { blocks.append(MarkupBlock(kind: .table, text: cells.joined(separator: "\t"))) }
                }
                continue
            }
            if line.first == ">" {
                var body = line.dropFirst()
                while body.first == ">" { body = body.dropFirst() }
                if body.first == " " { body = body.dropFirst() }
                if body.allSatisfy(ScalarClass.isWhitespace) { flush(); continue }
                add(body, as: .quote)
                continue
            }
            if let marker = Self.listMarkerLength(line) {
                flush()
                add(line.dropFirst(marker), as: .item)
                continue
            }
            // Indented or lazy continuation of an open item, quote or paragraph.
            if open == .item || open == .quote || open == .paragraph {
                add(line[...], as: open)
                continue
            }
            _ = indent
            add(line[...], as: .paragraph)
        }
        flush()
        return blocks
    }

    // MARK: - Line shapes

    static func splitLines(_ text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for s in text.unicodeScalars {
            if s == "\n" { lines.append(current); current.removeAll(keepingCapacity: true) }
            else if s != "\r" { current.append(s) }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func trimmed(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var a = 0, b = s.count
        while a < b, ScalarClass.isWhitespace(s[a]) { a += 1 }
        while b > a, ScalarClass.isWhitespace(s[b - 1]) { b -= 1 }
        return Array(s[a..<b])
    }

    static func text(_ s: [Unicode.Scalar]) -> String { ScalarText.string(s) }

    /// `## Title ##` → `Title`.
    static func atxHeading(_ s: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var k = 0
        while k < s.count, s[k] == "#" { k += 1 }
        guard k >= 1, k <= 6, k == s.count || s[k] == " " || s[k] == "\t" else { return nil }
        var title = trimmed(Array(s[k...]))
        while title.last == "#" { title.removeLast() }
        return trimmed(title)
    }

    static func isUnderline(_ s: [Unicode.Scalar]) -> Bool {
        guard let first = s.first, first == "=" || first == "-" else { return false }
        return s.count >= 2 && s.allSatisfy { $0 == first }
    }

    static func isThematicBreak(_ s: [Unicode.Scalar]) -> Bool {
        guard let first = s.first, first == "-" || first == "*" || first == "_" else { return false }
        let marks = s.filter { $0 != " " }
        return marks.count >= 3 && marks.allSatisfy { $0 == first }
    }

    /// `|---|:---:|`, `--- | ---`: the row under a pipe table's header.
    static func isTableSeparator(_ s: [Unicode.Scalar]) -> Bool {
        guard s.contains("-"), s.contains("|") || s.first == "-" else { return false }
        return s.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " || $0 == "\t" }
    }

    static func cells(of s: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var body = ArraySlice(s)
        if body.first == "|" { body = body.dropFirst() }
        if body.last == "|" { body = body.dropLast() }
        return body.split(separator: "|", omittingEmptySubsequences: false).map { trimmed(Array($0)) }
    }

    /// `- `, `* `, `+ `, `12. `, `3) `: the length of the marker and its space.
    static func listMarkerLength(_ s: [Unicode.Scalar]) -> Int? {
        guard let first = s.first else { return nil }
        if first == "-" || first == "*" || first == "+" {
            return s.count > 1 && s[1] == " " ? 2 : nil
        }
        var k = 0
        while k < s.count, k < 9, ScalarClass.isDigit(s[k]) { k += 1 }
        guard k > 0, k + 1 < s.count, s[k] == "." || s[k] == ")", s[k + 1] == " " else { return nil }
        return k + 2
    }

    // MARK: - Inline markup

    /// Drops emphasis marks (`*`, `**`, `_` at word edges), code ticks, and link and image
    /// syntax (keeping the link text or image description).
    static func strippingInline(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var k = 0
        func isWordScalar(_ u: Unicode.Scalar?) -> Bool {
            guard let u else { return false }
            return ScalarClass.isLatinLetter(u) || ScalarClass.isDigit(u) || ScalarClass.isCJK(u)
        }
        while k < s.count {
            let u = s[k]
            switch u {
            case "\\" where k + 1 < s.count && "*_`[]()#>!|\\".unicodeScalars.contains(s[k + 1]):
                out.append(s[k + 1]); k += 2
                continue
            case "`":
                k += 1
                continue
            case "*", "_":
                var e = k
                while e < s.count, s[e] == u { e += 1 }
                let before: Unicode.Scalar? = k > 0 ? s[k - 1] : nil
                let after: Unicode.Scalar? = e < s.count ? s[e] : nil
                let spaced = (before.map(ScalarClass.isWhitespace) ?? true) && (after.map(ScalarClass.isWhitespace) ?? true)
                // `snake_case` and `2 * 3` keep their marks; emphasis sits at a word edge.
                let inWord = u == "_" && isWordScalar(before) && isWordScalar(after)
                if spaced || inWord || e - k > 3 { out.append(contentsOf: s[k..<e]) }
                k = e
                continue
            case "!" where k + 1 < s.count && s[k + 1] == "[":
                k += 1
                continue
            case "[":
                // `[text](url)` → `text`; a `[` without a link stays.
                if let close = s[k...].firstIndex(of: "]"), close + 1 < s.count, s[close + 1] == "(",
                   let end = s[(close + 1)...].firstIndex(of: ")") {
                    out.append(contentsOf: strippingInline(Array(s[(k + 1)..<close])))
                    k = end + 1
                    continue
                }
            default:
                break
            }
            out.append(u)
            k += 1
        }
        return out
    }
}
