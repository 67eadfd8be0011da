import ArgumentParser
import Foundation
import PolicyGraph

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Print the blocks of one document as JSON lines (kind, lang, text).")

    @Argument(help: "The document to segment (.txt, .md, .html, .xml).")
    var file: String

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let document = try DocumentReader().read(fileAt: url, relativePath: url.lastPathComponent)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for block in Segmenter().segment(document) {
            let line = try encoder.encode(GoldBlock(block))
            print(String(decoding: line, as: UTF8.self))
        }
    }
}
