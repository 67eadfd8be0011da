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
        if value.isNaN || value.isInfinite { out.append(UInt8(ascii: "0")); return }
        if value == value.rounded(), abs(value) < 9.0e18 { appendDecimal(Int(Int64(value)), to: &out); return }
        out.append(contentsOf: value.description.utf8)
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
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            if keptAsIs[Int(byte)] {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 15)])
            }
        }
        return out
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
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            if value == .min { out.append(contentsOf: String(value).utf8.dropFirst()); return }
            appendDecimal(-value, to: &out)
            return
        }
        if value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 bytes: Int.max has 19 digits
        var n = value, count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while n > 0 {
                raw[23 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            out.append(contentsOf: raw[(24 - count)...])
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
