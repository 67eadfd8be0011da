import ArgumentParser
import Foundation
import Logging
import PolicyGraph

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read every document under FOLDER and write graph.jsonld, graph.graphml and build-report.json.",
        discussion: """
            Exit status: 0 when every document was read, 1 when some failed (the outputs are still \
            written for the rest; build-report.json lists the failures), 2 on usage errors such as \
            a missing input folder.
            """)

    @Argument(help: "Folder of documents to read.")
    var folder: String = "Corpus"

    @Option(name: .long, help: "Folder the outputs are written to.")
    var out: String = "Output"

    @Option(name: .long, help: "Extra lexicon file (TSV: type, canonical, aliases, wikidata); may repeat.")
    var lexicon: [String] = []

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: .customLong("graphml-flavor"), help: "GraphML dialect: plain (portable) or yed (adds yFiles labels, shapes, colours).")
    var graphMLFlavor: GraphMLWriter.Flavor = .plain

    @Flag(name: .long, help: "Ignore cached state and rebuild everything.")
    var full = false

    @Flag(name: .long, help: "If another build is writing to the output folder, wait for it instead of stopping.")
    var wait = false

    @Flag(inversion: .prefixedNo,
          help: "Keep document fragments and the graph's provenance, edge records and sentences in temporary files rather than in memory (default: only when the folder is large for this machine's memory).")
    var spill: Bool?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print each stage's wall, user and system seconds and resident memory (also with --quiet).")
    var timings = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var options = BuildOptions(input: URL(fileURLWithPath: folder), output: URL(fileURLWithPath: out))
        options.lexiconFiles = lexicon.map { URL(fileURLWithPath: $0) }
        if let threads { options.threads = threads }
        options.full = full
        options.graphMLFlavor = graphMLFlavor

        options.waitForLock = wait
        options.spillFragments = spill
        let display = BuildProgressDisplay.standardError(quiet: quiet)
        // Stage timings are debug messages; --quiet silences the progress line, not them.
        LoggingSystem.bootstrap { [timings] _ in ConsoleLogHandler(display: display, level: timings ? .debug : .info) }
        let report: BuildReport
        do {
            report = try Builder(options: options).run(progress: display.update)
            display.finish()
        } catch let error as IngestError {
            display.finish()
            display.message("error: \(error)")
            switch error {
            case .missingFolder, .notAFolder: throw ExitCode(2)
            default: throw ExitCode(1)
            }
        } catch {
            display.finish()
            display.message("error: \(error)")
            throw ExitCode(1)
        }
        if !quiet {
            display.message("read \(report.documentsRead.count) documents, \(report.failed.count) failed, \(report.skipped.count) skipped; \(report.nodes) nodes, \(report.edges) edges → \(out)")
            display.message("incremental: \(report.reused) reused, \(report.extracted) extracted, \(report.removed) removed, \(report.renamed) renamed")
        }
        if !report.failed.isEmpty { throw ExitCode(1) }
    }
}

extension GraphMLWriter.Flavor: ExpressibleByArgument {}
