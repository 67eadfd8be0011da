import Foundation

/// Turns a `DocumentFragment` into the bytes the state database stores and back.
///
/// A no-change or one-change rebuild decodes every cached fragment, so decoding speed is most
/// of its cost: `Codable` through `JSONDecoder` spends ~70 % of such a build. The codec
/// therefore writes a compact binary layout (tag `0x01`) that reads field by field without
/// key lookups. Fragments stored as JSON (tag `{`) by earlier versions still decode.
///
/// The layout lists the model's fields by hand, so a field added to the model later must be
/// added here too. `FragmentCodecTests` holds each model type's field names against the
/// fields the layout writes, and round-trips a fragment with every field set; encoding does
/// not check itself at run time (decoding and comparing every fragment again was 5 % of a
/// build's CPU time).
/// ```swift
/// let blob = try FragmentCodec.encode(fragment)
/// let back = try FragmentCodec.decode(blob, path: "notes/a.txt")   // == fragment
/// ```
public enum FragmentCodec {
    public enum DecodingError: Error, CustomStringConvertible {
        case truncated(offset: Int)
        case unknownTag(UInt8)
        case badValue(String)
        public var description: String {
            switch self {
            case .truncated(let o): return "cached fragment ends early (offset \(o))"
            case .unknownTag(let t): return "cached fragment has an unknown layout tag \(t)"
            case .badValue(let what): return "cached fragment holds an invalid \(what)"
            }
        }
    }

    static let binaryTag: UInt8 = 0x01

    /// Throws nothing today; callers keep `try` so that a layout which can fail needs no
    /// change of theirs.
    public static func encode(_ fragment: DocumentFragment) throws -> Data {
        var writer = BinaryWriter()
        writer.bytes.append(binaryTag)
        writer.fragment(fragment)
        return Data(writer.bytes)
    }

    /// A list of mentions alone, in the layout a fragment holds them in (for the mentions a
    /// spilled build's learned names add to a fragment, kept beside it: `FragmentSpill`).
    static func encode(mentions: [Mention]) -> Data {
        var writer = BinaryWriter()
        writer.array(mentions) { $0.mention($1) }
        return Data(writer.bytes)
    }

    /// Reads what `encode(mentions:)` wrote.
    static func decodeMentionList(_ blob: Data) throws -> [Mention] {
        try blob.withUnsafeBytes { raw throws -> [Mention] in
            var reader = BinaryReader(bytes: raw.bindMemory(to: UInt8.self), offset: 0)
            let mentions = try reader.array { try $0.mention() }
            guard reader.isAtEnd else { throw DecodingError.badValue("trailing bytes") }
            return mentions
        }
    }

    /// The mentions of a stored fragment alone, as `decode` gives them: its blocks (most of
    /// its bytes) are stepped over rather than made into strings. For a stage that reads only
    /// the mentions of every fragment (the learned names of a spilled build).
    public static func decodeMentions(_ blob: Data) throws -> [Mention] {
        guard let tag = blob.first else { throw DecodingError.truncated(offset: 0) }
        guard tag == binaryTag else { return try decode(blob, path: "").mentions }
        return try blob.withUnsafeBytes { raw throws -> [Mention] in
            var reader = BinaryReader(bytes: raw.bindMemory(to: UInt8.self), offset: 1)
            return try reader.mentionsOfFragment()
        }
    }

    /// Decodes a stored fragment and gives it `path`: the blob of a renamed document is
    /// reused under its new name.
    public static func decode(_ blob: Data, path: String) throws -> DocumentFragment {
        guard let tag = blob.first else { throw DecodingError.truncated(offset: 0) }
        var fragment: DocumentFragment
        switch tag {
        case binaryTag:
            fragment = try blob.withUnsafeBytes { raw throws -> DocumentFragment in
                var reader = BinaryReader(bytes: raw.bindMemory(to: UInt8.self), offset: 1)
                return try reader.fragment()
            }
        case UInt8(ascii: "{"):
            fragment = try JSONDecoder().decode(DocumentFragment.self, from: blob)
        default:
            throw DecodingError.unknownTag(tag)
        }
        fragment.path = path
        return fragment
    }
}

/// Appends values in the binary layout: LEB128 varints (zig-zag for signed), UTF-8 strings
/// with a length, doubles as their bit pattern, optionals with a presence byte.
private struct BinaryWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    mutating func unsigned(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int(_ v: Int) {
        let s = Int64(v)
        unsigned(UInt64(bitPattern: (s << 1) ^ (s >> 63)))
    }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func double(_ d: Double) {
        var bits = d.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func optional<T>(_ v: T?, _ write: (inout BinaryWriter, T) -> Void) {
        if let v {
            bytes.append(1)
            write(&self, v)
        } else {
            bytes.append(0)
        }
    }

    mutating func array<T>(_ items: [T], _ write: (inout BinaryWriter, T) -> Void) {
        unsigned(UInt64(items.count))
        for item in items { write(&self, item) }
    }

    mutating func fragment(_ f: DocumentFragment) {
        string(f.path)
        string(f.format.rawValue)
        string(f.encoding.rawValue)
        int(f.byteCount)
        array(f.blocks) { $0.block($1) }
        array(f.mentions) { $0.mention($1) }
        array(f.aliasDefinitions) { w, d in
            w.string(d.type.rawValue)
            w.string(d.keyA)
            w.string(d.keyB)
        }
        array(f.relations) { w, r in
            w.string(r.kind.rawValue)
            w.int(r.from)
            w.int(r.to)
            w.string(r.evidence)
        }
    }

    mutating func block(_ b: Block) {
        int(b.index)
        string(b.kind.rawValue)
        string(b.lang.rawValue)
        string(b.text)
        int(b.firstLine)
        int(b.lastLine)
        optional(b.footnoteNumber) { $0.int($1) }
        array(b.footnoteRefs) { $0.int($1) }
    }

    mutating func mention(_ m: Mention) {
        string(m.type.rawValue)
        string(m.surface)
        int(m.blockIndex)
        int(m.start)
        int(m.end)
        string(m.key)
        optional(m.canonicalName) { $0.string($1) }
        optional(m.figure) { w, f in
            w.double(f.value)
            w.optional(f.maxValue) { $0.double($1) }
            w.string(f.unit)
            w.optional(f.qualifier) { $0.string($1) }
        }
        optional(m.year) { $0.int($1) }
        optional(m.month) { $0.int($1) }
    }
}

/// Reads what `BinaryWriter` wrote, checking bounds on every step.
private struct BinaryReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset: Int

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw FragmentCodec.DecodingError.truncated(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func unsigned() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw FragmentCodec.DecodingError.badValue("number") }
        }
    }

    mutating func int() throws -> Int {
        let z = try unsigned()
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    mutating func count() throws -> Int {
        let n = try unsigned()
        // Every element takes at least one byte: a larger count is a damaged blob.
        guard n <= UInt64(bytes.count - offset) else { throw FragmentCodec.DecodingError.truncated(offset: offset) }
        return Int(n)
    }

    mutating func string() throws -> String {
        let n = try count()
        defer { offset += n }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + n]), as: UTF8.self)
    }

    mutating func double() throws -> Double {
        guard offset + 8 <= bytes.count else { throw FragmentCodec.DecodingError.truncated(offset: offset) }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    mutating func optional<T>(_ read: (inout BinaryReader) throws -> T) throws -> T? {
        switch try byte() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw FragmentCodec.DecodingError.badValue("optional marker")
        }
    }

    mutating func array<T>(_ read: (inout BinaryReader) throws -> T) throws -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }

    /// A case by its raw value, matched against the cases' bytes in place: making a `String`
    /// and switching on it (`init(rawValue:)`) cost hundreds of instructions a mention, and
    /// every spilled mention is read back twice.
    mutating func raw<T: RawRepresentable & CaseIterable>(_: T.Type) throws -> T where T.RawValue == String {
        let n = try count()
        let text = UnsafeBufferPointer(rebasing: bytes[offset..<offset + n])
        offset += n
        for c in T.allCases {
            var raw = c.rawValue
            if raw.withUTF8({ ByteStringTable.same($0, text) }) { return c }
        }
        throw FragmentCodec.DecodingError.badValue("\(T.self) '\(String(decoding: text, as: UTF8.self))'")
    }

    /// What precedes the blocks: path, format, encoding, byte count.
    mutating func header() throws -> (path: String, format: DocumentFormat, encoding: TextEncoding, byteCount: Int) {
        (try string(), try raw(DocumentFormat.self), try raw(TextEncoding.self), try int())
    }

    mutating func fragment() throws -> DocumentFragment {
        let (path, format, encoding, byteCount) = try header()
        let blocks = try array { try $0.block() }
        let mentions = try array { try $0.mention() }
        let aliases = try array { r in
            AliasDefinition(type: try r.raw(EntityType.self), keyA: try r.string(), keyB: try r.string())
        }
        let relations = try array { r in
            MentionRelation(kind: try r.raw(MentionRelation.Kind.self), from: try r.int(), to: try r.int(), evidence: try r.string())
        }
        guard offset == bytes.count else { throw FragmentCodec.DecodingError.badValue("trailing bytes") }
        return DocumentFragment(path: path, format: format, encoding: encoding, byteCount: byteCount, blocks: blocks,
                                mentions: mentions, aliasDefinitions: aliases, relations: relations)
    }

    /// The mentions of a fragment, read as `fragment()` reads them, its blocks stepped over.
    mutating func mentionsOfFragment() throws -> [Mention] {
        _ = try header()
        for _ in 0..<(try count()) { try skipBlock() }
        return try array { try $0.mention() }
    }

    mutating func block() throws -> Block {
        Block(index: try int(), kind: try raw(BlockKind.self), lang: try raw(BlockLanguage.self), text: try string(),
              firstLine: try int(), lastLine: try int(), footnoteNumber: try optional { try $0.int() },
              footnoteRefs: try array { try $0.int() })
    }

    /// Steps over what `block()` reads, making no string (a block's text is most of a fragment).
    mutating func skipBlock() throws {
        _ = try int()
        for _ in 0..<3 { offset += try count() }  // kind, language, text
        _ = try int(); _ = try int()
        _ = try optional { try $0.int() }
        for _ in 0..<(try count()) { _ = try int() }
    }

    mutating func mention() throws -> Mention {
        Mention(type: try raw(EntityType.self), surface: try string(), blockIndex: try int(), start: try int(),
                end: try int(), key: try string(), canonicalName: try optional { try $0.string() },
                figure: try optional { r in
                    FigureValue(value: try r.double(), maxValue: try r.optional { try $0.double() }, unit: try r.string(),
                                qualifier: try r.optional { try $0.string() })
                },
                year: try optional { try $0.int() }, month: try optional { try $0.int() })
    }
}
