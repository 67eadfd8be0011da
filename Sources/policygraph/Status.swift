import ArgumentParser
import Foundation
import PolicyGraph

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List what changed in FOLDER since the last build, without building.")

    @Argument(help: "Folder of documents to compare with the last build.")
    var folder: String = "Corpus"

    @Option(name: .long, help: "Output folder of the last build (holds .policygraph/state.sqlite).")
    var out: String = "Output"

    @Option(name: .long, help: "Extra lexicon file the next build would use; may repeat.")
    var lexicon: [String] = []

    @Flag(name: .long, help: "Also list unchanged documents.")
    var all = false

    func run() throws {
        let status = try BuildStatus.check(input: URL(fileURLWithPath: folder), output: URL(fileURLWithPath: out),
                                           lexiconFiles: lexicon.map { URL(fileURLWithPath: $0) })
        var lines: [String] = []
        if let pid = status.runningBuild { lines.append("a build (pid \(pid)) is running on \(out) now") }
        if let problem = status.stateProblem {
            lines.append("build state in \(out)/.policygraph cannot be read (\(problem)); the next build rebuilds everything")
        } else if !status.hasState {
            lines.append("no previous build in \(out): every document is new")
        } else if let at = status.lastBuildFinishedAt {
            lines.append("since the last build (\(ISO8601DateFormatter().string(from: at))):")
        }
        if status.lastBuildUnfinished { lines.append("the last build did not finish; the next build completes it") }
        if status.extractorChanged {
            lines.append("the extractor or the lexicons changed: the next build extracts every document again")
        }
        let c = status.changes
        for p in c.added { lines.append("added      \(p)") }
        for p in c.changed { lines.append("changed    \(p)") }
        for r in c.renamed { lines.append("renamed    \(r.from) -> \(r.to)") }
        for p in c.removed { lines.append("removed    \(p)") }
        if all { for p in c.unchanged { lines.append("unchanged  \(p)") } }
        lines.append("\(c.added.count) added, \(c.changed.count) changed, \(c.removed.count) removed, \(c.renamed.count) renamed, \(c.unchanged.count) unchanged")
        print(lines.joined(separator: "\n"))
    }
}
