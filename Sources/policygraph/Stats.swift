import ArgumentParser
import Foundation
import PolicyGraph

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarise a built graph: nodes and edges per type, most-mentioned entities.")

    func run() throws {
        // Lands with issue #5.
        throw ValidationError("`policygraph stats` is not available yet")
    }
}
