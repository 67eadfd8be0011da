import ArgumentParser
import Foundation
import PolicyGraph

struct EvalEntities: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Score entities against gold files (per-type P/R/F1, figure normalisation, alias merge).")

    @Option(help: "Folder of gold NAME.entities.json files.")
    var gold: String
    @Option(help: "Folder of the NAME.txt texts the gold describes.")
    var texts: String
    @Option(help: "Extra lexicon file(s), applied after the bundled ones.")
    var lexicon: [String] = []
    @Flag(help: "Use the gold NAME.blocks.jsonl texts instead of segmenting (scores extraction alone).")
    var goldBlocks = false
    @Option(help: "Leave the bundled lexicon entries of this type out (ablation: how far patterns and definitions carry).")
    var withoutBundled: [String] = []

    func run() throws {
        let dropped = Set(withoutBundled.compactMap(EntityType.init(rawValue:)))
        var lex = Lexicon(entries: try Lexicon.bundled().entries.filter { !dropped.contains($0.type) })
        for file in lexicon { lex = lex.merging(try Lexicon(contentsOf: URL(fileURLWithPath: file))) }
        let evaluation = EntityEvaluation(lexicon: lex, useGoldBlocks: goldBlocks)
        let report = try evaluation.evaluate(goldDirectory: URL(fileURLWithPath: gold), textDirectory: URL(fileURLWithPath: texts))
        print(report.rendered(), terminator: "")
    }
}
