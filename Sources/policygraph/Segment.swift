import ArgumentParser
import Foundation
import PolicyGraph

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Print the blocks of one document as JSON lines (kind, lang, text).")

    func run() throws {
        // Lands with issue #3.
        throw ValidationError("`policygraph segment` is not available yet")
    }
}
