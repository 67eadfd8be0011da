import ArgumentParser
import Foundation
import PolicyGraph

struct BenchCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-corpus",
        abstract: "Write a deterministic synthetic corpus for benchmarks.",
        discussion: """
            Documents of 20–200 KB (Chinese, English, bilingual; PDF-extracted text, HTML, GB18030) \
            woven from the sentences of --source and invented organisations and agreements whose \
            number grows with the corpus. The same seed always gives the same bytes; give --docs, \
            --size-mb or both (generation stops at whichever is reached first).
            """)

    @Option(name: .long, help: "Number of documents to write.")
    var docs: Int?

    @Option(name: .long, help: "Total size to reach, in MB (10^6 bytes).")
    var sizeMb: Double?

    @Option(name: .long, help: "Folder to write the corpus into (created; must be empty if it exists).")
    var out: String

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Folder of real documents to take sentences from.")
    var source: String = "Corpus"

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        if docs == nil && sizeMb == nil { throw ValidationError("give --docs N, --size-mb M or both") }
        if let docs, docs < 1 { throw ValidationError("--docs must be at least 1") }
        if let sizeMb, sizeMb <= 0 { throw ValidationError("--size-mb must be positive") }
    }

    func run() throws {
        let output = URL(fileURLWithPath: out)
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: output.path), !existing.isEmpty {
            throw BenchCorpusError.notEmpty(path: output.path)
        }
        let material = try BenchSourceMaterial.load(corpus: URL(fileURLWithPath: source), lexicon: .bundled())
        let generator = BenchCorpusGenerator(material: material, seed: seed)
        let plans = generator.plan(documents: docs, totalBytes: sizeMb.map { Int($0 * 1_000_000) })
        let summary = try generator.write(plans, to: output,
                                          threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let mb = Double(summary.bytes) / 1_000_000
        FileHandle.standardError.write(Data("""
            wrote \(summary.documents) documents (\(summary.htmlDocuments) HTML, \(summary.gb18030Documents) GB18030), \
            \(String(format: "%.1f", mb)) MB in \(String(format: "%.1f", summary.seconds)) s → \(out) \
            (sentences from \(material.sourceFiles.count) source files)

            """.utf8))
    }
}
