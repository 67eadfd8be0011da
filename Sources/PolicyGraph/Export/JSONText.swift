/// A JSON value written by hand: object keys sorted by code point, numbers through
/// `ExportText.number`, strings escaped per RFC 8259. Unlike `JSONSerialization`, every byte
/// of the output is decided here.
///
/// Layout: the outer `prettyDepth` levels are indented two spaces a level, one member or item
/// a line; anything deeper is written compactly. With the JSON-LD writer's depth of 2 each
/// `@graph` node sits on one line: the file stays greppable and diffable line by line, and
/// is less than half the size of a fully indented one.
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

    public func rendered(prettyDepth: Int = .max) -> String {
        String(decoding: renderedBytes(prettyDepth: prettyDepth), as: UTF8.self)
    }

    /// The UTF-8 bytes of `rendered(prettyDepth:)`, built in one growing buffer.
    public func renderedBytes(prettyDepth: Int = .max) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: 0, prettyDepth: prettyDepth)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    func write(into out: inout [UInt8], indent: Int, prettyDepth: Int) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: ExportText.number(d).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.breakLine(into: &out, indent: indent + 2, prettyDepth: prettyDepth)
                item.write(into: &out, indent: indent + 2, prettyDepth: prettyDepth - 1)
            }
            Self.breakLine(into: &out, indent: indent, prettyDepth: prettyDepth)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            // Code-point order: the same for every run and locale.
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.breakLine(into: &out, indent: indent + 2, prettyDepth: prettyDepth)
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if prettyDepth > 0 { out.append(UInt8(ascii: " ")) }
                members[key]!.write(into: &out, indent: indent + 2, prettyDepth: prettyDepth - 1)
            }
            Self.breakLine(into: &out, indent: indent, prettyDepth: prettyDepth)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func breakLine(into out: inout [UInt8], indent: Int, prettyDepth: Int) {
        guard prettyDepth > 0 else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    /// Escapes on UTF-8 bytes: runs of bytes that need no escape are found by a tight scan
    /// and copied in one go; only the rare byte that needs care goes through the switch.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(bytes: $0, into: &out) }
    }

    /// `writeString` of the text whose UTF-8 bytes are `bytes`.
    static func writeString(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        do {
            var runStart = 0
            var i = 0
            let base = UnsafeRawPointer(bytes.baseAddress)
            while true {
                // Eight plain bytes at a time (long sentences are mostly plain); a word that may
                // hold a byte needing care is left to the byte loop below, which decides exactly.
                if let base {
                    while i + 8 <= bytes.count, !mayNeedEscape(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                        i += 8
                    }
                }
                // Plain bytes: printable ASCII other than `"` and `\`, and every byte of a
                // multi-byte scalar except 0xE2, which may start U+2028/U+2029.
                while i < bytes.count {
                    let b = bytes[i]
                    if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0xE2 { break }
                    i += 1
                }
                if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                guard i < bytes.count else { break }
                let b = bytes[i]
                var width = 1
                switch b {
                case UInt8(ascii: "\""): appendASCII("\\\"", to: &out)
                case UInt8(ascii: "\\"): appendASCII("\\\\", to: &out)
                case UInt8(ascii: "\n"): appendASCII("\\n", to: &out)
                case UInt8(ascii: "\r"): appendASCII("\\r", to: &out)
                case UInt8(ascii: "\t"): appendASCII("\\t", to: &out)
                case 0..<0x20:
                    let hex = String(b, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    // U+2028 and U+2029 are valid JSON but break JavaScript readers.
                    appendASCII(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", to: &out)
                    width = 3
                default:
                    out.append(b)  // 0xE2 starting any other scalar
                }
                i += width
                runStart = i
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes in `word` is below 0x20, `"`, `\` or 0xE2: the bytes
    /// `writeString` must look at one by one. Never false when one is there (a false `true`
    /// only sends a plain word to the byte loop). The classic bit tricks: `(x - 0x01…) & ~x &
    /// 0x80…` is non-zero exactly when some byte of `x` is zero, and with 0x20 in place of
    /// 0x01, when some byte is below 0x20; a byte equal to `c` is a zero byte of `x ^ c…`.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highBits }
        let control = (word &- ones &* 0x20) & ~word & highBits
        let quote = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\""))))
        let backslash = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
        let e2 = hasZeroByte(word ^ (ones &* 0xE2))
        return (control | quote | backslash | e2) != 0
    }

    /// Appends a constant's bytes without building a `String`.
    static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
