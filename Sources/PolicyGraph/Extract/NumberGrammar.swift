/// A number as written in a block: where it is and what it says, before any unit or
/// magnitude is applied.
///
/// ```swift
/// let text = Array("规模为 3,800.5 亿美元".unicodeScalars)
/// let n = NumberGrammar.parse(text, at: 4)!   // n.value == 3800.5, n.end == 11
/// ```
public struct WrittenNumber: Sendable, Hashable {
    /// Unicode-scalar offsets of the number in the scanned text, `end` exclusive.
    public var start: Int
    public var end: Int
    /// The digits with separators removed and a `.` for the decimal point (`"3800.5"`).
    public var digits: String
    /// How many digits stand before the decimal point.
    public var integerDigitCount: Int
    public var hasFraction: Bool
    /// Written with thousands separators (`3,800`).
    public var hasGroupSeparators: Bool
    /// An integer written with a leading zero (`02`), as issue numbers and months are.
    public var hasLeadingZero: Bool
    /// Written in Chinese numeral digits (`二〇二一`), as years sometimes are.
    public var isChineseNumeral: Bool

    /// The number as a `Double`.
    public var value: Double { scaled(byPowerOfTen: 0) }

    public var isInteger: Bool { !hasFraction }

    /// The value times 10^exponent, computed from the decimal digits so that
    /// `18.9` × 10^12 is exactly 18900000000000 rather than 18.9 * 1e12's rounding.
    public func scaled(byPowerOfTen exponent: Int) -> Double {
        Double(digits + "e" + String(exponent)) ?? 0
    }
}

/// The one number parser every recogniser uses: ASCII and full-width digits, thousands
/// separators, decimals, and the positional Chinese numeral digits years are written in.
/// It only reads the number itself; units, magnitudes and context are the recognisers' work.
///
/// ```swift
/// let text = Array("二〇二一年".unicodeScalars)
/// NumberGrammar.parseChineseNumeralDigits(text, at: 0)?.digits   // "2021"
/// ```
public enum NumberGrammar {
    /// The value of an ASCII (`0`–`9`) or full-width (`０`–`９`) digit.
    @inline(__always)
    public static func digitValue(_ s: Unicode.Scalar) -> Int? {
        let v = s.value
        if v >= 0x30 && v <= 0x39 { return Int(v - 0x30) }
        if v >= 0xFF10 && v <= 0xFF19 { return Int(v - 0xFF10) }
        return nil
    }

    @inline(__always)
    public static func isDigit(_ s: Unicode.Scalar) -> Bool { digitValue(s) != nil }

    /// The value of a Chinese numeral digit as used positionally in years (`〇 零 一 … 九`).
    public static func chineseDigitValue(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "〇", "零", "○": return 0
        case "一": return 1
        case "二": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    /// Chinese numerals that build quantities (`十 百 两 …`): a positional digit run next to
    /// one of these is part of a larger numeral, not a year.
    public static func isChineseNumeral(_ s: Unicode.Scalar) -> Bool {
        chineseDigitValue(s) != nil || "十百千万亿两廿卅".unicodeScalars.contains(s)
    }

    @inline(__always)
    static func isDecimalPoint(_ s: Unicode.Scalar) -> Bool { s == "." || s == "．" }

    /// Parses the digit number starting at `start` (which must be a digit): `3,800`,
    /// `18.9`, `２０２０`. A comma counts as a thousands separator only between groups of
    /// exactly three digits after a first group of one to three (`2019,2020` is two numbers);
    /// a point counts as the decimal point only when a digit follows (`1.` is a list number).
    public static func parse(_ text: [Unicode.Scalar], at start: Int) -> WrittenNumber? {
        guard start < text.count, let first = digitValue(text[start]) else { return nil }
        // First find the number's extent, then write its digits in one go.
        var i = start + 1
        var groupLength = 1
        var integerDigits = 1
        var separated = false
        while i < text.count {
            if digitValue(text[i]) != nil {
                integerDigits += 1
                groupLength += 1
                i += 1
                continue
            }
            if text[i] == ",", threeDigitGroup(text, at: i + 1), separated ? groupLength == 3 : groupLength <= 3 {
                separated = true
                groupLength = 0
                i += 1
                continue
            }
            break
        }
        let integerEnd = i
        var hasFraction = false
        if i + 1 < text.count, isDecimalPoint(text[i]), digitValue(text[i + 1]) != nil {
            hasFraction = true
            i += 2
            while i < text.count, digitValue(text[i]) != nil { i += 1 }
        }
        let end = i
        let fractionDigits = hasFraction ? end - integerEnd - 1 : 0
        let digits = String(unsafeUninitializedCapacity: integerDigits + (hasFraction ? 1 + fractionDigits : 0)) { buffer in
            var n = 0
            for k in start..<integerEnd {
                guard let d = digitValue(text[k]) else { continue }  // a thousands separator
                buffer[n] = UInt8(48 + d); n += 1
            }
            if hasFraction {
                buffer[n] = UInt8(ascii: "."); n += 1
                for k in (integerEnd + 1)..<end { buffer[n] = UInt8(48 + digitValue(text[k])!); n += 1 }
            }
            return n
        }
        return WrittenNumber(start: start, end: i, digits: digits, integerDigitCount: integerDigits,
                             hasFraction: hasFraction, hasGroupSeparators: separated,
                             hasLeadingZero: first == 0 && integerDigits > 1,
                             isChineseNumeral: false)
    }

    /// Three digits starting at `i` and no fourth: the shape of a thousands group.
    private static func threeDigitGroup(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 3 <= text.count else { return false }
        for k in i..<(i + 3) where !isDigit(text[k]) { return false }
        return i + 3 == text.count || !isDigit(text[i + 3])
    }

    /// Parses a run of positional Chinese numeral digits (`二〇二一`, `一九九八`) starting at
    /// `start`. Quantities such as `三年` or `二十` are not positional and are rejected by the
    /// caller through `isChineseNumeral` on the neighbours.
    public static func parseChineseNumeralDigits(_ text: [Unicode.Scalar], at start: Int) -> WrittenNumber? {
        var i = start
        var digits = ""
        while i < text.count, let d = chineseDigitValue(text[i]) {
            digits.append(Character(Unicode.Scalar(UInt8(48 + d))))
            i += 1
        }
        guard !digits.isEmpty else { return nil }
        return WrittenNumber(start: start, end: i, digits: digits, integerDigitCount: digits.count,
                             hasFraction: false, hasGroupSeparators: false, hasLeadingZero: false,
                             isChineseNumeral: true)
    }

    /// The value of a small Chinese numeral as written for months and days (`三`, `十`, `十二`,
    /// `二十一`), with its end offset.
    public static func parseSmallChineseNumeral(_ text: [Unicode.Scalar], at start: Int) -> (value: Int, end: Int)? {
        var i = start
        var value = 0
        var pending = 0
        var sawAny = false
        while i < text.count {
            if let d = chineseDigitValue(text[i]) {
                pending = d
                sawAny = true
            } else if text[i] == "十" {
                value += (sawAny && pending > 0 ? pending : 1) * 10
                pending = 0
                sawAny = true
            } else {
                break
            }
            i += 1
        }
        guard sawAny else { return nil }
        return (value + pending, i)
    }
}
