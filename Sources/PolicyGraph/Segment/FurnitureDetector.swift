/// Finds page furniture in plain text: running titles (a short line that repeats across the
/// document, page numbers aside) and page-number lines (`- 5 -`, `第 5 页`, `Page 5`, `5/20`).
/// A lone integer is decided later, because it may be a detached footnote marker instead.
///
/// ```swift
/// let furniture = FurnitureDetector().runningTitleLines(lines, roles: roles, layout: layout)
/// ```
struct FurnitureDetector: Sendable {
    /// Indices of lines that repeat, compared with digits and blanks removed, and look like
    /// running titles: three or more occurrences, or two whose page numbers (a number at the
    /// line's start or end) differ. `Report title      3` and `Report title      4` are one
    /// running footer however far the extractor spaced the number out.
    func runningTitleLines(_ lines: [SourceLine], roles: [LineRole], layout: DocumentLayout) -> Set<Int> {
        var byKey: [Int: [Int]] = [:]
        /// The first line with each key, by the key's hash: keys are compared on the lines'
        /// own scalars, never copied out (an array append per scalar of every line).
        var keyLine: [Int: Int] = [:]
        // Footnote zones sit at page bottoms, so a running footer can be taken into one
        // (`第 9 页      软件服务政策观察`): footnote lines are candidates too, held to numbers.
        var inFootnotes = Set<Int>()
        for (i, line) in lines.enumerated() where !line.isBlank {
            switch roles[i] {
            case .body: break
            case .footnote: inFootnotes.insert(i)
            default: continue
            }
            guard !line.endsWithSentencePunctuation, let last = line.last, !ScalarClass.isContinuing(last) else { continue }
            // FNV-1a: the hash only groups lines (equal keys are compared below), so a cheap one
            // serves as well as a keyed one.
            var fnv: UInt64 = 0xCBF2_9CE4_8422_2325
            var count = 0
            for s in line.scalars where Self.isKeyScalar(s) {
                count += 1
                if count > 60 { break }
                fnv = (fnv ^ UInt64(s.value)) &* 0x100_0000_01B3
            }
            guard count >= 4, count <= 60 else { continue }
            var h = Int(truncatingIfNeeded: fnv)
            // Distinct keys that collide keep apart by probing.
            while let k = keyLine[h], !Self.sameKey(lines[k].scalars, line.scalars) { h &+= 1 }
            if keyLine[h] == nil { keyLine[h] = i }
            byKey[h, default: []].append(i)
        }
        var result = Set<Int>()
        // The document's first and last text lines, found once rather than per candidate line.
        let textBounds = (first: lines.firstIndex { !$0.isBlank } ?? 0, last: lines.lastIndex { !$0.isBlank } ?? 0)
        for (_, indices) in byKey where indices.count >= 2 {
            if indices.count == 2 {
                guard let a = Self.edgeNumber(lines[indices[0]].scalars), let b = Self.edgeNumber(lines[indices[1]].scalars),
                      a != b else { continue }
            }
            // A footnote that repeats word for word (`资料来源：WTO`) is no footer; a footer
            // in a footnote zone shows itself by its page number changing.
            if indices.contains(where: inFootnotes.contains) {
                let numbers = Set(indices.map { lines[$0].scalars.filter(ScalarClass.isDigit) })
                guard numbers.count >= 2 else { continue }
            }
            // Running titles sit at page edges: most occurrences touch a page break.
            let atEdges = indices.filter { nearPageBreak($0, lines: lines, textBounds: textBounds) }.count
            if atEdges * 2 >= indices.count { result.formUnion(indices) }
        }
        return result
    }

    /// What a line's key keeps: digits (page numbers) and blanks are left out.
    @inline(__always)
    static func isKeyScalar(_ s: Unicode.Scalar) -> Bool {
        !ScalarClass.isDigit(s) && !ScalarClass.isWhitespace(s)
    }

    /// Whether two lines have the same key.
    static func sameKey(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        a.lazy.filter(isKeyScalar).elementsEqual(b.lazy.filter(isKeyScalar))
    }

    /// A number at the start or end of a line (`Title   12`, `— 3 — Title`), page numbers' place.
    static func edgeNumber(_ s: [Unicode.Scalar]) -> Int? {
        func value<C: Collection>(_ digits: C) -> Int? where C.Element == Unicode.Scalar {
            guard !digits.isEmpty, digits.count <= 4 else { return nil }
            return digits.reduce(0) { $0 * 10 + ScalarClass.digitValue($1) }
        }
        let trimmed = s.filter { !ScalarClass.isWhitespace($0) && !"-—–|·".unicodeScalars.contains($0) }
        let tail = trimmed.reversed().prefix(while: ScalarClass.isDigit)
        if let v = value(tail.reversed()) { return v }
        return value(trimmed.prefix(while: ScalarClass.isDigit))
    }

    /// Within two lines of the document start or end, a page-number line, a separator, or a
    /// run of two or more blank lines.
    func nearPageBreak(_ i: Int, lines: [SourceLine], textBounds: (first: Int, last: Int)? = nil) -> Bool {
        let firstText = textBounds?.first ?? (lines.firstIndex { !$0.isBlank } ?? 0)
        let lastText = textBounds?.last ?? (lines.lastIndex { !$0.isBlank } ?? 0)
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
        guard line.scalars.count <= 40 else { return false }
        // Count the printed scalars before building anything: most lines have far more than 12.
        var printed = 0
        for u in line.scalars where !ScalarClass.isWhitespace(u) {
            printed += 1
            if printed > 12 { return false }
        }
        guard printed > 0 else { return false }
        let s = line.scalars.filter { !ScalarClass.isWhitespace($0) }
        guard !s.isEmpty, s.count <= 12 else { return false }
        let digits = s.filter(ScalarClass.isDigit).count
        let text = ScalarText.string(s).lowercased()
        if digits > 0 {
            let rest = s.filter { !ScalarClass.isDigit($0) }
            let restText = ScalarText.string(rest).lowercased()
            if ["--", "——", "-", "—", "第页", "page", "p.", "/", "第页共页", "页"].contains(restText) { return true }
        } else if s.count <= 5, text.unicodeScalars.allSatisfy({ "ivxlc".unicodeScalars.contains($0) }) {
            return true
        }
        return false
    }
}
