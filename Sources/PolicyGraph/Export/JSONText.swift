/// A JSON value written by hand: object keys sorted by code point, numbers through
/// `ExportText.number`, strings escaped per RFC 8259, two-space indentation. Unlike
/// `JSONSerialization`, every byte of the output is decided here.
///
/// ```swift
/// let v: JSONText = .object(["b": .int(1), "a": .string("x")])
/// v.rendered()  // "{\n  \"a\": \"x\",\n  \"b\": 1\n}\n"
/// ```
public indirect enum JSONText: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([JSONText])
    case object([String: JSONText])

    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(ExportText.number(d))
        case .bool(let b): out.append(b ? "true" : "false")
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                item.write(into: &out, indent: indent + 2)
                out.append(i + 1 < items.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent))
            out.append("]")
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append("{\n")
            // Code-point order: the same for every run and locale.
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (i, key) in keys.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                Self.writeString(key, into: &out)
                out.append(": ")
                members[key]!.write(into: &out, indent: indent + 2)
                out.append(i + 1 < keys.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent))
            out.append("}")
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{2028}": out.append("\\u2028")
            case "\u{2029}": out.append("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
