/// The text forms both writers share, so a number or an IRI reads the same in every export.
///
/// ```swift
/// ExportText.number(1.89e13)   // "18900000000000"
/// ExportText.number(2.8)       // "2.8"
/// ExportText.iri(forNodeId: "organization/世界贸易组织")
/// // "https://policygraph.dev/id/organization/%E4%B8%96%E7%95%8C%E8%B4%B8%E6%98%93%E7%BB%84%E7%BB%87"
/// ```
public enum ExportText {
    /// Entity IRIs: this prefix plus the percent-encoded node id.
    public static let idBase = "https://policygraph.dev/id/"
    /// Terms of the project's own vocabulary (`pg:Year`, `pg:mention`).
    public static let vocabulary = "https://policygraph.dev/ns#"

    /// Integral values without a fraction (`18900000000000`), others in Swift's shortest
    /// round-trip form (`2.8`, `1e-05`): the same double always gives the same text.
    public static func number(_ value: Double) -> String {
        if value.isNaN || value.isInfinite { return "0" }
        if value == value.rounded(), abs(value) < 9.0e18 { return String(Int64(value)) }
        return value.description
    }

    /// `number(value)` appended as bytes; integral values (edge weights, most figures) are
    /// written without building a `String`.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        withNumberBytes(value) { out.append(contentsOf: $0) }
    }

    /// `body` gets the bytes of `number(value)`, made on the stack when the value is integral.
    @inline(__always)
    static func withNumberBytes<R>(_ value: Double, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if value.isNaN || value.isInfinite { return withDecimalBytes(0, body) }
        if value == value.rounded(), abs(value) < 9.0e18 { return withDecimalBytes(Int(Int64(value)), body) }
        var text = value.description
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    /// `https://policygraph.dev/id/` + the id with every byte outside RFC 3986's unreserved
    /// set (and `/`) percent-encoded: stable, ASCII, and safe in any RDF reader.
    public static func iri(forNodeId id: String) -> String {
        idBase + percentEncoded(id)
    }

    public static func percentEncoded(_ s: String) -> String {
        String(decoding: percentEncodedBytes(s), as: UTF8.self)
    }

    /// `percentEncoded` as ASCII bytes, for writers that build their output as bytes.
    public static func percentEncodedBytes(_ s: String) -> [UInt8] {
        var s = s
        return s.withUTF8 { bytes in
            [UInt8](unsafeUninitializedCapacity: 3 * bytes.count) { out, count in
                count = writePercentEncoded(bytes, to: out.baseAddress!)
            }
        }
    }

    /// Writes `bytes` percent-encoded at `out`, which must have room for `3 * bytes.count`
    /// bytes, and returns how many it wrote.
    static func writePercentEncoded(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        let keptAsIs = Self.keptAsIs  // once, not a global look-up per byte
        for byte in bytes {
            if keptAsIs[Int(byte)] {
                out[n] = byte
                n += 1
            } else {
                out[n] = UInt8(ascii: "%")
                out[n + 1] = hexDigits[Int(byte >> 4)]
                out[n + 2] = hexDigits[Int(byte & 15)]
                n += 3
            }
        }
        return n
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 unreserved bytes and `/`, indexed by byte.
    private static let keptAsIs: [Bool] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// Appends the decimal digits of `value` without going through `String`.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        withDecimalBytes(value) { out.append(contentsOf: $0) }
    }

    /// `body` gets the decimal digits of `value` (with a leading `-` when negative), made on
    /// the stack.
    @inline(__always)
    static func withDecimalBytes<R>(_ value: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: Int.min has 19 digits and a sign
        return withUnsafeMutableBytes(of: &digits) { raw in
            // The magnitude as UInt, so Int.min needs no special case.
            var n = value.magnitude, first = 24
            repeat {
                first -= 1
                raw[first] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            if value < 0 {
                first -= 1
                raw[first] = UInt8(ascii: "-")
            }
            return body(UnsafeRawBufferPointer(rebasing: raw[first...]))
        }
    }

    /// Wikidata item IRI for `Q7825`; nil for anything that is not an item id.
    public static func wikidataIRI(_ id: String) -> String? {
        let scalars = Array(id.unicodeScalars)
        guard scalars.count > 1, scalars[0] == "Q", scalars.dropFirst().allSatisfy({ ("0"..."9").contains($0) }) else {
            return nil
        }
        return "http://www.wikidata.org/entity/\(id)"
    }
}
