import Foundation

/// The word lists the name recognisers read: heads that end organisation, agreement and event
/// names, words a name cannot extend across, generic modifiers, English heads and connectors.
/// Loaded from the readable resource `Resources/Lexicon/name-patterns.txt`, so the rules are
/// data a user can extend, not literals in code.
///
/// ```swift
/// let vocabulary = try NamePatternVocabulary.bundled()
/// vocabulary.orgHeadsZh.first   // ("组织", 3): head and the shortest stem it needs
/// ```
public struct NamePatternVocabulary: Sendable {
    /// Chinese head → shortest stem in characters, longest heads first.
    public var orgHeadsZh: [(head: [Unicode.Scalar], minStem: Int)] = [] {
        didSet { indexChineseHeads() }
    }
    public var agreementHeadsZh: [(head: [Unicode.Scalar], minStem: Int)] = [] {
        didSet { indexChineseHeads() }
    }
    /// Heads (marked `!` in the file) whose stem must be specific even after a known body:
    /// `欧盟传统公司` is no name.
    public var strictHeadsZh: Set<[Unicode.Scalar]> = []
    public var rightBlockersZh: [[Unicode.Scalar]] = []
    /// Phrases ending in a head that use the head as a verb (`共组织`, `先后组织`): a name
    /// cannot end in them, whatever stands before.
    public var verbalHeadPhrasesZh: [[Unicode.Scalar]] = []
    public var anchoredAgreementHeadsZh: [[Unicode.Scalar]] = [] {
        didSet { indexChineseHeads() }
    }
    public var titleAgreementHeadsZh: [[Unicode.Scalar]] = []
    public var titlePublicationHeadsZh: [[Unicode.Scalar]] = []
    public var eventHeadsZh: [[Unicode.Scalar]] = [] {
        didSet { indexChineseHeads() }
    }
    public var leftStopsZh: Set<[Unicode.Scalar]> = [] {
        didSet {
            var byLast: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
            for stop in leftStopsZh { if let l = stop.last { byLast[l, default: []].append(stop) } }
            for k in byLast.keys { byLast[k]!.sort { $0.count > $1.count } }
            leftStopsByLast = byLast
        }
    }
    /// Words that hold a left-stop character but are no stop (`上海`, `无锡`, `波罗的海`):
    /// a name runs on across them (`上海数字经济研究院`, not `海数字经济研究院`).
    public var leftStopExceptionsZh: [[Unicode.Scalar]] = []
    /// `leftStopsZh` by last scalar, longest first (kept in step by `didSet`).
    var leftStopsByLast: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
    public var maxLeftStopLength = 1
    public var genericModifiersZh: Set<[Unicode.Scalar]> = [] { didSet { genericWordsByFirst = nil } }
    public var topicWordsZh: Set<[Unicode.Scalar]> = [] { didSet { genericWordsByFirst = nil } }
    /// Generic modifiers and topic words by first scalar, longest first, each marked whether it
    /// is a topic word; built from the two sets by `indexGenericWords()` once they are read in.
    var genericWordsByFirst: [Unicode.Scalar: [(word: [Unicode.Scalar], isTopic: Bool)]]?
    public var maxGenericLength = 1
    public var blockingPhrases: [String] = []
    public var orgHeadsEn: Set<String> = [] { didSet { indexEnglishHeadInitials() } }
    public var agreementHeadsEn: Set<String> = [] { didSet { indexEnglishHeadInitials() } }
    public var connectorsEn: Set<String> = [] {
        didSet { maxConnectorLengthEn = connectorsEn.map(\.unicodeScalars.count).max() ?? 0 }
    }
    /// Scalars in the longest English connector (kept in step by `didSet`): a longer
    /// lower-case word is never one.
    var maxConnectorLengthEn = 0
    public var genericWordsEn: Set<String> = []
    public var genericAcronyms: Set<String> = []
    /// Heads of government sub-units (`…办公厅`, `…司`): after a known body they name a new
    /// body (`商务部办公厅`), alone they need a stem of the given length.
    public var departmentHeadsZh: [(head: [Unicode.Scalar], minStem: Int)] = [] {
        didSet { indexChineseHeads() }
    }
    /// The head lists above, indexed for scanning (kept in step by `didSet`).
    var orgHeadIndexZh = HeadIndex([])
    var agreementHeadIndexZh = HeadIndex([])
    var anchoredAgreementHeadIndexZh = HeadIndex([])
    var eventHeadIndexZh = HeadIndex([])
    var departmentHeadIndexZh = HeadIndex([])
    /// BMP scalars that open a head of any of the five lists (and whether one beyond the BMP
    /// does): the positions a block's Chinese name scans start from, found once per block.
    private(set) var chineseHeadInitials = [UInt64](repeating: 0, count: 0x10000 / 64)
    private(set) var hasAstralChineseHeadInitial = false

    /// Rebuilds the head indexes and their union from the five head lists.
    mutating func indexChineseHeads() {
        orgHeadIndexZh = HeadIndex(orgHeadsZh)
        agreementHeadIndexZh = HeadIndex(agreementHeadsZh)
        anchoredAgreementHeadIndexZh = HeadIndex(anchoredAgreementHeadsZh.map { ($0, 2) })
        eventHeadIndexZh = HeadIndex(eventHeadsZh.map { ($0, 2) })
        departmentHeadIndexZh = HeadIndex(departmentHeadsZh)
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        var astral = false
        let heads = orgHeadsZh.map(\.head) + agreementHeadsZh.map(\.head) + anchoredAgreementHeadsZh + eventHeadsZh + departmentHeadsZh.map(\.head)
        for head in heads {
            guard let first = head.first else { continue }
            if first.value < 0x10000 { bits[Int(first.value >> 6)] |= 1 << UInt64(first.value & 63) } else { astral = true }
        }
        chineseHeadInitials = bits
        hasAstralChineseHeadInitial = astral
    }

    /// Whether some Chinese head (of any list) may open with `s`.
    @inline(__always)
    func mayOpenChineseHead(_ s: Unicode.Scalar) -> Bool {
        s.value >= 0x10000 ? hasAstralChineseHeadInitial : chineseHeadInitials[Int(s.value >> 6)] & (1 << UInt64(s.value & 63)) != 0
    }
    /// Characters right before a department head that make it part of another word (`公司`).
    public var departmentLeftBlockersZh: Set<Unicode.Scalar> = []
    /// Characters right after a department head that make it another word (`司法`, `司机`).
    public var departmentRightBlockersZh: Set<Unicode.Scalar> = []
    /// English heads that end a publication title (`Report`, `Handbook`, `Outlook`).
    public var publicationHeadsEn: Set<String> = [] { didSet { indexEnglishHeadInitials() } }
    /// ASCII scalars that open some English head (organisation, agreement or publication),
    /// as a 128-bit set: a word whose possible openings are not in it heads nothing.
    private(set) var englishHeadInitials: (low: UInt64, high: UInt64) = (0, 0)

    private mutating func indexEnglishHeadInitials() {
        var mask: (low: UInt64, high: UInt64) = (0, 0)
        for head in orgHeadsEn.union(agreementHeadsEn).union(publicationHeadsEn) {
            guard let v = head.unicodeScalars.first?.value, v < 0x80 else { continue }
            if v < 64 { mask.low |= 1 << UInt64(v) } else { mask.high |= 1 << UInt64(v - 64) }
        }
        englishHeadInitials = mask
    }

    /// Whether some English head may open with `s` (always true beyond ASCII).
    @inline(__always)
    func mayOpenEnglishHead(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v >= 0x80 { return true }
        return v < 64 ? englishHeadInitials.low & (1 << UInt64(v)) != 0 : englishHeadInitials.high & (1 << UInt64(v - 64)) != 0
    }
    /// Heads a year written right after belongs to (`Act 2023`, `Report 2024`).
    public var yearTakingHeadsEn: Set<String> = []
    /// Capitalised words that end an English name run (`… Working Group in August`).
    public var runStopsEn: Set<String> = []

    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case badItem(file: String, line: Int, item: String)
        public var description: String {
            switch self {
            case .missing(let f): return "\(f): name pattern word list not found"
            case .badItem(let f, let l, let i): return "\(f):\(l): bad item '\(i)' (expected word or word:number)"
            }
        }
    }

    public init() {}

    public init(parsing text: String, file: String = "<name-patterns>") throws {
        var section = ""
        var lineNo = 0
        for raw in text.resourceLines {
            lineNo += 1
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingBlanks()
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                section = String(trimmed.dropFirst().dropLast()); continue
            }
            for item in trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
                try add(item, to: section, file: file, line: lineNo)
            }
        }
        orgHeadsZh.sort { $0.head.count > $1.head.count }
        agreementHeadsZh.sort { $0.head.count > $1.head.count }
        departmentHeadsZh.sort { $0.head.count > $1.head.count }
        for list in [\NamePatternVocabulary.anchoredAgreementHeadsZh, \.titleAgreementHeadsZh, \.titlePublicationHeadsZh, \.eventHeadsZh] {
            self[keyPath: list].sort { $0.count > $1.count }
        }
        // Observers do not run for assignments in an initialiser: index explicitly.
        indexEnglishHeadInitials()
        indexChineseHeads()
        indexGenericWords()
    }

    /// Builds `genericWordsByFirst` from `genericModifiersZh` and `topicWordsZh` (call after
    /// changing either; `isGenericStemZh` falls back to the sets until then).
    public mutating func indexGenericWords() {
        var byFirst: [Unicode.Scalar: [(word: [Unicode.Scalar], isTopic: Bool)]] = [:]
        for word in topicWordsZh.union(genericModifiersZh) {
            guard let first = word.first else { continue }
            byFirst[first, default: []].append((word, topicWordsZh.contains(word)))
        }
        for k in byFirst.keys {
            // Longest first; equal lengths never match at the same place twice, so their
            // order does not matter, but keep it fixed anyway.
            byFirst[k]!.sort { $0.word.count != $1.word.count ? $0.word.count > $1.word.count
                                                              : $0.word.lexicographicallyPrecedes($1.word) { $0.value < $1.value } }
        }
        genericWordsByFirst = byFirst
    }

    private mutating func add(_ item: String, to section: String, file: String, line: Int) throws {
        func headWithStem() throws -> ([Unicode.Scalar], Int) {
            var item = item
            if item.hasSuffix("!") { item.removeLast(); strictHeadsZh.insert(Array(item.split(separator: ":")[0].unicodeScalars)) }
            let parts = item.split(separator: ":")
            guard parts.count <= 2, let head = parts.first, parts.count == 1 || Int(parts[1]) != nil else {
                throw LoadError.badItem(file: file, line: line, item: item)
            }
            return (Array(head.unicodeScalars), parts.count == 2 ? Int(parts[1])! : 2)
        }
        let scalars = Array(item.unicodeScalars)
        switch section {
        case "org-heads-zh": let (h, m) = try headWithStem(); orgHeadsZh.append((h, m))
        case "agreement-heads-zh": let (h, m) = try headWithStem(); agreementHeadsZh.append((h, m))
        case "agreement-heads-anchored-zh": anchoredAgreementHeadsZh.append(scalars)
        case "title-agreement-heads-zh": titleAgreementHeadsZh.append(scalars)
        case "title-publication-heads-zh": titlePublicationHeadsZh.append(scalars)
        case "event-heads-zh": eventHeadsZh.append(scalars)
        case "right-blockers-zh": rightBlockersZh.append(scalars)
        case "verbal-head-phrases-zh": verbalHeadPhrasesZh.append(scalars)
        case "left-stop-exceptions-zh": leftStopExceptionsZh.append(scalars)
        case "left-stops-zh": leftStopsZh.insert(scalars); maxLeftStopLength = max(maxLeftStopLength, scalars.count)
        case "generic-modifiers-zh": genericModifiersZh.insert(scalars); maxGenericLength = max(maxGenericLength, scalars.count)
        case "topic-words-zh": topicWordsZh.insert(scalars); maxGenericLength = max(maxGenericLength, scalars.count)
        case "blocking-phrases": blockingPhrases.append(item)
        case "org-heads-en": orgHeadsEn.insert(item)
        case "agreement-heads-en": agreementHeadsEn.insert(item)
        case "connectors-en": connectorsEn.insert(item)
        case "generic-words-en": genericWordsEn.insert(item)
        case "generic-acronyms": genericAcronyms.insert(item)
        case "department-heads-zh": let (h, m) = try headWithStem(); departmentHeadsZh.append((h, m))
        case "department-left-blockers-zh": departmentLeftBlockersZh.formUnion(scalars)
        case "department-right-blockers-zh": departmentRightBlockersZh.formUnion(scalars)
        case "publication-heads-en": publicationHeadsEn.insert(item)
        case "year-taking-heads-en": yearTakingHeadsEn.insert(item)
        case "run-stops-en": runStopsEn.insert(item)
        default: throw LoadError.badItem(file: file, line: line, item: "[\(section)] \(item)")
        }
    }

    /// The list shipped in the package resources.
    public static func bundled() throws -> NamePatternVocabulary {
        guard let url = Bundle.module.url(forResource: "name-patterns", withExtension: "txt", subdirectory: "Lexicon")
                ?? Bundle.module.url(forResource: "Lexicon", withExtension: nil)?.appendingPathComponent("name-patterns.txt") else {
            throw LoadError.missing("Resources/Lexicon/name-patterns.txt")
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw LoadError.missing(url.path) }
        return try NamePatternVocabulary(parsing: text, file: url.path)
    }

    /// The bundled list, loaded once per process (it never changes while running).
    public static let shared: NamePatternVocabulary = (try? bundled()) ?? NamePatternVocabulary()

    // MARK: - Questions the recognisers ask

    /// True when a Chinese stem says nothing specific: only generic modifiers and at most one
    /// topic word (`区域性自由贸易`, `国际`, `数字`), by greedy longest-word tokenisation.
    func isGenericStemZh(_ stem: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let byFirst = genericWordsByFirst else { return isGenericStemZhBySets(stem) }
        // The same greedy tokenisation as `isGenericStemZhBySets`, comparing in place: the
        // longest word at each position wins, and a word in both lists counts as a topic.
        var i = stem.startIndex
        var topics = 0
        while i < stem.endIndex {
            guard let candidates = byFirst[stem[i]] else { return false }
            var matched = 0
            var isTopic = false
            for c in candidates where c.word.count <= min(maxGenericLength, stem.endIndex - i) {
                var same = true
                var k = 1
                while k < c.word.count { if stem[i + k] != c.word[k] { same = false; break }; k += 1 }
                if same { matched = c.word.count; isTopic = c.isTopic; break }
            }
            if matched == 0 { return false }
            if isTopic { topics += 1 }
            i += matched
        }
        return topics <= 1
    }

    /// The reference form of `isGenericStemZh`, straight from the two sets.
    func isGenericStemZhBySets(_ stem: ArraySlice<Unicode.Scalar>) -> Bool {
        var i = stem.startIndex
        var topics = 0
        while i < stem.endIndex {
            var matched = 0
            var isTopic = false
            var len = min(maxGenericLength, stem.endIndex - i)
            while len > 0 {
                let w = Array(stem[i..<(i + len)])
                if topicWordsZh.contains(w) { matched = len; isTopic = true; break }
                if genericModifiersZh.contains(w) { matched = len; break }
                len -= 1
            }
            if matched == 0 { return false }
            if isTopic { topics += 1 }
            i += matched
        }
        return topics <= 1
    }

    /// Heads of one list grouped by first scalar, each group in list (longest-first) order,
    /// with a bitmap of the BMP scalars that open some head: a scan tries a position only
    /// against the heads that can start there, and most positions are passed by one bit test.
    struct HeadIndex: Sendable {
        let heads: [(head: [Unicode.Scalar], minStem: Int)]
        let byFirst: [Unicode.Scalar: [Int]]
        private let startBits: [UInt64]

        init(_ heads: [(head: [Unicode.Scalar], minStem: Int)]) {
            self.heads = heads
            var byFirst: [Unicode.Scalar: [Int]] = [:]
            var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
            for (k, h) in heads.enumerated() {
                guard let first = h.head.first else { continue }
                byFirst[first, default: []].append(k)
                if first.value < 0x10000 { bits[Int(first.value >> 6)] |= 1 << UInt64(first.value & 63) }
            }
            self.byFirst = byFirst
            self.startBits = bits
        }

        /// Indices into `heads` of the heads starting with `s`, in list order.
        @inline(__always)
        func candidates(startingWith s: Unicode.Scalar) -> [Int]? {
            if s.value < 0x10000 && startBits[Int(s.value >> 6)] & (1 << UInt64(s.value & 63)) == 0 { return nil }
            return byFirst[s]
        }
    }

    /// True when a left-stop word starts at `start` (the text after a bracket continues a clause).
    func leftStopStarts(in text: [Unicode.Scalar], at start: Int) -> Bool {
        if coveredByException(text, at: start) { return false }
        for len in stride(from: min(maxLeftStopLength, text.count - start), through: 1, by: -1)
            where leftStopsZh.contains(Array(text[start..<(start + len)])) { return true }
        return false
    }

    /// Length of a left-stop word ending right before `end`, or 0.
    func leftStopLength(in text: [Unicode.Scalar], endingAt end: Int) -> Int {
        // Compared in place against the stops ending in the same scalar, longest first: no
        // array is built per character scanned.
        guard end > 0, let candidates = leftStopsByLast[text[end - 1]] else { return 0 }
        for stop in candidates where stop.count <= end {
            var same = true
            var k = 0
            while k < stop.count { if text[end - stop.count + k] != stop[k] { same = false; break }; k += 1 }
            if same { return coveredByException(text, at: end - stop.count) ? 0 : stop.count }
        }
        return 0
    }

    /// True when one of `leftStopExceptionsZh` covers the scalar at `position` (`上海` over
    /// 上, `波罗的海` over 的).
    private func coveredByException(_ text: [Unicode.Scalar], at position: Int) -> Bool {
        leftStopExceptionsZh.contains { word in
            word.indices.contains { offset in
                let start = position - offset
                return start >= 0 && start + word.count <= text.count
                    && word.indices.allSatisfy { text[start + $0] == word[$0] }
            }
        }
    }
}
