import ArgumentParser
import Foundation
import PolicyGraph

struct BenchStages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-stages",
        abstract: "Run the build's stages one by one over FOLDER and print their timings as JSON.",
        discussion: """
            Per-document stages (read, decode, segment, extract) report thread-seconds summed over \
            the workers; build-wide stages (resolve, graph, exports, write) report wall seconds. \
            Use a release build: `swift build -c release`.
            """)

    @Argument(help: "Folder of documents to read.")
    var folder: String

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "Folder to write the outputs to (default: a temporary folder, removed).")
    var out: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var benchmark = StageBenchmark(input: URL(fileURLWithPath: folder),
                                       threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        benchmark.output = out.map { URL(fileURLWithPath: $0) }
        let result = try benchmark.run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(result))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
