/// Tags a block `zh`, `en` or `mixed`: `mixed` only when the block holds a whole sentence in
/// each language; Latin acronyms, names and URLs inside Chinese text keep it `zh`, a few Han
/// characters inside English keep it `en`.
///
/// ```swift
/// LanguageTagger().language(of: "世界贸易组织（WTO）发布报告。")   // .zh
/// LanguageTagger().language(of: "https://example.org/report")      // .en
/// ```
struct LanguageTagger: Sendable {
    /// The language of a block without letters (a page number, a row of figures).
    var fallback: BlockLanguage = .zh

    func language(of text: String) -> BlockLanguage {
        language(of: ScalarText.scalars(text))
    }

    /// The language most of a document's letters belong to: the fallback for its letterless blocks.
    static func dominantLanguage(of text: String) -> BlockLanguage {
        dominantLanguage(ofScalars: ScalarText.scalars(text))
    }

    static func dominantLanguage(ofScalars scalars: [Unicode.Scalar]) -> BlockLanguage {
        var han = 0, latin = 0
        for u in scalars {
            if ScalarClass.isHan(u) { han += 1 } else if ScalarClass.isLatinLetter(u) { latin += 1 }
        }
        return latin > han * 3 ? .en : .zh
    }

    func language(of s: [Unicode.Scalar]) -> BlockLanguage {
        let scalars = Self.removingURLs(s)
        var han = 0, latin = 0
        for u in scalars {
            if ScalarClass.isHan(u) { han += 1 } else if ScalarClass.isLatinLetter(u) { latin += 1 }
        }
        if han == 0 { return latin > 0 ? .en : fallback }
        if latin == 0 { return .zh }
        let englishSentence = longestEnglishRun(scalars) >= 6
        let chineseSentence = longestHanRun(scalars) >= 10
        if englishSentence && chineseSentence {
            // Both languages carry sentences; unless one clearly dwarfs the other it is mixed.
            return .mixed
        }
        if englishSentence { return han * 2 > latin ? .mixed : .en }
        return han * 3 >= latin ? .zh : (chineseSentence ? .mixed : .en)
    }

    /// The longest run of Latin words that reads as a sentence (at least four words and half of
    /// them lower-case: titles and names are capitalised) not broken by Han text.
    private func longestEnglishRun(_ s: [Unicode.Scalar]) -> Int {
        var best = 0, words = 0, lowerWords = 0
        var inWord = false, wordLower = true
        func endWord() {
            if inWord { words += 1; if wordLower { lowerWords += 1 } }
            inWord = false; wordLower = true
        }
        for u in s {
            if ScalarClass.isLatinLetter(u) {
                if !inWord { inWord = true; wordLower = ScalarClass.isLowercaseLatin(u) }
            } else if ScalarClass.isHan(u) || ScalarClass.isCJKPunctuation(u) && u != "“" && u != "”" && u != "’" {
                endWord()
                if lowerWords >= 4 && lowerWords * 2 >= words { best = max(best, words) }
                words = 0; lowerWords = 0
            } else {
                endWord()
            }
        }
        endWord()
        if lowerWords >= 4 && lowerWords * 2 >= words { best = max(best, words) }
        return best
    }

    /// The longest run of Han characters allowing punctuation, digits and blanks inside.
    private func longestHanRun(_ s: [Unicode.Scalar]) -> Int {
        var best = 0, run = 0
        for u in s {
            if ScalarClass.isHan(u) { run += 1; best = max(best, run) }
            else if ScalarClass.isLatinLetter(u) { run = 0 }
        }
        return best
    }

    /// URLs and e-mail addresses say nothing about the language of the prose around them.
    static func removingURLs(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Most blocks hold no URL: return them as they are instead of copying.
        guard let firstURL = s.indices.first(where: { startsURL(s, at: $0) }) else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        out.append(contentsOf: s[..<firstURL])
        var k = firstURL
        while k < s.count {
            if startsURL(s, at: k) {
                var e = k
                while e < s.count, !ScalarClass.isWhitespace(s[e]), !ScalarClass.isCJK(s[e]) { e += 1 }
                // Keep one letter so a URL-only block still reads as Latin text.
                out.append("u")
                k = e
                continue
            }
            out.append(s[k])
            k += 1
        }
        return out
    }

    private static func startsURL(_ s: [Unicode.Scalar], at k: Int) -> Bool {
        // Every URL start begins with `h` or `w`: other positions need no comparison.
        guard s[k] == "h" || s[k] == "w" else { return false }
        func has(_ p: StaticString) -> Bool {
            let count = p.utf8CodeUnitCount
            guard k + count <= s.count else { return false }
            return p.withUTF8Buffer { bytes in
                for i in 0..<count where s[k + i].value != UInt32(bytes[i]) { return false }
                return true
            }
        }
        return has("http://") || has("https://") || has("www.")
    }
}
