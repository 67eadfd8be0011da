import Foundation

/// The word lists the segmentation rules read, loaded once from the package resources
/// (`Resources/Lexicon/heading-words.txt`, `Resources/Lexicon/hyphenated-compounds.txt`) so a
/// user can read and extend them.
///
/// ```swift
/// SegmentResources.shared.headingWords.contains("abstract")   // true
/// ```
struct SegmentResources: Sendable {
    /// Lower-cased, space-free heading words (`摘要`, `abstract`, `executivesummary`).
    var headingWords: Set<String>
    /// First parts that keep a line-end hyphen (`e`, `cross`).
    var hyphenPrefixes: Set<String>
    /// Second parts that keep it (`based`, `term`).
    var hyphenSuffixes: Set<String>

    static let shared = SegmentResources.load()

    static func load() -> SegmentResources {
        let dir = Bundle.module.url(forResource: "Lexicon", withExtension: nil)
        func entries(_ name: String) -> [String] {
            guard let url = dir?.appendingPathComponent(name),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            return text.resourceLines.map { $0.trimmingBlanks() }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        let headings = Set(entries("heading-words.txt").map { compactKey($0) })
        var prefixes = Set<String>(), suffixes = Set<String>()
        for line in entries("hyphenated-compounds.txt") {
            let parts = line.split(separator: "\t").map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "prefix" { prefixes.insert(parts[1].lowercased()) }
            if parts[0] == "suffix" { suffixes.insert(parts[1].lowercased()) }
        }
        return SegmentResources(headingWords: headings, hyphenPrefixes: prefixes, hyphenSuffixes: suffixes)
    }

    /// Lower-cased text without whitespace: how heading words are compared.
    static func compactKey(_ s: String) -> String {
        ScalarText.string(s.unicodeScalars.filter { !ScalarClass.isWhitespace($0) }).lowercased()
    }
}
