import ArgumentParser
import Foundation
import PolicyGraph

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score PolicyGraph against gold annotations.",
        subcommands: [EvalSegments.self, EvalEntities.self])
}
