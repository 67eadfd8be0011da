import ArgumentParser
import Foundation
import PolicyGraph

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarise a built graph: nodes and edges per type, most-mentioned entities.")

    @Argument(help: "Output folder of a build (holding graph.graphml).")
    var folder: String = "Output"

    @Option(name: .long, help: "How many entities to list per type and how many documents.")
    var top: Int = 10

    func run() throws {
        let file = URL(fileURLWithPath: folder).appendingPathComponent("graph.graphml")
        do {
            print(try GraphStatistics(graphMLAtPath: file.path, top: top).summary(), terminator: "")
        } catch let error as GraphStatistics.LoadError {
            throw ValidationError(error.description)
        }
    }
}
