import ArgumentParser
import Foundation
import PolicyGraph

struct EvalSegments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Score segments against gold files.")

    func run() throws {
        // Lands with issue #3.
        throw ValidationError("`policygraph eval segments` is not available yet")
    }
}
