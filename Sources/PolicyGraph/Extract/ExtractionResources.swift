import Foundation

/// Every resource file extraction and segmentation read (`Resources/Lexicon/**`: the TSV
/// lexicons, `name-patterns.txt`, `units/*.tsv`, `heading-words.txt`, …), with its text, so a
/// cache can fingerprint all of them: change any word list and cached fragments are stale.
///
/// ```swift
/// let files = ExtractionResources.bundledFiles()   // [("agreements.tsv", "…"), ("units/currencies.tsv", "…"), …]
/// ```
public enum ExtractionResources {
    /// (path relative to `Resources/Lexicon`, file text), sorted by path; files that are not
    /// UTF-8 text are skipped.
    public static func bundledFiles() -> [(path: String, text: String)] {
        guard let root = Bundle.module.url(forResource: "Lexicon", withExtension: nil) else { return [] }
        let rootPath = root.standardizedFileURL.path
        var out: [(path: String, text: String)] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            var path = url.standardizedFileURL.path
            if path.hasPrefix(rootPath + "/") { path.removeFirst(rootPath.count + 1) }
            out.append((path, text))
        }
        return out.sorted { $0.path < $1.path }
    }
}
