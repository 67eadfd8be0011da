import ArgumentParser
import Foundation
import PolicyGraph

struct EvalSegments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Score segments against gold files (NAME.blocks.jsonl beside NAME.txt).")

    @Option(help: "Folder of NAME.blocks.jsonl gold files.")
    var gold: String

    @Option(help: "Folder holding the documents (NAME.txt, NAME.html, …).")
    var texts: String

    func run() throws {
        let results = try SegmentEvaluationRun(goldFolder: URL(fileURLWithPath: gold),
                                               textFolder: URL(fileURLWithPath: texts)).run()
        guard !results.isEmpty else { throw ValidationError("no gold file in \(gold) has a document in \(texts)") }
        print(SegmentEvaluationRun.table(results))
    }
}
