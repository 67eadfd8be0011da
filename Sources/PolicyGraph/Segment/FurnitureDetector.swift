/// Finds page furniture in plain text: running titles (a short line that repeats across the
/// document, page numbers aside) and page-number lines (`- 5 -`, `第 5 页`, `Page 5`, `5/20`).
/// A lone integer is decided later, because it may be a detached footnote marker instead.
///
/// ```swift
/// let furniture = FurnitureDetector().runningTitleLines(lines, roles: roles, layout: layout)
/// ```
struct FurnitureDetector: Sendable {
    /// Indices of lines repeating at least three times (digits ignored) that look like titles.
    func runningTitleLines(_ lines: [SourceLine], roles: [LineRole], layout: DocumentLayout) -> Set<Int> {
        var byKey: [String: [Int]] = [:]
        for (i, line) in lines.enumerated() where roles[i] == .body && !line.isBlank {
            guard line.scalars.count <= 60, !line.endsWithSentencePunctuation,
                  let last = line.last, !ScalarClass.isContinuing(last) else { continue }
            var key = String.UnicodeScalarView()
            for s in line.scalars where !ScalarClass.isDigit(s) && !ScalarClass.isWhitespace(s) { key.append(s) }
            guard key.count >= 4 else { continue }
            byKey[String(key), default: []].append(i)
        }
        var result = Set<Int>()
        for (_, indices) in byKey where indices.count >= 3 {
            // Running titles sit at page edges: most occurrences touch a page break.
            let atEdges = indices.filter { nearPageBreak($0, lines: lines) }.count
            if atEdges * 2 >= indices.count { result.formUnion(indices) }
        }
        return result
    }

    /// Within two lines of the document start or end, a page-number line, a separator, or a
    /// run of two or more blank lines.
    func nearPageBreak(_ i: Int, lines: [SourceLine]) -> Bool {
        let firstText = lines.firstIndex { !$0.isBlank } ?? 0
        let lastText = lines.lastIndex { !$0.isBlank } ?? 0
        if i <= firstText || i >= lastText { return true }
        for j in max(0, i - 3)...min(lines.count - 1, i + 3) where j != i {
            let line = lines[j]
            if line.integerValue != nil || isPageNumberLine(line) || FootnoteExtractor.isSeparator(line) { return true }
            if j + 1 < lines.count, line.isBlank, lines[j + 1].isBlank { return true }
        }
        return false
    }

    /// `- 5 -`, `— 12 —`, `第 5 页`, `Page 5`, `5 / 20`, `iv`: page numbers in their usual dress.
    func isPageNumberLine(_ line: SourceLine) -> Bool {
        let s = line.scalars.filter { !ScalarClass.isWhitespace($0) }
        guard !s.isEmpty, s.count <= 12 else { return false }
        let digits = s.filter(ScalarClass.isDigit).count
        let text = String(String.UnicodeScalarView(s)).lowercased()
        if digits > 0 {
            let rest = s.filter { !ScalarClass.isDigit($0) }
            let restText = String(String.UnicodeScalarView(rest)).lowercased()
            if ["--", "——", "-", "—", "第页", "page", "p.", "/", "第页共页", "页"].contains(restText) { return true }
        } else if s.count <= 5, text.unicodeScalars.allSatisfy({ "ivxlc".unicodeScalars.contains($0) }) {
            return true
        }
        return false
    }
}
