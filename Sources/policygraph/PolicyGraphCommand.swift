import ArgumentParser
import Foundation
import PolicyGraph

@main
struct PolicyGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policygraph",
        abstract: "Turn folders of policy documents into a knowledge graph (JSON-LD and GraphML).",
        subcommands: [Build.self, Segment.self, Eval.self, Stats.self, Status.self, BenchCorpus.self],
        defaultSubcommand: Build.self
    )
}
