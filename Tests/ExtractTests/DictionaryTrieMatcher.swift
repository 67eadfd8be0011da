import Testing
@testable import PolicyGraph

/// The lexicon matcher as it was before the flat automaton (a `Dictionary` of children per
/// trie node), kept verbatim as the reference the fast matcher must agree with match for match.
struct DictionaryTrieMatcher {
    /// One name found in the text; `entryIndex` is an index into `lexicon.entries`, or nil for
    /// a blocking phrase (`发展中国家`), which only stops shorter names inside it.
    typealias Match = LexiconMatcher.Match

    private struct Terminal: Sendable {
        var entryIndex: Int?
        /// Exact scalars for case-sensitive names (all-capital acronyms); nil when folded match suffices.
        var exact: [Unicode.Scalar]?
        var startsLatin: Bool
        var endsLatin: Bool
        /// A name written with a capital first letter (`Japan`) is not found in lower case
        /// (`japan` in a URL or a common word).
        var startsUpper: Bool
    }

    private var children: [[UInt32: Int32]] = [[:]]
    private var terminals: [[Terminal]] = [[]]
    let lexicon: Lexicon

    /// `blocking`: phrases that contain a name but are not it (`发展中国家` holds `中国`).
    init(lexicon: Lexicon, blocking: [String] = []) {
        self.lexicon = lexicon
        for (i, entry) in lexicon.entries.enumerated() {
            for name in Set(entry.names) { insert(name, entryIndex: i) }
        }
        for phrase in blocking { insert(phrase, entryIndex: nil) }
    }

    private mutating func insert(_ name: String, entryIndex: Int?) {
        let scalars = name.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !NameScalars.isSpace($0) }
        guard let first = scalars.first, let last = scalars.last else { return }
        // Single Latin letters and single Han characters are too ambiguous to look up blindly.
        if scalars.count == 1 { return }
        var node = 0
        for s in scalars {
            let f = NameScalars.fold(s).value
            if let next = children[node][f] { node = Int(next) } else {
                children.append([:]); terminals.append([])
                children[node][f] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        let hasLower = scalars.contains { NameScalars.isLower(NameScalars.foldWidth($0)) }
        let hasUpper = scalars.contains { NameScalars.isUpper(NameScalars.foldWidth($0)) }
        let exact: [Unicode.Scalar]? = (hasUpper && !hasLower) ? scalars.map(NameScalars.foldWidth) : nil
        let t = Terminal(entryIndex: entryIndex, exact: exact,
                         startsLatin: NameScalars.isLatinAlnum(first), endsLatin: NameScalars.isLatinAlnum(last),
                         startsUpper: NameScalars.isUpper(NameScalars.foldWidth(first)))
        if let k = terminals[node].firstIndex(where: { $0.entryIndex == entryIndex && $0.exact == exact }) {
            // Names differing only in case (`E-commerce moratorium`, `e-commerce moratorium`)
            // share a node: the lower-case one allows lower-case matches, whichever came first
            // (names arrive in hash order, so keeping the first made builds differ).
            terminals[node][k].startsUpper = terminals[node][k].startsUpper && t.startsUpper
        } else {
            terminals[node].append(t)
        }
    }

    /// Whether the non-space scalars of `text[from..<to]`, width-folded, are `exact` (checked
    /// in place: no array is built per position).
    @inline(__always)
    private static func matchesExactly(_ exact: [Unicode.Scalar], _ text: [Unicode.Scalar], from: Int, to: Int) -> Bool {
        var k = 0
        for p in from..<to where !NameScalars.isSpace(text[p]) {
            guard k < exact.count, NameScalars.foldWidth(text[p]) == exact[k] else { return false }
            k += 1
        }
        return k == exact.count
    }

    /// The longest valid name starting at each position, preceded by any shorter organisation
    /// names at that position (sorted by end); a blocking phrase counts as a name
    /// here so that what it covers is not found, and is returned with `entryIndex == nil`.
    func matches(in text: [Unicode.Scalar]) -> [Match] {
        var result: [Match] = []
        let n = text.count
        var i = 0
        while i < n {
            let s = text[i]
            if NameScalars.isSpace(s) { i += 1; continue }
            let prevLatin = i > 0 && NameScalars.isLatinAlnum(text[i - 1])
            var node = 0
            var j = i
            var best: Match?
            // Shorter names of bodies at the same start (`G20` in `G20 Trade and Investment
            // Working Group`): the settling step decides whether the longer name keeps them.
            var shorter: [Match] = []
            let startsUpper = NameScalars.isUpper(NameScalars.foldWidth(s))
            while j < n {
                let c = text[j]
                if NameScalars.isSpace(c) { j += 1; continue }
                guard let next = children[node][NameScalars.fold(c).value] else { break }
                node = Int(next)
                j += 1
                for t in terminals[node] {
                    if t.startsLatin && prevLatin { continue }
                    if t.endsLatin && j < n && NameScalars.isLatinAlnum(text[j]) { continue }
                    if let exact = t.exact, !Self.matchesExactly(exact, text, from: i, to: j) { continue }
                    if t.startsUpper && !startsUpper { continue }
                    // Prefer a real entry over a blocking phrase of the same span.
                    if best == nil || best!.end < j || (best!.end == j && best!.entryIndex == nil && t.entryIndex != nil) {
                        if let b = best, b.end < j, let e = b.entryIndex, lexicon.entries[e].type == .organization,
                           shorter.last?.end != b.end {
                            shorter.append(b)
                        }
                        best = Match(start: i, end: j, entryIndex: t.entryIndex)
                    }
                }
            }
            if let b = best {
                if b.entryIndex != nil { result += shorter }
                result.append(b)
            }
            i += 1
        }
        return result
    }
}
