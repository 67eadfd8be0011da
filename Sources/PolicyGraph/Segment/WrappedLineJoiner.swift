import Foundation

/// Joins the wrapped lines of one block: nothing between lines when either side is Chinese
/// (`规模总计` + `4900 亿美元`), one space between Latin text (`digital` + `trade`), and a
/// line-end hyphen decided by `HyphenationRepair` (`interna-` + `tional` → `international`,
/// `cross-` + `border` stays).
///
/// ```swift
/// let joiner = WrappedLineJoiner(hyphenation: HyphenationRepair(documentText: text))
/// var block = Array("the interna-".unicodeScalars)
/// joiner.append(Array("tional order".unicodeScalars), to: &block)   // "the international order"
/// ```
struct WrappedLineJoiner: Sendable {
    let hyphenation: HyphenationRepair

    func append(_ next: [Unicode.Scalar], to block: inout [Unicode.Scalar]) {
        guard let first = next.first else { return }
        guard let last = block.last else { block = next; return }
        if last == "-" || last == "\u{00AD}", ScalarClass.isLatinLetter(first) {
            var k = block.count - 1
            while k > 0, ScalarClass.isLatinLetter(block[k - 1]) { k -= 1 }
            let head = Array(block[k..<(block.count - 1)])
            var e = 0
            while e < next.count, ScalarClass.isLatinLetter(next[e]) { e += 1 }
            let tail = Array(next[0..<e])
            if !head.isEmpty, last == "\u{00AD}" || !hyphenation.keepsHyphen(head: head, tail: tail) {
                block.removeLast()
            }
            block.append(contentsOf: next)
            return
        }
        if ScalarClass.isCJK(last) || ScalarClass.isCJK(first) || last == "-" || Self.breaksChineseNumber(block, next) {
            block.append(contentsOf: next)
        } else {
            block.append(" ")
            block.append(contentsOf: next)
        }
    }
}

extension WrappedLineJoiner {
    /// True when the line break falls inside a number written in Chinese text (`其中19.` +
    /// `0%来自`, `第1` + `2项`): Chinese sets numbers without spaces around them, so a space
    /// there would cut one number in two (`19. 0%` reads as a sentence end and `0%`). The
    /// number must touch Chinese on one side; in English (`in 2019.` + `5 countries`) the
    /// break may be a sentence end and keeps its space.
    static func breaksChineseNumber(_ block: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard let last = block.last, let first = next.first, ScalarClass.isDigit(first) else { return false }
        func inNumber(_ s: Unicode.Scalar) -> Bool { ScalarClass.isDigit(s) || s == "." || s == "," }
        var k = block.count - 1
        // The block must end in a digit, or in a decimal point or thousands comma after one.
        guard ScalarClass.isDigit(last) || (inNumber(last) && k > 0 && ScalarClass.isDigit(block[k - 1])) else { return false }
        while k > 0, inNumber(block[k - 1]) { k -= 1 }
        if k > 0, ScalarClass.isCJK(block[k - 1]) { return true }
        var e = 0
        while e < next.count, inNumber(next[e]) { e += 1 }
        return e < next.count && ScalarClass.isCJK(next[e])
    }
}

/// Decides whether a hyphen at a line end belongs to the word (`e-commerce`) or only to the
/// line break (`interna-tional`): first from the document itself (does `crossborder` or
/// `cross-border` occur elsewhere?), then from the compound lexicon, then from the shape of
/// the second part (`COVID-` + `19`, `Asia-` + `Pacific` keep it).
///
/// ```swift
/// let repair = HyphenationRepair(documentText: "… e-commerce …")
/// repair.keepsHyphen(head: Array("e".unicodeScalars), tail: Array("commerce".unicodeScalars))  // true
/// ```
struct HyphenationRepair: Sendable {
    /// Lower-cased words of the document, without and with an inner hyphen.
    var words: Set<String> { evidence.value.words.strings }
    var hyphenated: Set<String> { evidence.value.hyphenated.strings }
    private let resources: SegmentResources
    /// The document's words, gathered on the first hyphen to decide: most documents (all
    /// Chinese ones) never break a Latin word at a line end, and then never pay for a set of
    /// all their words.
    private let evidence: LazyWordEvidence

    init(documentText: String, resources: SegmentResources = .shared) {
        self.resources = resources
        self.evidence = LazyWordEvidence(documentText: documentText)
    }

    /// The word sets of one document, computed once on first use. A class so that the
    /// non-mutating `keepsHyphen` can fill it; the lock keeps a repair shared between threads
    /// safe (it is taken once per line-end hyphen, never per scalar).
    private final class LazyWordEvidence: @unchecked Sendable {
        private let documentText: String
        private var computed: (words: WordByteSet, hyphenated: WordByteSet)?
        private let lock = NSLock()

        init(documentText: String) { self.documentText = documentText }

        var value: (words: WordByteSet, hyphenated: WordByteSet) {
            lock.lock(); defer { lock.unlock() }
            if let computed { return computed }
            let scanned = HyphenationRepair.collectWords(of: documentText)
            computed = scanned
            return scanned
        }
    }

    /// Every lower-cased Latin word of the text, split by whether it holds an inner hyphen.
    static func collectWords(of documentText: String) -> (words: WordByteSet, hyphenated: WordByteSet) {
        // Latin letters are ASCII or two-byte UTF-8 (U+00C0–U+024F): a scalar of three or four
        // bytes (Chinese text) only ends a word, so it is skipped without being decoded. The
        // collector is a value handed through, not state captured by the closure (captured
        // variables would be checked for exclusive access at every step).
        let scanned = documentText.utf8.withContiguousStorageIfAvailable { bytes -> WordCollector in
            var collector = WordCollector()
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    collector.take(Unicode.Scalar(b)); i += 1
                } else if b < 0xE0 {
                    guard b >= 0xC2, i + 1 < bytes.count else { collector.flush(); i += 1; continue }
                    let v = UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    collector.take(Unicode.Scalar(v)!); i += 2
                } else {
                    collector.flush()
                    i += b < 0xF0 ? 3 : 4
                }
            }
            return collector
        }
        var collector: WordCollector
        if let scanned { collector = scanned } else {
            collector = WordCollector()
            for s in documentText.unicodeScalars { collector.take(s) }
        }
        collector.flush()
        return (collector.words, collector.hyphenated)
    }

    /// Gathers the document's words scalar by scalar.
    private struct WordCollector {
        var words = WordByteSet(), hyphenated = WordByteSet()
        /// A reused scalar buffer: only words long enough to count become Strings.
        var current: [Unicode.Scalar] = []
        var asciiBuffer: [UInt8] = []
        var hasHyphen = false

        mutating func flush() {
            if current.count > 1 {
                // A word ending in `-` is a line-end fragment: no evidence either way.
                if current.last != "-" {
                    HyphenationRepair.lowercasedWord(current, buffer: &asciiBuffer)
                    if hasHyphen { hyphenated.insert(asciiBuffer) } else { words.insert(asciiBuffer) }
                }
            }
            current.removeAll(keepingCapacity: true); hasHyphen = false
        }

        @inline(__always)
        mutating func take(_ s: Unicode.Scalar) {
            if ScalarClass.isLatinLetter(s) {
                current.append(s)
            } else if s == "-", !current.isEmpty {
                current.append(s); hasHyphen = true
            } else if !current.isEmpty {
                flush()
            }
        }
    }

    /// The word lower-cased, as UTF-8 in `buffer`; ASCII words (nearly all) skip the general
    /// Unicode lower-casing.
    static func lowercasedWord(_ word: [Unicode.Scalar], buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        for u in word {
            guard u.isASCII else {
                buffer.removeAll(keepingCapacity: true)
                buffer.append(contentsOf: ScalarText.string(word).lowercased().utf8)
                return
            }
            let b = UInt8(u.value)
            buffer.append(b >= 65 && b <= 90 ? b + 32 : b)
        }
    }

    func keepsHyphen(head: [Unicode.Scalar], tail: [Unicode.Scalar]) -> Bool {
        let h = ScalarText.string(head).lowercased()
        let t = ScalarText.string(tail).lowercased()
        guard !t.isEmpty else { return true }
        let evidence = evidence.value
        if evidence.hyphenated.contains(Array(h.utf8) + [UInt8(ascii: "-")] + Array(t.utf8)) { return true }
        if evidence.words.contains(Array(h.utf8) + Array(t.utf8)) { return false }
        if let first = tail.first, ScalarClass.isUppercaseLatin(first) { return true }
        if resources.hyphenPrefixes.contains(h) || resources.hyphenSuffixes.contains(t) { return true }
        return false
    }
}

/// A set of words kept as UTF-8 bytes (a `ByteStringTable`): gathering a document's words
/// builds no String and computes no keyed hash per occurrence (a `Set<String>` of every word
/// took 54 M of paragraph assembly's 434 M instructions on a 1.4 MB sample of the benchmark
/// corpus).
///
/// Equal bytes mean equal words here, as `String` equality would have it: the words are
/// lower-cased Latin letters and hold no combining mark before lower-casing, so no two byte
/// spellings of one word are canonically equivalent.
///
/// ```swift
/// var set = WordByteSet()
/// set.insert(Array("trade".utf8))
/// set.contains(Array("trade".utf8))   // true
/// ```
struct WordByteSet: Sendable {
    private var table = ByteStringTable()

    var count: Int { table.count }

    /// The words as strings (for tests and inspection; lookups never build them).
    var strings: Set<String> { Set((0..<count).map { String(decoding: table.bytes(at: $0), as: UTF8.self) }) }

    mutating func insert(_ word: [UInt8]) { table.insert(word) }

    func contains(_ word: [UInt8]) -> Bool { table.index(of: word) != nil }
}
