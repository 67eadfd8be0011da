import Foundation

/// The text folding every evaluator compares in: NFKC (full-width digits and letters become
/// ASCII, `％` becomes `%`) and no whitespace at all, so line joining with or without a blank
/// does not count as a difference.
///
/// ```swift
/// TextNormalization.folded("２０％ 的 GDP")   // "20%的GDP"
/// ```
public enum TextNormalization {
    /// NFKC-folded scalars with every whitespace scalar removed.
    public static func foldedScalars(_ text: String) -> [Unicode.Scalar] {
        let nfkc = text.precomposedStringWithCompatibilityMapping
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(nfkc.unicodeScalars.count)
        for s in nfkc.unicodeScalars where !s.properties.isWhitespace { out.append(s) }
        return out
    }

    public static func folded(_ text: String) -> String {
        String(String.UnicodeScalarView(foldedScalars(text)))
    }
}
