import Foundation

/// The words around numbers that the year and figure recognisers read — magnitudes,
/// currencies, units, measure words, qualifiers, ordinal and year cues — loaded from the
/// readable resource files in `Resources/Lexicon/units/` so an analyst can extend them.
///
/// ```swift
/// let vocabulary = try FigureVocabulary.bundled()
/// let text = Array("4900 亿美元".unicodeScalars)
/// vocabulary.magnitudes.matchForward(text, at: 5)?.value.exponent   // 8
/// ```
public struct FigureVocabulary: Sendable {
    /// A magnitude word's power of ten: `万` → 4, `billion` → 9.
    public struct Magnitude: Sendable, Hashable {
        public var exponent: Int
        /// `m`, `k`: a magnitude only when a currency is written too (`$5m`), since `5 m` may be metres.
        public var needsCurrency: Bool
    }

    /// How a unit word behaves: percent sign, unit of measure, or measure word counting things.
    public enum UnitKind: String, Sendable, Hashable {
        /// `%`, `per cent`: normalised to `%`.
        case percent
        /// A unit of measure; decimals allowed (`1.5 倍`, `2.5 km`).
        case unit
        /// A Chinese measure word counting things; a whole number unless a magnitude is written.
        case measureWord
    }

    /// A unit as the figure records it (`per cent` → `%`, `千米` → `千米`) and its kind.
    public struct UnitWord: Sendable, Hashable {
        public var unit: String
        public var kind: UnitKind
    }

    /// What a word written just before a number says about it (`number-contexts.tsv`).
    public enum ContextRole: Sendable, Hashable {
        case ordinal, identifier, yearCue
        /// `the`, `its`: a bare four-digit number after it is a year unless a counted noun
        /// follows (`the 2018 summit`, but `the 2000 companies`).
        case yearDeterminer
        case month(Int)
    }

    /// Stands for this vocabulary's content: copies share it until one of them is changed
    /// (every change makes a new one), so two vocabularies with the same identity say the
    /// same thing and what one found can be reused for the other (`BlockAnalysis` keeps the
    /// year matches of a block for both the year and the figure recogniser).
    final class Identity: Sendable {}
    private(set) var identity = Identity()

    public var magnitudes = PhraseTable<Magnitude>() { didSet { identity = Identity() } }
    /// Currencies written before the number (`US$`, `€`, `USD`) → ISO 4217 code.
    public var prefixCurrencies = PhraseTable<String>() { didSet { identity = Identity() } }
    /// Currencies written after number and magnitude (`美元`, `USD`, `euros`) → ISO 4217 code.
    public var suffixCurrencies = PhraseTable<String>() { didSet { identity = Identity() } }
    /// Units, percent forms and measure words.
    public var units = PhraseTable<UnitWord>() { didSet { identity = Identity() } }
    public var qualifiersBefore = PhraseTable<String>() { didSet { identity = Identity() } }
    public var qualifiersAfter = PhraseTable<String>() { didSet { identity = Identity() } }
    /// Between the number and its measure word (`200 多条`).
    public var qualifiersInside = PhraseTable<String>() { didSet { identity = Identity() } }
    /// Words before a number that make it an ordinal, an identifier, a year or a date.
    public var contexts = PhraseTable<ContextRole>() { didSet { identity = Identity() } }
    /// English words that never are the noun a number counts (`of`, `and`).
    public var notCountNouns: Set<String> = [] { didSet { identity = Identity() } }
    /// English plurals without a final -s that are counted nouns (`people`).
    public var irregularPlurals: Set<String> = [] { didSet { identity = Identity() } }

    /// A vocabulary file that is missing, unreadable or has a malformed line, named with its path and line.
    public enum LoadError: Error, CustomStringConvertible {
        case missingResource(file: String)
        case unreadable(file: String, reason: String)
        case badLine(file: String, line: Int, reason: String)
        public var description: String {
            switch self {
            case .missingResource(let f): return "\(f): figure vocabulary resource not found in the bundle"
            case .unreadable(let f, let r): return "\(f): cannot read figure vocabulary: \(r)"
            case .badLine(let f, let l, let r): return "\(f):\(l): \(r)"
            }
        }
    }

    public init() {}

    /// The vocabulary shipped in the package, loaded once. The files are part of the
    /// package, so failing to read them is a broken build, not a user error.
    public static let standard: FigureVocabulary = {
        do { return try bundled() } catch { preconditionFailure("\(error)") }
    }()

    /// Reads every file of `Resources/Lexicon/units/`.
    public static func bundled() throws -> FigureVocabulary {
        guard let dir = Bundle.module.url(forResource: "Lexicon", withExtension: nil)?
            .appendingPathComponent("units") else { throw LoadError.missingResource(file: "Lexicon/units") }
        return try FigureVocabulary(directory: dir)
    }

    /// Reads the vocabulary files from a folder laid out like `Resources/Lexicon/units/`.
    public init(directory: URL) throws {
        func rows(_ name: String, minColumns: Int) throws -> [(line: Int, cols: [String])] {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { throw LoadError.missingResource(file: url.path) }
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw LoadError.unreadable(file: url.path, reason: error.localizedDescription)
            }
            var result: [(Int, [String])] = []
            for (n, raw) in text.resourceLines.enumerated() {
                if raw.hasPrefix("#") || raw.trimmingBlanks().isEmpty { continue }
                let cols = raw.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
                guard cols.count >= minColumns, !cols[0].isEmpty else {
                    throw LoadError.badLine(file: url.path, line: n + 1, reason: "expected \(minColumns) tab-separated columns")
                }
                result.append((n + 1, cols))
            }
            return result
        }
        for (line, c) in try rows("magnitudes.tsv", minColumns: 2) {
            guard let e = Int(c[1]) else { throw LoadError.badLine(file: "magnitudes.tsv", line: line, reason: "exponent '\(c[1])' is not an integer") }
            magnitudes.add(c[0], Magnitude(exponent: e, needsCurrency: c.count > 2 && c[2] == "currency"))
        }
        for (line, c) in try rows("currencies.tsv", minColumns: 3) {
            switch c[2] {
            case "prefix": prefixCurrencies.add(c[0], c[1])
            case "suffix": suffixCurrencies.add(c[0], c[1])
            case "both": prefixCurrencies.add(c[0], c[1]); suffixCurrencies.add(c[0], c[1])
            default: throw LoadError.badLine(file: "currencies.tsv", line: line, reason: "position must be prefix, suffix or both")
            }
        }
        for (line, c) in try rows("units.tsv", minColumns: 3) {
            guard let kind = UnitKind(rawValue: c[2]), kind != .measureWord else {
                throw LoadError.badLine(file: "units.tsv", line: line, reason: "kind must be percent or unit")
            }
            units.add(c[0], UnitWord(unit: c[1], kind: kind))
        }
        for (_, c) in try rows("measure-words.tsv", minColumns: 1) {
            units.add(c[0], UnitWord(unit: c[0], kind: .measureWord))
        }
        for (line, c) in try rows("qualifiers.tsv", minColumns: 2) {
            switch c[1] {
            case "before": qualifiersBefore.add(c[0], c[0])
            case "after": qualifiersAfter.add(c[0], c[0])
            case "inside": qualifiersInside.add(c[0], c[0])
            default: throw LoadError.badLine(file: "qualifiers.tsv", line: line, reason: "position must be before, after or inside")
            }
        }
        for (line, c) in try rows("number-contexts.tsv", minColumns: 2) {
            switch c[1] {
            case "ordinal": contexts.add(c[0], .ordinal)
            case "identifier": contexts.add(c[0], .identifier)
            case "year-cue": contexts.add(c[0], .yearCue)
            case "determiner": contexts.add(c[0], .yearDeterminer)
            case "month":
                guard c.count > 2, let m = Int(c[2]), (1...12).contains(m) else {
                    throw LoadError.badLine(file: "number-contexts.tsv", line: line, reason: "a month needs its number 1–12 in the third column")
                }
                contexts.add(c[0], .month(m))
            default: throw LoadError.badLine(file: "number-contexts.tsv", line: line, reason: "unknown role '\(c[1])'")
            }
        }
        for (line, c) in try rows("english-count-nouns.tsv", minColumns: 2) {
            switch c[1] {
            case "not-noun": notCountNouns.insert(c[0])
            case "plural": irregularPlurals.insert(c[0])
            default: throw LoadError.badLine(file: "english-count-nouns.tsv", line: line, reason: "role must be not-noun or plural")
            }
        }
    }
}

extension FigureVocabulary {
    /// True when what follows `i` (after spaces) makes the preceding number a quantity: a
    /// magnitude, a currency, a unit, a percent sign or a measure word, possibly after `多`/`余`
    /// (`2019 亿美元`, `2000 多家`). The year recogniser uses it to leave amounts alone.
    public func quantityFollows(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        var k = TextScan.skipSpaces(text, from: i)
        if let q = qualifiersInside.matchForward(text, at: k) { k = TextScan.skipSpaces(text, from: q.end) }
        if let m = magnitudes.matchForward(text, at: k), !m.value.needsCurrency { return true }
        return suffixCurrencies.matchForward(text, at: k) != nil || units.matchForward(text, at: k) != nil
    }
}

extension FigureVocabulary {
    /// An English noun counted by the number (`250 companies`, `1.5 million users`): a
    /// lowercase word after a space that is plural (or the number is one) and not a function word.
    /// The count reaches across up to three modifiers — lowercase nouns or adjectives and
    /// acronyms — to its head noun (`90 data localisation measures`, `21 APEC member
    /// economies`); the head is the last plural word of that run, which stops at function
    /// words, punctuation and line ends. `word` is the head noun, `end` the end of the phrase.
    public func countedNoun(in text: [Unicode.Scalar], at k: Int, after end: Int, value: Double) -> (word: String, end: Int)? {
        guard k > end, k < text.count else { return nil }
        var best: (word: String, end: Int)?
        var w = k
        for index in 0..<4 {
            guard w < text.count, TextScan.isLatinLetter(text[w]) else { break }
            var j = w
            let lower = TextScan.isLowercaseLatin(text[w])
            if lower {
                while j < text.count, TextScan.isLowercaseLatin(text[j]) || (text[j] == "-" && j + 1 < text.count && TextScan.isLowercaseLatin(text[j + 1]) && j > w) {
                    j += 1
                }
            } else {
                // An acronym modifier (`APEC`, `G20`): capitals and digits, at least two.
                while j < text.count, NameScalars.isUpper(text[j]) || NumberGrammar.isDigit(text[j]) { j += 1 }
                if j - w < 2 { break }
            }
            if j < text.count, TextScan.isLatinLetter(text[j]) || (index == 0 && (NumberGrammar.isDigit(text[j]) || text[j] == ":" || text[j] == "@")) {
                break  // `17 https://…`, an address, not a noun; a mixed-case word is a name
            }
            if lower {
                let word = ScalarText.string(text[w..<j])
                if notCountNouns.contains(word) { break }
                let plural = irregularPlurals.contains(word)
                    || (word.count > 2 && word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us") && !word.hasSuffix("is"))
                if plural || (value == 1 && index == 0) { best = (word, j) }
                if value == 1 && index == 0 { break }
            }
            // The next word must follow after one plain space on the same line.
            guard j + 1 < text.count, text[j] == " ", TextScan.isLatinLetter(text[j + 1]) else { break }
            w = j + 1
        }
        return best
    }
}

/// Short phrases matched at a position of a scalar array, longest first, forwards (a unit
/// after a number) or backwards (a qualifier before it). A space in a phrase matches any run
/// of horizontal white space; an all-lowercase Latin phrase matches any letter case; a phrase
/// that starts or ends with a Latin letter only matches at a word boundary.
///
/// ```swift
/// var table = PhraseTable<String>(); table.add("per cent", "%")
/// table.matchForward(Array("5 per cent".unicodeScalars), at: 2)?.end   // 10
/// ```
public struct PhraseTable<Value: Sendable & Hashable>: Sendable {
    struct Phrase: Sendable {
        var scalars: [Unicode.Scalar]
        var value: Value
        var foldsCase: Bool
    }
    private var byFirst: [Unicode.Scalar: [Phrase]] = [:]
    private var byLast: [Unicode.Scalar: [Phrase]] = [:]
    /// Which BMP scalars (folded) open or close some phrase: most positions asked about hold
    /// none, and a bit test answers them without hashing.
    private var firstBits = [UInt64](repeating: 0, count: 0x10000 / 64)
    private var lastBits = [UInt64](repeating: 0, count: 0x10000 / 64)

    public init() {}

    @inline(__always)
    private static func mayHold(_ bits: [UInt64], _ s: Unicode.Scalar) -> Bool {
        s.value >= 0x10000 || bits[Int(s.value >> 6)] & (1 << UInt64(s.value & 63)) != 0
    }

    private static func mark(_ bits: inout [UInt64], _ s: Unicode.Scalar) {
        if s.value < 0x10000 { bits[Int(s.value >> 6)] |= 1 << UInt64(s.value & 63) }
    }

    public mutating func add(_ text: String, _ value: Value) {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return }
        let folds = scalars.contains { $0.properties.isLowercase } && !scalars.contains { $0.properties.isUppercase }
        let phrase = Phrase(scalars: scalars, value: value, foldsCase: folds)
        Self.mark(&firstBits, Self.fold(first))
        Self.mark(&lastBits, Self.fold(last))
        byFirst[Self.fold(first), default: []].append(phrase)
        byFirst[Self.fold(first)]!.sort { $0.scalars.count > $1.scalars.count }
        byLast[Self.fold(last), default: []].append(phrase)
        byLast[Self.fold(last)]!.sort { $0.scalars.count > $1.scalars.count }
    }

    /// The longest phrase starting exactly at `start`, and where it ends.
    public func matchForward(_ text: [Unicode.Scalar], at start: Int) -> (value: Value, end: Int)? {
        guard start < text.count, Self.mayHold(firstBits, Self.fold(text[start])),
              let candidates = byFirst[Self.fold(text[start])] else { return nil }
        for p in candidates {
            if let end = matchForward(p, text, start) { return (p.value, end) }
        }
        return nil
    }

    /// The longest phrase ending exactly at `end` (exclusive), and where it starts.
    public func matchBackward(_ text: [Unicode.Scalar], endingAt end: Int) -> (value: Value, start: Int)? {
        guard end > 0, end <= text.count, Self.mayHold(lastBits, Self.fold(text[end - 1])),
              let candidates = byLast[Self.fold(text[end - 1])] else { return nil }
        for p in candidates {
            if let start = matchBackward(p, text, end) { return (p.value, start) }
        }
        return nil
    }

    private func matchForward(_ p: Phrase, _ text: [Unicode.Scalar], _ start: Int) -> Int? {
        var i = start
        for s in p.scalars {
            if s == " " {
                guard i < text.count, TextScan.isHorizontalSpace(text[i]) else { return nil }
                while i < text.count, TextScan.isHorizontalSpace(text[i]) { i += 1 }
                continue
            }
            guard i < text.count, Self.same(s, text[i], p.foldsCase) else { return nil }
            i += 1
        }
        if TextScan.isLatinLetter(p.scalars.first!), start > 0, TextScan.isLatinLetter(text[start - 1]) { return nil }
        if TextScan.isLatinLetter(p.scalars.last!), i < text.count, TextScan.isLatinLetter(text[i]) { return nil }
        return i
    }

    private func matchBackward(_ p: Phrase, _ text: [Unicode.Scalar], _ end: Int) -> Int? {
        var i = end
        for s in p.scalars.reversed() {
            if s == " " {
                guard i > 0, TextScan.isHorizontalSpace(text[i - 1]) else { return nil }
                while i > 0, TextScan.isHorizontalSpace(text[i - 1]) { i -= 1 }
                continue
            }
            guard i > 0, Self.same(s, text[i - 1], p.foldsCase) else { return nil }
            i -= 1
        }
        if TextScan.isLatinLetter(p.scalars.first!), i > 0, TextScan.isLatinLetter(text[i - 1]) { return nil }
        if TextScan.isLatinLetter(p.scalars.last!), end < text.count, TextScan.isLatinLetter(text[end]) { return nil }
        return i
    }

    @inline(__always)
    private static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        (s.value >= 0x41 && s.value <= 0x5A) ? Unicode.Scalar(s.value + 32)! : s
    }

    @inline(__always)
    private static func same(_ phrase: Unicode.Scalar, _ text: Unicode.Scalar, _ folds: Bool) -> Bool {
        phrase == text || (folds && fold(text) == phrase)
    }
}

/// Scalar classes the number recognisers look at around a number.
enum TextScan {
    @inline(__always)
    static func isHorizontalSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\u{3000}" || s == "\u{00A0}" || s == "\u{2002}" || s == "\u{2003}" || s == "\u{2009}"
    }

    @inline(__always)
    static func isLatinLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || (v >= 0xFF21 && v <= 0xFF3A) || (v >= 0xFF41 && v <= 0xFF5A)
    }

    @inline(__always)
    static func isLowercaseLatin(_ s: Unicode.Scalar) -> Bool { s.value >= 0x61 && s.value <= 0x7A }

    /// CJK ideographs and the full-width punctuation of Chinese prose.
    static func isChinese(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x3000 && v <= 0x303F && v != 0x3000)
            || (v >= 0xFF01 && v <= 0xFF0F) || (v >= 0xFF1A && v <= 0xFF20) || v == 0x201C || v == 0x201D
    }

    /// Range dashes: hyphen, en and em dash, full-width hyphen, tilde and wave dash.
    static func isRangeDash(_ s: Unicode.Scalar) -> Bool {
        s == "-" || s == "–" || s == "—" || s == "－" || s == "~" || s == "～" || s == "〜" || s == "‐" || s == "‑"
    }

    /// Index of the first non-space scalar at or after `i` on the same line.
    static func skipSpaces(_ text: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j < text.count, isHorizontalSpace(text[j]) { j += 1 }
        return j
    }

    /// Index just after the last non-space scalar before `i` on the same line.
    static func skipSpacesBackward(_ text: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j > 0, isHorizontalSpace(text[j - 1]) { j -= 1 }
        return j
    }

    /// True when only spaces stand between the start of the line (or block) and `i`.
    static func isLineStart(_ text: [Unicode.Scalar], _ i: Int) -> Bool {
        let j = skipSpacesBackward(text, from: i)
        return j == 0 || text[j - 1] == "\n"
    }
}
