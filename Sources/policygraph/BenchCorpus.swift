import ArgumentParser
import Foundation
import PolicyGraph

struct BenchCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-corpus",
        abstract: "Write a deterministic synthetic corpus for benchmarks.")

    func run() throws {
        // Lands with issue #7.
        throw ValidationError("`policygraph bench-corpus` is not available yet")
    }
}
