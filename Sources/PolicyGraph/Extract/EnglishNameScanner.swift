/// Finds English names as runs of capitalised words, joined by a few lower-case connectors
/// (`of on for and the in`), that contain a head word: `Council on Foreign Relations`,
/// `General Agreement on Tariffs and Trade`, `Synergy Research Group`. A run made only of
/// generic words (`The Commission`, `Free Trade Agreement`) is no name.
///
/// ```swift
/// EnglishNameScanner(analysis: analysis).names()   // organisations and agreements
/// ```
struct EnglishNameScanner {
    let analysis: BlockAnalysis

    struct Word { var start: Int; var end: Int; var text: String }

    /// Latin words with their offsets; `.`, `&`, `-` and `'` stay inside a word.
    func words() -> [Word] {
        let t = analysis.scalars
        var out: [Word] = []
        var i = 0
        while i < t.count {
            if NameScalars.isLatinAlnum(t[i]) || t[i] == "&" {
                let s = i
                while i < t.count && (NameScalars.isLatinAlnum(t[i]) || t[i] == "&" || t[i] == "-" || t[i] == "'" || t[i] == "." && i + 1 < t.count && NameScalars.isLatinAlnum(t[i + 1])) { i += 1 }
                // A trailing `.` belongs to `Inc.`/`Ltd.` only.
                var e = i
                if e < t.count && t[e] == "." { let w = analysis.text(s, e); if w == "Inc" || w == "Ltd" || w == "Co" || w == "Corp" { e += 1; i += 1 } }
                out.append(Word(start: s, end: e, text: analysis.text(s, e)))
            } else { i += 1 }
        }
        return out
    }

    func names() -> [Mention] {
        let v = analysis.vocabulary
        let ws = words()
        var out: [Mention] = []
        var i = 0
        while i < ws.count {
            guard isCapitalised(ws[i].text) else { i += 1; continue }
            // Grow a run: words separated only by spaces, capitalised or connectors.
            var j = i
            while j + 1 < ws.count && onlySpaces(ws[j].end, ws[j + 1].start)
                    && (isCapitalised(ws[j + 1].text) || v.connectorsEn.contains(ws[j + 1].text)) { j += 1 }
            // `X Group and the Y Council` is two names: a head followed by `and` ends one.
            var k = i
            while k < j {
                if ws[k + 1].text == "and" || ws[k + 1].text == "&", isHead(ws[k].text) { j = k; break }
                k += 1
            }
            var run = Array(ws[i...j])
            while let last = run.last, !isCapitalised(last.text) { run.removeLast() }
            while let first = run.first, first.text == "The" || first.text == "the" || v.connectorsEn.contains(first.text) { run.removeFirst() }
            if let m = classify(run) { out.append(m) }
            i = j + 1
        }
        return out
    }

    private func classify(_ run: [Word]) -> Mention? {
        let v = analysis.vocabulary
        guard run.count >= 2 else { return nil }
        // The head is the last head word before the first `of/on/for` tail, else the last one.
        var headType: EntityType?
        for w in run {
            if w.text == "of" || w.text == "on" || w.text == "for" { if headType != nil { break } else { continue } }
            let bare = w.text.hasSuffix(".") ? String(w.text.dropLast()) : w.text
            if v.agreementHeadsEn.contains(bare) { headType = .agreement }
            else if v.orgHeadsEn.contains(w.text) || v.orgHeadsEn.contains(bare) { headType = .organization }
        }
        guard let type = headType else { return nil }
        let content = run.filter { isCapitalised($0.text) && !v.genericWordsEn.contains($0.text) }
        guard !content.isEmpty else { return nil }
        // All-capital runs are headings or acronym lists, not names.
        if run.allSatisfy({ $0.text == $0.text.uppercased() }) { return nil }
        return analysis.patternMention(type, run.first!.start, run.last!.end)
    }

    private func isHead(_ w: String) -> Bool {
        let v = analysis.vocabulary
        let bare = w.hasSuffix(".") ? String(w.dropLast()) : w
        return v.orgHeadsEn.contains(w) || v.orgHeadsEn.contains(bare) || v.agreementHeadsEn.contains(bare)
    }

    private func isCapitalised(_ w: String) -> Bool {
        guard let f = w.unicodeScalars.first else { return false }
        return NameScalars.isUpper(NameScalars.foldWidth(f)) || NameScalars.isASCIIDigit(f) && w.unicodeScalars.contains { NameScalars.isUpper($0) }
    }

    private func onlySpaces(_ a: Int, _ b: Int) -> Bool {
        guard b > a, b - a <= 2 else { return false }
        for k in a..<b where !NameScalars.isSpace(analysis.scalars[k]) { return false }
        return true
    }
}
