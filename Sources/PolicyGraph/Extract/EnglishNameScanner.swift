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

    /// Legal-form words after a company name.
    static let companyForms: Set<String> = ["Inc", "Inc.", "Ltd", "Ltd.", "Corp", "Corp.", "Co", "Co.", "LLC", "PLC", "plc", "GmbH", "AG", "SA", "S.A."]

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
            for piece in split(Array(ws[i...j])) {
                var run = piece
                while let last = run.last, !isCapitalised(last.text) { run.removeLast() }
                while let first = run.first, first.text == "The" || first.text == "the" || v.connectorsEn.contains(first.text) { run.removeFirst() }
                if let m = classify(run) { out.append(m) }
            }
            i = j + 1
        }
        return out
    }

    /// Runs that hold two names: `and the` always separates (`… Development and the
    /// International Monetary Fund`); a bare `and` separates when both sides have a head
    /// (`Peterson Institute … and Microsoft Corp.`), not inside one (`Competition and Consumer Commission`).
    private func split(_ run: [Word]) -> [[Word]] {
        var pieces: [[Word]] = []
        var current: [Word] = []
        var k = 0
        while k < run.count {
            let w = run[k]
            if (w.text == "and" || w.text == "&") && k + 1 < run.count && run[k + 1].text.lowercased() == "the" {
                pieces.append(current); current = []; k += 2; continue
            }
            current.append(w)
            k += 1
        }
        pieces.append(current)
        var out: [[Word]] = []
        for piece in pieces {
            var rest = piece
            var cut = true
            while cut {
                cut = false
                for (n, w) in rest.enumerated() where (w.text == "and" || w.text == "&") && n > 0 {
                    if rest[..<n].contains(where: { isHead($0.text) }) && rest[(n + 1)...].contains(where: { isHead($0.text) }) {
                        out.append(Array(rest[..<n])); rest = Array(rest[(n + 1)...]); cut = true; break
                    }
                }
            }
            out.append(rest)
        }
        return out.filter { !$0.isEmpty }
    }

    private func classify(_ whole: [Word]) -> Mention? {
        let v = analysis.vocabulary
        var run = whole
        // A name opens with its head or with words before the head, never with a phrase that
        // governs it: `Role of the World Trade Organization`, `Challenges for the Digital
        // Economy Partnership Agreement` (title-case headings) start after `of`/`for`.
        if let h = run.firstIndex(where: { isHead($0.text) }),
           let c = run[..<h].lastIndex(where: { ["of", "for", "on", "in"].contains($0.text) }) {
            run = Array(run[(c + 1)...])
            while let first = run.first, first.text == "the" || first.text == "The" { run.removeFirst() }
        }
        guard run.count >= 2 else { return nil }
        // The lexicon knows the name the run ends with, head included: the words before it are
        // not part of it (but `Court of Justice of the European Union` has a head of its own).
        if let h = run.firstIndex(where: { isHead($0.text) }),
           analysis.lexiconMatches.contains(where: { $0.end == run.last!.end && $0.start > run.first!.start && $0.start <= run[h].start }) {
            return nil
        }
        // The head is the last head word before the first `of/on/for` tail, else the last one.
        var headType: EntityType?
        for w in run {
            if w.text == "of" || w.text == "on" || w.text == "for" { if headType != nil { break } else { continue } }
            let bare = w.text.hasSuffix(".") ? String(w.text.dropLast()) : w.text
            if v.agreementHeadsEn.contains(bare) { headType = .agreement }
            else if v.orgHeadsEn.contains(w.text) || v.orgHeadsEn.contains(bare) { headType = .organization }
        }
        guard let type = headType else { return nil }
        // `Microsoft Corp.` is the company the lexicon knows as Microsoft.
        if type == .organization, run.count >= 2, Self.companyForms.contains(run.last!.text),
           let lex = analysis.lexiconMatches.first(where: { $0.start == run.first!.start && $0.end == run[run.count - 2].end }),
           let entry = analysis.entry(of: lex), entry.type == .organization {
            return Mention(type: .organization, surface: analysis.text(run.first!.start, run.last!.end), blockIndex: analysis.block.index,
                           start: run.first!.start, end: run.last!.end, key: entry.key, canonicalName: entry.canonical)
        }
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
