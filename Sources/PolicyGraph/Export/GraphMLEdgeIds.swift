/// Short, stable GraphML edge ids: `e` + 16 lower-case hex digits of the 64-bit FNV-1a hash of
/// the UTF-8 bytes of `source relation target` (single spaces), the same on every platform and
/// in every process (unlike Swift's seeded `Hasher`), and easy to recompute elsewhere.
///
/// ```swift
/// var ids = GraphMLEdgeIds()
/// ids.next(source: "document/a.txt", relation: "mentions", target: "country/china")
/// // "e" + 16 hex digits; the same edge gets the same id in every build
/// ```
///
/// Should two edges of one graph ever hash alike, the later one (in the graph's edge order,
/// itself deterministic) gets `-2`, `-3`, … appended, so ids stay unique and builds identical.
struct GraphMLEdgeIds {
    private var used: Set<UInt64> = []
    private var usedWithSuffix: Set<String> = []

    static func hash(source: String, relation: String, target: String) -> UInt64 {
        hash(afterSource: sourceState(source), relation: relation, target: target)
    }

    /// The hash's state after `source` and its space: edges come grouped by source, so a run of
    /// edges from one node hashes its id once.
    static func sourceState(_ source: String) -> UInt64 {
        mix(mix(offsetBasis, source), UInt8(ascii: " "))
    }

    static func hash(afterSource state: UInt64, relation: String, target: String) -> UInt64 {
        mix(mix(mix(state, relation), UInt8(ascii: " ")), target)
    }

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// FNV-1a steps over `s`'s UTF-8 bytes, as a plain function of the state (a nested
    /// function updating a captured state cost three times as much per byte).
    @inline(__always)
    private static func mix(_ state: UInt64, _ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { bytes in
            var h = state
            for byte in bytes { h = (h ^ UInt64(byte)) &* prime }
            return h
        }
    }

    @inline(__always)
    private static func mix(_ state: UInt64, _ byte: UInt8) -> UInt64 { (state ^ UInt64(byte)) &* prime }

    static func id(hash: UInt64) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [UInt8(ascii: "e")]
        for shift in stride(from: 60, through: 0, by: -4) { bytes.append(digits[Int((hash >> UInt64(shift)) & 15)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Bytes in an id made by `id(hash:)`.
    static let hashIdLength = 17

    /// Writes `id(hash:)` at `out`, which must have room for `hashIdLength` bytes.
    static func writeId(hash: UInt64, to out: UnsafeMutablePointer<UInt8>) {
        out[0] = UInt8(ascii: "e")
        for k in 0..<16 {
            let digit = UInt8((hash >> UInt64(60 - 4 * k)) & 15)
            out[1 + k] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
        }
    }

    mutating func next(source: String, relation: String, target: String) -> String {
        let h = Self.hash(source: source, relation: relation, target: target)
        let base = Self.id(hash: h)
        if used.insert(h).inserted { return base }
        var n = 2
        while !usedWithSuffix.insert("\(base)-\(n)").inserted { n += 1 }
        return "\(base)-\(n)"
    }
}
