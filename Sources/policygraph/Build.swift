import ArgumentParser
import Foundation
import PolicyGraph

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read every document under FOLDER and write graph.jsonld, graph.graphml and build-report.json.")

    @Argument(help: "Folder of documents to read.")
    var folder: String = "Corpus"

    @Option(name: .long, help: "Folder the outputs are written to.")
    var out: String = "Output"

    @Option(name: .long, help: "Extra lexicon file (TSV: type, canonical, aliases, wikidata); may repeat.")
    var lexicon: [String] = []

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(name: .long, help: "Ignore cached state and rebuild everything.")
    var full = false

    @Flag(name: .long, help: "If another build is writing to the output folder, wait for it instead of stopping.")
    var wait = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        var options = BuildOptions(input: URL(fileURLWithPath: folder), output: URL(fileURLWithPath: out))
        options.lexiconFiles = lexicon.map { URL(fileURLWithPath: $0) }
        if let threads { options.threads = threads }
        options.full = full
        options.waitForLock = wait
        let report = try Builder(options: options).run()
        if !quiet {
            FileHandle.standardError.write(Data("read \(report.documentsRead.count) documents, \(report.failed.count) failed, \(report.skipped.count) skipped; \(report.nodes) nodes, \(report.edges) edges → \(out)\n".utf8))
            FileHandle.standardError.write(Data("incremental: \(report.reused) reused, \(report.extracted) extracted, \(report.removed) removed, \(report.renamed) renamed\n".utf8))
        }
        if !report.failed.isEmpty { throw ExitCode(1) }
    }
}
