/// Finds tables spilled one cell per line: the lines after a table caption (`表 2：…`,
/// `Table 3:`) up to a source line, a footnote zone, a heading, or running prose (two full
/// lines in a row). Builds the table text as rows joined by `\n`, cells by a space.
///
/// ```swift
/// let tables = TableDetector().detect(lines, roles: &roles, layout: layout)
/// tables[0].lineIndices   // the cell lines
/// ```
struct TableDetector: Sendable {
    struct Table: Sendable { var lineIndices: [Int] }

    func detect(_ lines: [SourceLine], roles: inout [LineRole], layout: DocumentLayout) -> [Table] {
        var tables: [Table] = []
        var i = 0
        while i < lines.count {
            guard roles[i] == .body, CaptionDetector.opensTable(lines[i].scalars) else { i += 1; continue }
            var members: [Int] = []
            var fullRun = 0
            var j = i + 1
            scan: while j < lines.count {
                let line = lines[j]
                switch roles[j] {
                case .blank: j += 1; continue scan
                case .body: break
                default: break scan
                }
                if CaptionDetector.isCaption(line.scalars) || HeadingDetector.isStrongHeading(line) { break scan }
                let full = line.width * 100 >= layout.typicalWidth * 93
                fullRun = full ? fullRun + 1 : 0
                if fullRun >= 2 { members.removeLast(); break scan }
                members.append(j)
                j += 1
            }
            if members.count >= 2 {
                let id = tables.count
                for m in members { roles[m] = .table(id) }
                tables.append(Table(lineIndices: members))
            }
            i = j
        }
        tables += detectUncaptioned(lines, roles: &roles, layout: layout, firstID: tables.count)
        return tables
    }

    /// Tables without a caption: four or more short lines in a row (blank lines aside), none a
    /// sentence, a heading or a caption, at least half of them holding a figure, following a
    /// line that finished its block.
    func detectUncaptioned(_ lines: [SourceLine], roles: inout [LineRole], layout: DocumentLayout, firstID: Int) -> [Table] {
        var tables: [Table] = []
        func isCell(_ line: SourceLine) -> Bool {
            guard !line.isBlank else { return false }
            if line.width * 2 >= layout.typicalWidth { return false }
            if line.endsWithSentencePunctuation { return false }
            if let last = line.last, ScalarClass.isContinuing(last) { return false }
            if CaptionDetector.isCaption(line.scalars) || HeadingDetector.isStrongHeading(line) { return false }
            return true
        }
        var i = 0
        var previousFinished = true
        while i < lines.count {
            guard roles[i] == .body else {
                if roles[i] != .blank { previousFinished = true }
                i += 1; continue
            }
            var run: [Int] = []
            var j = i
            while j < lines.count {
                if roles[j] == .blank { j += 1; continue }
                guard roles[j] == .body, isCell(lines[j]) else { break }
                run.append(j)
                j += 1
            }
            let withFigures = run.filter { lines[$0].scalars.contains(where: ScalarClass.isDigit) }.count
            // Rows of a table hold figure cells of their own (`CPTPP 2018 12`); a signature
            // block (`商务部办公厅` / `2024年4月18日`) holds dates glued into words.
            let withFigureCells = run.filter { Self.hasFigureCell(lines[$0].scalars) }.count
            if previousFinished, run.count >= 4, withFigures * 2 >= run.count, withFigureCells >= 2 {
                let id = firstID + tables.count
                for m in run { roles[m] = .table(id) }
                tables.append(Table(lineIndices: run))
                i = j
                continue
            }
            let line = lines[i]
            previousFinished = line.hasEndMark || line.endsWithSentencePunctuation || line.width * 10 < layout.typicalWidth * 8
            i += 1
        }
        return tables
    }

    /// Rows start at lines opening with a row number or year when the table has several of
    /// them; otherwise a row is complete when it holds as many cells as the header.
    func text(of table: Table, lines: [SourceLine], joiner: WrappedLineJoiner) -> String {
        let rowsLines = table.lineIndices.map { lines[$0] }
        guard let header = rowsLines.first else { return "" }
        let numbered = rowsLines.dropFirst().filter { Self.startsWithNumber($0.scalars) }.count >= 2
        // Every line holding several cells: each line is a row.
        if !numbered, rowsLines.allSatisfy({ $0.scalars.split(separator: " ").count >= 2 }) {
            return rowsLines.map(\.text).joined(separator: "\n")
        }
        let headerCells = header.scalars.split(separator: " ").count
        var rows: [[Unicode.Scalar]] = [header.scalars]
        var current: [Unicode.Scalar] = []
        var cells = 0
        var previousEnded = true
        for line in rowsLines.dropFirst() {
            let startsRow = numbered ? Self.startsWithNumber(line.scalars) : (cells >= headerCells && previousEnded)
            if startsRow, !current.isEmpty {
                rows.append(current); current = []; cells = 0
            }
            if current.isEmpty {
                current = line.scalars
            } else if previousEnded {
                current.append(" "); current.append(contentsOf: line.scalars)
            } else {
                joiner.append(line.scalars, to: &current)
            }
            if previousEnded || cells == 0 { cells += line.scalars.split(separator: " ").count }
            else { cells += max(0, line.scalars.split(separator: " ").count - 1) }
            previousEnded = line.hasEndMark || line.trailingSpaces > 0
        }
        if !current.isEmpty { rows.append(current) }
        return rows.map { ScalarText.string($0) }.joined(separator: "\n")
    }

    /// Whether a line holds a cell that is a figure: a blank-separated token (a single
    /// ideographic space is spacing inside a cell, not a column gap) made mostly of digits,
    /// without CJK characters.
    static func hasFigureCell(_ s: [Unicode.Scalar]) -> Bool {
        var digits = 0, length = 0, han = 0
        var k = 0
        // Mostly digits and no Han: `2024年4月18日` is a date inside words, not a figure cell.
        func tokenIsFigure() -> Bool { digits > 0 && han == 0 && digits * 2 >= length }
        while k <= s.count {
            let u: Unicode.Scalar? = k < s.count ? s[k] : nil
            var gap = false
            if let u {
                if u == " " || u == "\t" { gap = true }
                else if u == "\u{3000}", k + 1 < s.count, s[k + 1] == "\u{3000}" || s[k + 1] == " " { gap = true }
            }
            if u == nil || gap {
                if tokenIsFigure() { return true }
                digits = 0; length = 0; han = 0
            } else if let u {
                length += 1
                if ScalarClass.isCJK(u) { han += 1 }
                if ScalarClass.isDigit(u) { digits += 1 }
            }
            k += 1
        }
        return false
    }

    static func startsWithNumber(_ s: [Unicode.Scalar]) -> Bool {
        var k = 0
        while k < s.count, ScalarClass.isDigit(s[k]) { k += 1 }
        return k > 0 && k <= 4 && (k == s.count || s[k] == " ")
    }
}
