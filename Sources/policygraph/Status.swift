import ArgumentParser
import Foundation
import PolicyGraph

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List what changed in FOLDER since the last build, without building.")

    func run() throws {
        // Lands with issue #6.
        throw ValidationError("`policygraph status` is not available yet")
    }
}
