/// The lines of a resource file (lexicons, name patterns, figure words, segmentation words),
/// and the blanks trimmed around them, as `split(separator: "\n")` and
/// `trimmingCharacters(in: .whitespaces)` or `.whitespacesAndNewlines` would give them, but
/// cheaply and for files saved with Windows line ends too.
///
/// Splitting a `String` on the `Character` "\n" walks grapheme clusters, and never splits a
/// Windows line end (`"\r\n"` is one `Character`): a user's lexicon saved on Windows read
/// as one line (and its byte order mark made the first type unknown). Foundation's trimming
/// bridges each line through `NSString` and back, about 15,000 instructions a line. Together they made reading the bundled lexicons about a
/// twentieth of a small build's work.
///
/// ```swift
/// "a\tb\r\nc\n".resourceLines                                 // ["a\tb", "c", ""]
/// Substring(" \tWTO\u{3000}").trimmingBlanks()          // "WTO"
/// Substring("WTO\r\n").trimmingBlanks(andNewlines: true) // "WTO"
/// ```
extension String {
    /// The lines, split at each line feed with a carriage return before it dropped, and a
    /// byte order mark at the start dropped (Windows editors write one before UTF-8); empty
    /// lines kept, so that a line's position is its line number less one.
    var resourceLines: [Substring] {
        var scalars = Substring(self).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        return scalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Substring(line.last == "\r" ? line.dropLast() : line)
        }
    }
}

extension Substring {
    func trimmingBlanks(andNewlines: Bool = false) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isBlank(scalars[start], andNewlines) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard Self.isBlank(scalars[before], andNewlines) else { break }
            end = before
        }
        return String(Substring(scalars[start..<end]))
    }

    /// `CharacterSet.whitespaces` is the tab, the space separators (Zs) and, in Foundation's
    /// own table, the zero-width space; `.whitespacesAndNewlines` adds U+000A–U+000D, U+0085
    /// and the line and paragraph separators.
    private static func isBlank(_ s: Unicode.Scalar, _ andNewlines: Bool) -> Bool {
        switch s.value {
        case 0x09, 0x20, 0x200B: return true
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return andNewlines
        case 0..<0x80: return false
        default: return s.properties.generalCategory == .spaceSeparator
        }
    }
}
