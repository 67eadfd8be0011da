import Foundation

/// Writes a deterministic, realistic benchmark corpus: PDF-extracted-style policy documents
/// of 20–200 KB in Chinese, English or both (hard-wrapped lines, running titles, page
/// numbers, footnotes at page bottoms with glued markers, tables), some as HTML and some
/// encoded in GB18030. The text mixes sentences of the repository's own corpus (with their
/// numbers and years varied) and template sentences about invented organisations and
/// agreements whose number grows with the corpus, so the graph grows as an archive's would.
///
/// Document `i` depends only on the seed and `i`, so a corpus can be written on any number
/// of threads and a 10 MB corpus is a prefix of the 100 MB one with the same seed.
///
/// ```swift
/// let generator = BenchCorpusGenerator(material: material, seed: 1)
/// let plans = generator.plan(documents: nil, totalBytes: 10_000_000)
/// let summary = try generator.write(plans, to: URL(fileURLWithPath: "Benchmarks/corpora/10mb"), threads: 2)
/// ```
public struct BenchCorpusGenerator: Sendable {
    /// What one generated document will be, decided before any text is written.
    public struct DocumentPlan: Sendable, Hashable {
        public enum Language: String, Sendable { case zh, en, bilingual = "zh-en" }
        public var index: Int
        /// Path inside the output folder, e.g. `batch-002/002417-zh-data-governance.txt`.
        public var relativePath: String
        public var language: Language
        public var html: Bool
        public var gb18030: Bool
        /// Approximate size on disk; the document stops at the first paragraph past it.
        public var targetBytes: Int
    }

    /// What `write` produced.
    public struct Summary: Sendable, Codable {
        public var documents = 0
        public var bytes = 0
        public var htmlDocuments = 0
        public var gb18030Documents = 0
        public var seconds = 0.0
    }

    public let material: BenchSourceMaterial
    public let seed: UInt64
    let names = SyntheticNames()

    public init(material: BenchSourceMaterial, seed: UInt64) {
        self.material = material
        self.seed = seed
    }

    // MARK: - Planning

    /// Plans documents until `documents` are planned or their sizes add up to `totalBytes`,
    /// whichever comes first (at least one of the two must be given).
    public func plan(documents: Int?, totalBytes: Int?) -> [DocumentPlan] {
        precondition(documents != nil || totalBytes != nil, "give a document count or a total size")
        var plans: [DocumentPlan] = []
        var total = 0
        var index = 0
        while true {
            if let documents, index >= documents { break }
            if let totalBytes, total >= totalBytes { break }
            let plan = planDocument(index)
            total += plan.targetBytes
            plans.append(plan)
            index += 1
        }
        return plans
    }

    func planDocument(_ index: Int) -> DocumentPlan {
        var random = SeededRandom(seed: seed, stream: UInt64(index) &* 2 &+ 1)
        let roll = random.unit()
        let language: DocumentPlan.Language = roll < 0.55 ? .zh : roll < 0.8 ? .en : .bilingual
        let html = random.chance(0.12)
        let gb18030 = !html && language != .en && random.chance(0.14)
        // Log-uniform between 20 and 200 KB: many short notices, fewer long reports.
        let size = Int(20_000 * exp(random.unit() * log(10.0)))
        let topic = names.topic(random.below(names.topicCount)).en.lowercased()
            .replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "'", with: "")
        let number = String(index).leftPadded(to: 6)
        let batch = String(index / 1000).leftPadded(to: 3)
        let name = "batch-\(batch)/\(number)-\(language.rawValue)\(gb18030 ? "-gb18030" : "")-\(topic).\(html ? "html" : "txt")"
        return DocumentPlan(index: index, relativePath: name, language: language, html: html, gb18030: gb18030,
                            targetBytes: size)
    }

    // MARK: - Rendering

    /// The bytes of one document as they go on disk (UTF-8, or GB18030 when planned so).
    public func render(_ plan: DocumentPlan) -> [UInt8] {
        var composer = DocumentComposer(plan: plan, seed: seed, material: material, names: names)
        let utf8 = plan.html ? composer.renderHTML() : composer.renderPlainText()
        return plan.gb18030 ? GB18030Encoder.encode(utf8) : utf8
    }

    /// Writes every planned document under `folder` on `threads` threads.
    public func write(_ plans: [DocumentPlan], to folder: URL, threads: Int) throws -> Summary {
        let started = Date()
        let fm = FileManager.default
        let batches = Set(plans.map { ($0.relativePath as NSString).deletingLastPathComponent })
        for batch in batches.sorted() {
            try fm.createDirectory(at: folder.appendingPathComponent(batch), withIntermediateDirectories: true)
        }
        let results = ConcurrentMap.map(plans, threads: threads) { plan -> Result<Int, BenchCorpusError> in
            let bytes = render(plan)
            let url = folder.appendingPathComponent(plan.relativePath)
            do {
                try Data(bytes).write(to: url)
                return .success(bytes.count)
            } catch {
                return .failure(.cannotWrite(path: url.path, reason: error.localizedDescription))
            }
        }
        var summary = Summary()
        for (plan, result) in zip(plans, results) {
            summary.bytes += try result.get()
            summary.documents += 1
            if plan.html { summary.htmlDocuments += 1 }
            if plan.gb18030 { summary.gb18030Documents += 1 }
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}

/// Why the benchmark corpus could not be written.
public enum BenchCorpusError: Error, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case notEmpty(path: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write benchmark document: \(reason)"
        case .notEmpty(let path): return "\(path): output folder is not empty (pass an empty or new folder)"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
