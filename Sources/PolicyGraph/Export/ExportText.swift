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

    /// `https://policygraph.dev/id/` + the id with every byte outside RFC 3986's unreserved
    /// set (and `/`) percent-encoded: stable, ASCII, and safe in any RDF reader.
    public static func iri(forNodeId id: String) -> String {
        idBase + percentEncoded(id)
    }

    public static func percentEncoded(_ s: String) -> String {
        var out = ""
        let hex: [Character] = Array("0123456789ABCDEF")
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        return out
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
