import ArgumentParser
import Foundation
import PolicyGraph

struct EvalEntities: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Score entities against gold files.")

    func run() throws {
        // Lands with issue #4.
        throw ValidationError("`policygraph eval entities` is not available yet")
    }
}
