#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides a file's text encoding from its bytes alone and decodes it to a Swift string with
/// LF line ends.
///
/// The order of the decision matters: a byte-order mark wins (UTF-8, UTF-16 LE/BE); otherwise a
/// NUL byte means binary content; otherwise strict UTF-8; otherwise strict GB18030 (which also
/// covers GBK and GB2312, the usual encodings of Chinese government files without a BOM).
///
/// ```swift
/// let decoded = try TextDecoder.decode(bytes, path: "notice.txt")
/// print(decoded.encoding)   // GB18030
/// ```
public enum TextDecoder {
    /// Text out of `decode`: the string and the encoding the bytes were in.
    public struct Decoded: Sendable, Hashable {
        public var text: String
        public var encoding: TextEncoding
    }

    /// Decodes `bytes`; `path` only names the file in errors.
    ///
    /// When the bytes are neither UTF-8 nor GB18030, the error's offset is the first bad byte of
    /// whichever decoder got further into the file: the one that got further is the likelier
    /// intended encoding, so its offset points at the actual damage rather than at the first
    /// non-ASCII character.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws(IngestError) -> Decoded {
        let count = bytes.count
        if count == 0 { throw .empty(path: path) }
        let b = bytes.bindMemory(to: UInt8.self)

        // Byte-order marks first: UTF-16 legitimately holds NUL bytes.
        if count >= 2, b[0] == 0xFF, b[1] == 0xFE {
            return Decoded(text: try decodeUTF16(b, bigEndian: false, path: path), encoding: .utf16LE)
        }
        if count >= 2, b[0] == 0xFE, b[1] == 0xFF {
            return Decoded(text: try decodeUTF16(b, bigEndian: true, path: path), encoding: .utf16BE)
        }
        let start = (count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) ? 3 : 0
        if start == count { throw .empty(path: path) }
        let body = UnsafeBufferPointer(rebasing: b[start...])

        if let nul = firstNUL(body) { throw .binary(path: path, offset: start + nul) }

        // The standard library's validator is the fast path; ours runs only on failure, to find
        // the offset of the first bad sequence.
        if let text = makeString(fromUTF8: body) { return Decoded(text: text, encoding: .utf8) }
        let utf8Error = firstInvalidUTF8(body) ?? 0
        // A file with a BOM declared itself UTF-8: reinterpreting it as GB18030 would only
        // produce mojibake.
        if start == 3 { throw .undecodable(path: path, offset: start + utf8Error) }
        // Mostly-valid UTF-8 with a few damaged bytes is damaged UTF-8, not GB18030: GB18030
        // accepts most byte pairs, so trying it would turn such a file into mojibake.
        if looksLikeDamagedUTF8(body) { throw .undecodable(path: path, offset: utf8Error) }

        switch GB18030Converter.convert(body) {
        case .success(let utf8):
            // iconv's output is valid UTF-8 by construction.
            let text = utf8.withUnsafeBufferPointer { makeString(fromUTF8: $0) } ?? String(decoding: utf8, as: UTF8.self)
            return Decoded(text: text, encoding: .gb18030)
        case .failure(let gbOffset):
            throw .undecodable(path: path, offset: max(utf8Error, gbOffset))
        }
    }

    /// Convenience for byte arrays (tests, the store).
    public static func decode(_ bytes: [UInt8], path: String) throws(IngestError) -> Decoded {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(IngestError) in try decode(raw, path: path) }
        }.get()
    }

    // MARK: - UTF-8

    /// Offset of the first byte of the first ill-formed UTF-8 sequence, or nil when all of
    /// `bytes` is well-formed (no overlongs, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < n {
            // ASCII fast path, eight bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= n { break }
            let lead = base[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF   // allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            if i + length > n { return i }
            let second = base[i + 1]
            if second < low || second > high { return i }
            var k = 2
            while k < length {
                if base[i + k] & 0xC0 != 0x80 { return i }
                k += 1
            }
            i += length
        }
        return nil
    }

    /// True when the bytes hold many well-formed multi-byte UTF-8 sequences and few broken
    /// ones. GB18030 text almost never forms valid UTF-8 sequences by accident (its lead and
    /// trail bytes rarely line up as E0–EF 80–BF 80–BF), so a high ratio means a UTF-8 file
    /// with some damage.
    /// Only the first 64 KiB are looked at: enough to tell the two apart, and cheap on big files.
    static func looksLikeDamagedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var valid = 0, invalid = 0
        var i = 0
        let n = min(bytes.count, 65_536)
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
            if length > 0, i + length <= n,
               firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[i..<(i + length)])) == nil {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return valid >= 8 && invalid * 10 < valid
    }

    static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        guard let hit = memchr(base, 0, bytes.count) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    /// The string for UTF-8 bytes with CRLF and lone CR turned into LF, or nil when the bytes
    /// are not valid UTF-8. 0x0D never occurs inside a multi-byte sequence, so line ends can be
    /// rewritten on the bytes, span by span with `memchr`, before validation.
    static func makeString(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
        guard var cr = memchr(base, 0x0D, bytes.count) else {
            return String(validating: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = 0
        let n = bytes.count
        while true {
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(cr))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<at]))
            out.append(0x0A)
            start = at + 1
            if start < n, bytes[start] == 0x0A { start += 1 }
            guard start < n, let next = memchr(base + start, 0x0D, n - start) else { break }
            cr = next
        }
        if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n])) }
        return out.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
    }

    // MARK: - UTF-16

    /// Decodes UTF-16 after its two-byte BOM, strictly: an unpaired surrogate or an odd trailing
    /// byte is undecodable; a U+0000 character means binary content.
    static func decodeUTF16(_ b: UnsafeBufferPointer<UInt8>, bigEndian: Bool, path: String) throws(IngestError) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(b.count * 3 / 2)
        var i = 2
        let n = b.count
        if n == 2 { throw .empty(path: path) }
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(b[at]) << 8 | UInt32(b[at + 1]) : UInt32(b[at + 1]) << 8 | UInt32(b[at])
        }
        while i < n {
            if i + 2 > n { throw .undecodable(path: path, offset: i) }
            var scalar = unit(i)
            var width = 2
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard i + 4 <= n else { throw .undecodable(path: path, offset: i) }
                let low = unit(i + 2)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw .undecodable(path: path, offset: i) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                width = 4
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw .undecodable(path: path, offset: i)
            }
            if scalar == 0 { throw .binary(path: path, offset: i) }
            appendUTF8(scalar, to: &utf8)
            i += width
        }
        return utf8.withUnsafeBufferPointer { makeString(fromUTF8: $0) } ?? String(decoding: utf8, as: UTF8.self)
    }

    @inline(__always)
    static func appendUTF8(_ s: UInt32, to out: inout [UInt8]) {
        switch s {
        case 0..<0x80:
            out.append(UInt8(s))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (s >> 6)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (s >> 12)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (s >> 18)))
            out.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        }
    }
}

/// Strict GB18030 → UTF-8 through the C library's iconv (glibc's converter is the well-kept
/// system implementation; GB18030 is a superset of GBK and GB2312).
enum GB18030Converter {
    enum Outcome {
        case success([UInt8])
        /// Offset of the first byte iconv could not convert.
        case failure(Int)
    }

    static func convert(_ input: UnsafeBufferPointer<UInt8>) -> Outcome {
        let cd = iconv_open("UTF-8", "GB18030")
        // glibc always ships GB18030; if a stripped-down system lacks it, nothing decodes.
        if cd == iconv_t(bitPattern: -1) { return .failure(0) }
        defer { iconv_close(cd) }
        // A GB18030 character is at most 4 bytes and becomes at most 4 UTF-8 bytes; two-byte
        // Chinese characters grow to three, so 2× is ample (the loop grows it anyway).
        var output = [UInt8](repeating: 0, count: max(16, input.count * 2))
        var produced = 0
        var consumed = 0
        while consumed < input.count {
            var inLeft = input.count - consumed
            var outLeft = output.count - produced
            let result: Int = output.withUnsafeMutableBufferPointer { out in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: input.baseAddress! + consumed)
                    .assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress! + produced)
                    .assumingMemoryBound(to: CChar.self)
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return r
            }
            let err = errno
            consumed = input.count - inLeft
            produced = output.count - outLeft
            if result != -1 { break }
            switch err {
            case E2BIG:
                output.append(contentsOf: repeatElement(0, count: output.count))
            default:
                // EILSEQ (invalid sequence) or EINVAL (truncated sequence at the end).
                return .failure(consumed)
            }
        }
        output.removeSubrange(produced...)
        return .success(output)
    }
}
