import ArgumentParser
import Foundation
import PolicyGraph

@main
struct PolicyGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policygraph",
        abstract: "Turn folders of policy documents into a knowledge graph (JSON-LD and GraphML).",
        subcommands: [Build.self, Segment.self, Eval.self, Stats.self, Status.self, BenchCorpus.self, BenchStages.self],
        defaultSubcommand: Build.self
    )

    /// ArgumentParser's own entry point, except that usage errors exit with status 2 (the
    /// convention of POSIX tools, and what the build's exit-status contract promises) instead
    /// of its default 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
