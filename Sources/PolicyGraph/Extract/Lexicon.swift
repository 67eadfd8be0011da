import Foundation

/// Named things PolicyGraph knows in advance: organisations, agreements, countries (and
/// publications, events), each with a canonical English name and its aliases in Chinese and
/// English. Loaded from tab-separated resource files a user can read and extend:
///
/// ```text
/// # type	canonical	aliases (|-separated)	wikidata
/// organization	World Trade Organization	WTO|世界贸易组织|世贸组织	Q7825
/// ```
///
/// ```swift
/// let lexicon = try Lexicon.bundled().merging(try Lexicon(contentsOf: userFile))
/// lexicon.entry(forKey: "lexicon:organization:world-trade-organization")?.canonical
/// ```
public struct Lexicon: Sendable {
    public struct Entry: Sendable, Hashable, Codable {
        public var type: EntityType
        public var canonical: String
        public var aliases: [String]
        public var wikidata: String?
        /// Stable resolution key derived from type and canonical name, never from a position.
        public var key: String { "lexicon:\(type.rawValue):\(Lexicon.slug(canonical))" }
        /// The canonical name and every alias.
        public var names: [String] { [canonical] + aliases }

        public init(type: EntityType, canonical: String, aliases: [String], wikidata: String? = nil) {
            self.type = type
            self.canonical = canonical
            self.aliases = aliases
            self.wikidata = wikidata
        }
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(file: String, reason: String)
        case badLine(file: String, line: Int, reason: String)
        public var description: String {
            switch self {
            case .unreadable(let f, let r): return "\(f): cannot read lexicon: \(r)"
            case .badLine(let f, let l, let r): return "\(f):\(l): \(r)"
            }
        }
    }

    /// Entries in load order; a later entry with the same key replaces an earlier one.
    public private(set) var entries: [Entry] = []
    private var indexByKey: [String: Int] = [:]
    /// `entries[i].key` for every `i`, computed once: the key is slugged from the canonical
    /// name, too costly to derive again for every mention.
    public private(set) var keys: [String] = []
    /// SHA-free fingerprint input: the raw text of every file loaded, in order (the store
    /// hashes it to know when cached extractions are stale).
    public private(set) var sourceTexts: [String] = []

    public init() {}

    public init(entries: [Entry]) {
        for e in entries { add(e) }
    }

    /// Parses one lexicon file. Blank lines and lines starting with `#` are ignored.
    public init(contentsOf url: URL) throws {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw LoadError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        try self.init(parsing: text, file: url.path)
    }

    public init(parsing text: String, file: String = "<lexicon>") throws {
        sourceTexts = [text]
        var lineNo = 0
        for raw in text.resourceLines {
            lineNo += 1
            let line = raw.trimmingBlanks(andNewlines: true)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cols = raw.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingBlanks() }
            guard cols.count >= 2 else {
                throw LoadError.badLine(file: file, line: lineNo, reason: "expected type<TAB>canonical<TAB>aliases[<TAB>wikidata]")
            }
            guard let type = EntityType(rawValue: cols[0]), type != .year, type != .figure else {
                throw LoadError.badLine(file: file, line: lineNo, reason: "unknown entity type '\(cols[0])'")
            }
            guard !cols[1].isEmpty else {
                throw LoadError.badLine(file: file, line: lineNo, reason: "empty canonical name")
            }
            let aliases = cols.count > 2
                ? cols[2].split(separator: "|").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
                : []
            let wikidata = cols.count > 3 && !cols[3].isEmpty ? cols[3] : nil
            add(Entry(type: type, canonical: cols[1], aliases: aliases, wikidata: wikidata))
        }
    }

    /// The lexicon files shipped in the package's resources (`Resources/Lexicon/*.tsv`), in
    /// file-name order.
    public static func bundled() throws -> Lexicon {
        var lexicon = Lexicon()
        guard let dir = Bundle.module.url(forResource: "Lexicon", withExtension: nil) else { return lexicon }
        let files = (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
        for file in files.filter({ $0.pathExtension == "tsv" }).sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            lexicon = lexicon.merging(try Lexicon(contentsOf: file))
        }
        return lexicon
    }

    /// `other`'s entries added; where keys collide, `other` wins (a user's file overrides).
    public func merging(_ other: Lexicon) -> Lexicon {
        var result = self
        for (e, key) in zip(other.entries, other.keys) { result.add(e, key: key) }
        result.sourceTexts += other.sourceTexts
        return result
    }

    public func entry(forKey key: String) -> Entry? {
        indexByKey[key].map { entries[$0] }
    }

    private mutating func add(_ entry: Entry) {
        add(entry, key: entry.key)
    }

    /// `key` is `entry.key`, passed in when already known.
    private mutating func add(_ entry: Entry, key: String) {
        if let i = indexByKey[key] {
            entries[i] = entry
        } else {
            indexByKey[key] = entries.count
            entries.append(entry)
            keys.append(key)
        }
    }

    /// Lower-case ASCII letters and digits joined by `-`; other scalars (Chinese) kept as they
    /// are. `World Trade Organization` → `world-trade-organization`.
    public static func slug(_ name: String) -> String {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(name.unicodeScalars.count)
        var pendingDash = false
        for s in name.unicodeScalars {
            let v = s.value
            // ASCII and Han answer without Unicode property tables or a String per scalar
            // (Han has no case; the common ideographs, assigned since Unicode 3.0, are
            // alphabetic in every version); everything else asks the tables as before.
            let keeps = v < 0x80 ? (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
                                 : (0x4E00...0x9FA5).contains(v) || (0x3400...0x4DB5).contains(v)
                                    || s.properties.isAlphabetic || s.properties.numericType != nil
            guard keeps else { pendingDash = true; continue }
            if pendingDash && !out.isEmpty { out.append("-") }
            pendingDash = false
            if v < 0x80 {
                out.append((0x41...0x5A).contains(v) ? Unicode.Scalar(v + 32)! : s)
            } else if ScalarClass.isHan(s) {
                out.append(s)
            } else {
                out.append(contentsOf: String(s).lowercased().unicodeScalars)
            }
        }
        return ScalarText.string(out)
    }
}
