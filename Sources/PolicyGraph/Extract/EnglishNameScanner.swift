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

    /// A Latin word and, when any rule reads it, its text and what it heads. Rules read the
    /// text of capitalised words, digits and words short enough to be connectors; a longer
    /// word in lower case (most of running English) keeps an empty text and is never
    /// turned into a `String`.
    struct Word {
        var start: Int
        var end: Int
        var text: String
        /// `headKind(text)`, worked out once per word.
        var head: EntityType?
        /// `isPossessive(text)`, worked out once per word.
        var possessive = false
    }

    /// Legal-form words after a company name.
    static let companyForms: Set<String> = ["Inc", "Inc.", "Ltd", "Ltd.", "Corp", "Corp.", "Co", "Co.", "LLC", "PLC", "plc", "GmbH", "AG", "SA", "S.A."]

    /// Latin words with their offsets; `.`, `&`, `-` and `'` stay inside a word.
    func words() -> [Word] {
        let t = analysis.scalars
        var out: [Word] = []
        // About one word in six scalars of English text: the list rarely grows.
        out.reserveCapacity(t.count / 6)
        var i = 0
        while i < t.count {
            if NameScalars.isLatinAlnum(t[i]) || t[i] == "&" {
                let s = i
                // Hyphens and dashes (U+2010–U+2015: `EU–Japan`, `E‑commerce`) and apostrophes
                // join a word when a letter or digit follows.
                while i < t.count && (NameScalars.isLatinAlnum(t[i]) || t[i] == "&" || t[i] == "-"
                        || (Self.isDashOrApostrophe(t[i]) || t[i] == ".") && i + 1 < t.count && NameScalars.isLatinAlnum(t[i + 1])) { i += 1 }
                // A trailing `.` belongs to `Inc.`/`Ltd.` only.
                var e = i
                if e < t.count && t[e] == "." && Self.abbreviatedForms.contains(where: { analysis.hasPrefix($0, at: s) && $0.count == e - s }) {
                    e += 1; i += 1
                }
                if TextScan.isLowercaseLatin(t[s]) && e - s > analysis.vocabulary.maxConnectorLengthEn {
                    out.append(Word(start: s, end: e, text: "", head: nil))
                } else {
                    // Words hold no combining marks: their scalars answer what their characters would.
                    var afterDash: Unicode.Scalar?
                    var k = e - 1
                    while k > s, t[k] != "-" { k -= 1 }
                    if t[k] == "-", k + 1 < e { afterDash = t[k + 1] }
                    let possessive = e - s >= 2 && ((t[e - 1] == "s" && (t[e - 2] == "'" || t[e - 2] == "\u{2019}")) || (t[e - 1] == "'" && t[e - 2] == "s"))
                    let text = analysis.text(s, e)
                    out.append(Word(start: s, end: e, text: text, head: headKind(text, start: s, end: e, afterDash: afterDash),
                                    possessive: possessive))
                }
            } else { i += 1 }
        }
        return out
    }

    /// Words whose trailing `.` belongs to them (`Inc.`, `Ltd.`).
    static let abbreviatedForms: [[Unicode.Scalar]] = ["Inc", "Ltd", "Co", "Corp"].map { Array($0.unicodeScalars) }

    /// `-`-like dashes U+2010–U+2015 and the apostrophes `'` `’`.
    static func isDashOrApostrophe(_ s: Unicode.Scalar) -> Bool {
        (0x2010...0x2015).contains(s.value) || s == "'" || s == "\u{2019}"
    }

    /// `Kingdom's`, `WTO’s`: an owner before a name, never part of it.
    static func isPossessive(_ w: String) -> Bool {
        w.hasSuffix("'s") || w.hasSuffix("\u{2019}s") || w.hasSuffix("s'")
    }

    /// `WTO–OECD–UNCTAD–IMF`, `WTO-OECD`: bodies listed as joint authors before a title;
    /// each is its own name, the list is not part of the title.
    static func isAcronymList(_ w: String) -> Bool {
        // No `-`, `/` or U+2010–U+2015 (UTF-8 E2 80 90–95), no list: most words stop here.
        guard w.utf8.contains(where: { $0 == 0x2D || $0 == 0x2F || $0 == 0xE2 }) else { return false }
        let parts = w.unicodeScalars.split(whereSeparator: { $0 == "-" || (0x2010...0x2015).contains($0.value) || $0 == "/" })
        return parts.count >= 2 && parts.allSatisfy { p in
            p.count >= 2 && p.allSatisfy { NameScalars.isUpper($0) || NameScalars.isASCIIDigit($0) }
        }
    }

    func names() -> [Mention] {
        let ws = words()
        var out: [Mention] = []
        var i = 0
        while i < ws.count {
            guard isCapitalised(ws[i].text), !analysis.vocabulary.runStopsEn.contains(ws[i].text) else { i += 1; continue }
            if ws[i].possessive || Self.isAcronymList(ws[i].text) { i += 1; continue }
            // Grow a run: words separated only by spaces, capitalised or connectors; an owner
            // (`Kingdom's`) and a month (`… in August`) end it.
            var j = i
            while j + 1 < ws.count && onlySpaces(ws[j].end, ws[j + 1].start)
                    && (isCapitalised(ws[j + 1].text) || analysis.vocabulary.connectorsEn.contains(ws[j + 1].text))
                    && !analysis.vocabulary.runStopsEn.contains(ws[j + 1].text) && !ws[j + 1].possessive { j += 1 }
            // Every name has a head word (`classify` finds none otherwise): most runs are a
            // capitalised word opening a sentence, and are skipped before any array is built.
            guard ws[i...j].contains(where: { $0.head != nil }) else { i = j + 1; continue }
            let whole = Array(ws[i...j])
            var found: [Mention] = []
            for piece in split(whole) {
                if let m = classify(trimmed(piece)) { found.append(m) }
            }
            // A bracketed acronym after the run (`… in Asia and the Pacific (CPTA)`) shows the
            // whole run is one name, even across `and the`.
            if found.count != 1 || found[0].end != trimmed(whole).last?.end, let last = whole.last,
               acronymInBrackets(after: last.end, initialsOf: whole), let m = classify(trimmed(whole)), m.end == last.end {
                found = [m]
            }
            for m in found { out.append(withTrailingYear(m, words: ws, from: j + 1)) }
            i = j + 1
        }
        return out
    }

    private func trimmed(_ piece: [Word]) -> [Word] {
        var run = piece
        while let last = run.last, !isCapitalised(last.text) { run.removeLast() }
        while let first = run.first, first.text == "The" || first.text == "the" || analysis.vocabulary.connectorsEn.contains(first.text)
                || Self.isAcronymList(first.text) { run.removeFirst() }
        // `See the …`, `Under the …`: a capitalised word before `the` that is no head opens
        // the sentence, not the name (`Bank of the South` keeps its head).
        if run.count > 2, run[1].text == "the", run[0].head == nil { return trimmed(Array(run[2...])) }
        return run
    }

    /// `(CPTA)` right after `end`, whose letters all appear, in order, among the initials of
    /// the run's capitalised words.
    private func acronymInBrackets(after end: Int, initialsOf run: [Word]) -> Bool {
        let t = analysis.scalars
        var k = end
        while k < t.count && NameScalars.isSpace(t[k]) && k - end < 2 { k += 1 }
        guard k < t.count, t[k] == "(" || t[k] == "（" else { return false }
        var e = k + 1
        while e < t.count && (NameScalars.isUpper(t[e]) || NameScalars.isASCIIDigit(t[e])) { e += 1 }
        guard e - k - 1 >= 2, e < t.count, t[e] == ")" || t[e] == "）" else { return false }
        let initials = run.filter { isCapitalised($0.text) }.compactMap { $0.text.unicodeScalars.first }
        var n = 0
        for letter in t[(k + 1)..<e] where !NameScalars.isASCIIDigit(letter) {
            while n < initials.count && initials[n] != letter { n += 1 }
            if n == initials.count { return false }
            n += 1
        }
        return true
    }

    /// `Electronic Trade Documents Act 2023`, `Digital Economy Report 2024`: a year written
    /// right after a head that takes one belongs to the name.
    private func withTrailingYear(_ m: Mention, words ws: [Word], from next: Int) -> Mention {
        // The surface's last space-separated word, read from the block's scalars (the surface is
        // the span's text; no combining mark sits in a run of Latin words).
        let t = analysis.scalars
        var wordEnd = m.end
        while wordEnd > m.start, t[wordEnd - 1] == " " { wordEnd -= 1 }
        guard wordEnd > m.start else { return m }
        var wordStart = wordEnd
        while wordStart > m.start, t[wordStart - 1] != " " { wordStart -= 1 }
        guard analysis.vocabulary.yearTakingHeadsEn.contains(analysis.text(wordStart, wordEnd)) else { return m }
        guard let k = ws[next...].firstIndex(where: { $0.start >= m.end }), onlySpaces(m.end, ws[k].start) else { return m }
        let y = ws[k].text
        guard y.count == 4, y.unicodeScalars.allSatisfy(NameScalars.isASCIIDigit), let year = Int(y), (1900...2100).contains(year) else { return m }
        return analysis.patternMention(m.type, m.start, ws[k].end)
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
            if (w.text == "and" || w.text == "&") && k + 1 < run.count && Self.isThe(run[k + 1].text) {
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
                    if rest[..<n].contains(where: { $0.head != nil }) && rest[(n + 1)...].contains(where: { $0.head != nil }) {
                        out.append(Array(rest[..<n])); rest = Array(rest[(n + 1)...]); cut = true; break
                    }
                }
            }
            out.append(rest)
        }
        return out.filter { !$0.isEmpty }
    }

    /// `w.lowercased() == "the"` without building the lower-cased string: only the ASCII
    /// spellings of `the` lower-case to it (a non-ASCII letter takes two or more bytes and
    /// none lower-cases to `t`, `h` or `e`).
    static func isThe(_ w: String) -> Bool {
        var utf8 = w.utf8.makeIterator()
        guard let t = utf8.next(), let h = utf8.next(), let e = utf8.next(), utf8.next() == nil else { return false }
        return t | 0x20 == UInt8(ascii: "t") && h | 0x20 == UInt8(ascii: "h") && e | 0x20 == UInt8(ascii: "e")
    }

    /// Words that govern a name after them (`Role of the …`, `Challenges for the …`).
    static let governingWords = ["of", "for", "on", "in"]

    /// `w == w.uppercased()`; an ASCII word answers from its bytes (it equals its upper-cased
    /// form exactly when it holds no `a`–`z`) without building the upper-cased string.
    static func isAllCapitals(_ w: String) -> Bool {
        if w.utf8.allSatisfy({ $0 < 0x80 }) { return !w.utf8.contains { $0 >= 0x61 && $0 <= 0x7A } }
        return w == w.uppercased()
    }

    private func classify(_ whole: [Word]) -> Mention? {
        var run = whole
        // A name opens with its head or with words before the head, never with a phrase that
        // governs it: `Role of the World Trade Organization`, `Challenges for the Digital
        // Economy Partnership Agreement` (title-case headings) start after `of`/`for`.
        if let h = run.firstIndex(where: { $0.head != nil }),
           let c = run[..<h].lastIndex(where: { Self.governingWords.contains($0.text) }) {
            run = Array(run[(c + 1)...])
            while let first = run.first, first.text == "the" || first.text == "The" { run.removeFirst() }
        }
        guard run.count >= 2 else { return nil }
        // The lexicon knows the name the run ends with, head included: the words before it are
        // not part of it (but `Court of Justice of the European Union` has a head of its own).
        if let h = run.firstIndex(where: { $0.head != nil }),
           analysis.lexiconMatches.contains(where: { $0.end == run.last!.end && $0.start > run.first!.start && $0.start <= run[h].start }) {
            return nil
        }
        // The head is the last head word before the first `of/on/for` tail, else the last one.
        var headType: EntityType?
        var headIndex = 0
        var tailStart: Int?
        for (n, w) in run.enumerated() {
            if w.text == "of" || w.text == "on" || w.text == "for" { if headType != nil { tailStart = n; break } else { continue } }
            if let t = w.head { headType = t; headIndex = n }
        }
        guard let type = headType else { return nil }
        // Capitalised words after the head with no connector between are not the name's
        // (`Agreement Signed Parties` is a table header row).
        if tailStart == nil && headIndex < run.count - 1 && !run[(headIndex + 1)...].contains(where: { analysis.vocabulary.connectorsEn.contains($0.text) }) {
            run = Array(run[...headIndex])
            guard run.count >= 2 || type == .publication else { return nil }
        }
        // `Microsoft Corp.` is the company the lexicon knows as Microsoft.
        if type == .organization, run.count >= 2, Self.companyForms.contains(run.last!.text),
           let lex = analysis.lexiconMatches.first(where: { $0.start == run.first!.start && $0.end == run[run.count - 2].end }),
           let entry = analysis.entry(of: lex), entry.type == .organization {
            return Mention(type: .organization, surface: analysis.text(run.first!.start, run.last!.end), blockIndex: analysis.block.index,
                           start: run.first!.start, end: run.last!.end, key: analysis.key(of: lex)!, canonicalName: entry.canonical)
        }
        let content = run.filter { isCapitalised($0.text) && !analysis.vocabulary.genericWordsEn.contains($0.text) }
        // A name that opens with its head and names its remit (`Committee on Trade and
        // Investment`, `Council for Trade in Services`) is specific although its words are generic.
        let opensWithRemit = headIndex == 0 && tailStart == 1 && run.count >= 3
        guard !content.isEmpty || opensWithRemit else { return nil }
        // All-capital runs are headings or acronym lists, not names.
        if run.allSatisfy({ Self.isAllCapitals($0.text) }) { return nil }
        return analysis.patternMention(type, run.first!.start, run.last!.end)
    }

    /// What a head word names; a hyphenated word takes its last part's kind (`Sub-Committee`).
    /// `w` is the word `analysis.scalars[start..<end]`; `afterDash` the scalar after its last
    /// `-`, if any.
    private func headKind(_ w: String, start: Int, end: Int, afterDash: Unicode.Scalar?) -> EntityType? {
        let t = analysis.scalars
        // The heads looked up below open with the word's first scalar or with the one after its
        // last dash; when no head opens with either, none is there (no set is consulted).
        if !analysis.vocabulary.mayOpenEnglishHead(t[start]) && !(afterDash.map { analysis.vocabulary.mayOpenEnglishHead($0) } ?? false) { return nil }
        // The bare word: a trailing `.` dropped, then only what follows the last `-` past the
        // first scalar. Found on the scalars (words hold no combining marks, so scalars and
        // characters agree); the word's own string serves when nothing is cut.
        var bareStart = start, bareEnd = end
        if t[bareEnd - 1] == "." { bareEnd -= 1 }
        if let dash = t[start..<bareEnd].lastIndex(of: "-"), dash != start { bareStart = dash + 1 }
        let isWhole = bareStart == start && bareEnd == end
        let bare = isWhole ? w : analysis.text(bareStart, bareEnd)
        if analysis.vocabulary.agreementHeadsEn.contains(bare) { return .agreement }
        if !isWhole && analysis.vocabulary.orgHeadsEn.contains(w) || analysis.vocabulary.orgHeadsEn.contains(bare) { return .organization }
        if analysis.vocabulary.publicationHeadsEn.contains(bare) { return .publication }
        return nil
    }

    private func isCapitalised(_ w: String) -> Bool {
        guard let f = w.unicodeScalars.first else { return false }
        return NameScalars.isUpper(NameScalars.foldWidth(f)) || NameScalars.isASCIIDigit(f) && w.unicodeScalars.contains { NameScalars.isUpper($0) }
    }

    /// Words of one name are separated by a space or two; in a table only by one plain space
    /// on the same line (a tab, a line break or a wide gap separates cells).
    private func onlySpaces(_ a: Int, _ b: Int) -> Bool {
        guard b > a, b - a <= 2 else { return false }
        if analysis.block.kind == .table { return b - a == 1 && analysis.scalars[a] == " " }
        for k in a..<b where !NameScalars.isSpace(analysis.scalars[k]) { return false }
        return true
    }
}
