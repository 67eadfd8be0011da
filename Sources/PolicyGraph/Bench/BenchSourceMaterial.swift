import Foundation

/// The real text the benchmark corpus is woven from: sentences of the repository's own
/// `Corpus/` documents (read, decoded and segmented by the library itself, so GB18030 and
/// HTML sources count too) and the names the bundled lexicon knows, split by language.
///
/// ```swift
/// let material = try BenchSourceMaterial.load(corpus: URL(fileURLWithPath: "Corpus"), lexicon: .bundled())
/// print(material.chineseSentences.count, material.englishSentences.count)
/// ```
public struct BenchSourceMaterial: Sendable {
    /// Sentences as UTF-8 bytes, ready to be copied into a document.
    public var chineseSentences: [[UInt8]] = []
    public var englishSentences: [[UInt8]] = []
    /// Known names (lexicon canonical names and aliases) the documents mention beside the
    /// invented ones, as a real archive mentions the WTO beside a local association.
    public var organizations: [(zh: String, en: String)] = []
    public var agreements: [(zh: String, en: String)] = []
    public var countries: [(zh: String, en: String)] = []
    /// Files the sentences came from, for the generator's summary.
    public var sourceFiles: [String] = []

    public init() {}

    /// Reads every document under `corpus` (missing folder: no sentences, templates only).
    public static func load(corpus: URL?, lexicon: Lexicon) throws -> BenchSourceMaterial {
        var material = BenchSourceMaterial()
        if let corpus, FileManager.default.fileExists(atPath: corpus.path) {
            let scan = try FolderScanner().scan(corpus)
            let reader = DocumentReader()
            let segmenter = Segmenter()
            for entry in scan.documents {
                guard let document = try? reader.read(fileAt: entry.url, relativePath: entry.relativePath) else { continue }
                material.sourceFiles.append(entry.relativePath)
                for block in segmenter.segment(document) where block.kind == .paragraph || block.kind == .footnote {
                    material.addSentences(of: block.text)
                }
            }
        }
        for entry in lexicon.entries {
            let zh = entry.aliases.first(where: Self.isMostlyChinese)
            guard let zh else { continue }
            let pair = (zh: zh, en: entry.canonical)
            switch entry.type {
            case .organization: material.organizations.append(pair)
            case .agreement: material.agreements.append(pair)
            case .country: material.countries.append(pair)
            default: break
            }
        }
        if material.countries.isEmpty { material.countries = [("中国", "China"), ("新加坡", "Singapore"), ("德国", "Germany")] }
        return material
    }

    /// Splits clean block text into sentences at `。！？；` and at `. ` before a capital, and
    /// files each under the language most of its letters belong to.
    mutating func addSentences(of text: String) {
        var current: [Unicode.Scalar] = []
        let scalars = Array(text.unicodeScalars)
        func flush() {
            let sentence = String(String.UnicodeScalarView(current)).trimmingCharacters(in: .whitespaces)
            current.removeAll(keepingCapacity: true)
            // Only whole sentences: a fragment (a wrapped line the segmenter left alone, a
            // heading) would glue into a run-on when the generator concatenates.
            guard sentence.unicodeScalars.count >= 12, let last = sentence.unicodeScalars.last,
                  "。！？；.?!".unicodeScalars.contains(last) else { return }
            if Self.isMostlyChinese(sentence) { chineseSentences.append(Array(sentence.utf8)) }
            else { englishSentences.append(Array(sentence.utf8)) }
        }
        for (i, s) in scalars.enumerated() {
            current.append(s)
            switch s {
            case "。", "！", "？", "；": flush()
            case ".", "?", "!":
                let next = i + 1 < scalars.count ? scalars[i + 1] : " "
                let after = i + 2 < scalars.count ? scalars[i + 2] : "A"
                if next == " " && after.properties.isUppercase { flush() }
            default: break
            }
        }
        flush()
    }

    static func isMostlyChinese(_ text: String) -> Bool {
        var han = 0, latin = 0
        for s in text.unicodeScalars {
            if s.value >= 0x3400 && s.value < 0xA000 { han += 1 } else if s.properties.isAlphabetic { latin += 1 }
        }
        return han * 3 > latin
    }
}
