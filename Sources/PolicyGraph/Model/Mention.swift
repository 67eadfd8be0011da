/// The kinds of entity PolicyGraph recognises (see `../shared/GUIDELINES.md`).
public enum EntityType: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case organization, agreement, country, year, figure, publication, event

    public static func < (a: EntityType, b: EntityType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One occurrence of an entity in one block, as a recogniser found it.
///
/// ```swift
/// let mentions = YearRecognizer().mentions(in: block)
/// // [Mention(type: .year, surface: "2019 年", start: 3, end: 9, key: "year:2019", …)]
/// ```
public struct Mention: Sendable, Hashable, Codable {
    public var type: EntityType
    /// The text as written in the block (after line joining), without qualifiers or brackets.
    public var surface: String
    public var blockIndex: Int
    /// Unicode-scalar offsets of the surface within the block text, `end` exclusive.
    public var start: Int
    public var end: Int
    /// The document-local resolution key: `lexicon:<id>` when the lexicon knows the name,
    /// otherwise `<type>:<normalised surface>` (years `year:2019`, figures by value and unit).
    /// The build-wide `Resolver` merges keys that definitions in the text tie together.
    public var key: String
    /// Canonical label when the lexicon supplies one.
    public var canonicalName: String?
    /// Normalised figure: value with magnitudes applied, high end of a range, unit.
    public var figure: FigureValue?
    /// Year value (for `.year`), with the month when a date gave one.
    public var year: Int?
    public var month: Int?

    public init(type: EntityType, surface: String, blockIndex: Int, start: Int, end: Int, key: String,
                canonicalName: String? = nil, figure: FigureValue? = nil, year: Int? = nil, month: Int? = nil) {
        self.type = type
        self.surface = surface
        self.blockIndex = blockIndex
        self.start = start
        self.end = end
        self.key = key
        self.canonicalName = canonicalName
        self.figure = figure
        self.year = year
        self.month = month
    }
}

/// A quantity normalised per the guidelines: `18.9 万亿美元` → value 1.89e13, unit `USD`.
public struct FigureValue: Sendable, Hashable, Codable {
    public var value: Double
    public var maxValue: Double?
    public var unit: String
    /// A qualifier written before the number (`近`, `超过`, `about`), kept out of the surface.
    public var qualifier: String?

    public init(value: Double, maxValue: Double? = nil, unit: String, qualifier: String? = nil) {
        self.value = value
        self.maxValue = maxValue
        self.unit = unit
        self.qualifier = qualifier
    }
}

/// Two surfaces the text itself says name one thing: `世界贸易组织（WTO）`, `TPP/CPTPP`.
/// Learned per document, applied build-wide by the `Resolver`.
public struct AliasDefinition: Sendable, Hashable, Codable {
    public var type: EntityType
    public var keyA: String
    public var keyB: String
    public init(type: EntityType, keyA: String, keyB: String) {
        self.type = type
        self.keyA = keyA
        self.keyB = keyB
    }
}

/// A relation found inside one document between two of its mentions (indices into the
/// fragment's `mentions`), with the sentence that states it.
public struct MentionRelation: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// figure → year: the figure's clause names the year.
        case refersToYear = "refers_to_year"
        /// organisation or country → agreement: `X 签署/加入 Y`, `X signed Y`.
        case partyTo = "party_to"
    }
    public var kind: Kind
    public var from: Int
    public var to: Int
    public var evidence: String
    public init(kind: Kind, from: Int, to: Int, evidence: String) {
        self.kind = kind
        self.from = from
        self.to = to
        self.evidence = evidence
    }
}
