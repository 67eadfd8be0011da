/// Character classes the segmentation rules are written in: Han, Latin letters, sentence-final
/// punctuation, closing quotes. Scalar-level so the line passes never build `Character`s.
///
/// ```swift
/// ScalarClass.isHan("数")              // true
/// ScalarClass.isSentenceFinal("。")    // true
/// ```
enum ScalarClass {
    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// CJK punctuation and full-width forms: the characters that join to neighbours with no space.
    static func isCJKPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3000...0x303F, 0xFF00...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
             0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026, 0x00B7, 0xFFE5:
            return true
        default: return false
        }
    }

    /// Han, kana, hangul, CJK punctuation, full-width forms.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        if isHan(s) || isCJKPunctuation(s) { return true }
        switch s.value {
        case 0x3040...0x30FF, 0xAC00...0xD7AF, 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return true
        default: return false
        }
    }

    static func isLatinLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: return s.value != 0xD7 && s.value != 0xF7
        default: return false
        }
    }

    static func isLowercaseLatin(_ s: Unicode.Scalar) -> Bool {
        (0x61...0x7A).contains(s.value) || (0xDF...0xFF).contains(s.value)
    }

    static func isUppercaseLatin(_ s: Unicode.Scalar) -> Bool {
        (0x41...0x5A).contains(s.value) || (0xC0...0xDE).contains(s.value)
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(s.value) || (0xFF10...0xFF19).contains(s.value)
    }

    static func digitValue(_ s: Unicode.Scalar) -> Int {
        s.value >= 0xFF10 ? Int(s.value - 0xFF10) : Int(s.value - 0x30)
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x3000, 0x2000...0x200B, 0xFEFF: return true
        default: return false
        }
    }

    /// `。！？；.?!` and their full-width forms: a line ending in one may end a paragraph.
    static func isSentenceFinal(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2E, 0x3F, 0x21, 0xFF0E, 0x3B: return true
        default: return false
        }
    }

    /// Closing quotes and brackets, which may follow sentence-final punctuation.
    static func isClosing(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0x300B, 0x3009, 0xFF09, 0x29, 0x5D, 0x22, 0x27, 0x3011: return true
        default: return false
        }
    }

    static func isOpening(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x201C, 0x2018, 0x300C, 0x300E, 0x300A, 0x3008, 0xFF08, 0x28, 0x5B, 0x3010: return true
        default: return false
        }
    }

    /// Commas and enumeration marks: a line ending in one never ends a paragraph.
    static func isContinuing(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0xFF0C, 0x3001, 0x2C, 0xFF1A, 0x3A: return true
        default: return false
        }
    }

    /// Display width in columns: CJK and full-width forms take two.
    static func width(_ s: Unicode.Scalar) -> Int { isCJK(s) ? 2 : 1 }

    /// Chinese numerals used in headings (`第十二章`, `（三）`, `四、`).
    static func isChineseNumeral(_ s: Unicode.Scalar) -> Bool {
        "〇零一二三四五六七八九十百千两".unicodeScalars.contains(s)
    }
}
