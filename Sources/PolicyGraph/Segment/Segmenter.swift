/// Cuts a document into clean blocks with kind and language.
///
/// ```swift
/// let blocks = Segmenter().segment(document)
/// ```
public struct Segmenter: Sendable {
    public init() {}

    /// Skeleton: one paragraph per blank-line-separated chunk (issue #3 replaces it).
    public func segment(_ document: SourceDocument) -> [Block] {
        if let markup = document.markupBlocks {
            return markup.enumerated().map { i, b in
                Block(index: i, kind: b.kind, lang: .zh, text: b.text, firstLine: i + 1, lastLine: i + 1)
            }
        }
        var blocks: [Block] = []
        var current: [Substring] = []
        var firstLine = 1
        let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false)
        func flush(_ last: Int) {
            let text = current.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            if !text.isEmpty {
                blocks.append(Block(index: blocks.count, kind: .paragraph, lang: .zh, text: text,
                                    firstLine: firstLine, lastLine: last))
            }
            current.removeAll()
        }
        for (i, line) in lines.enumerated() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                flush(i)
                firstLine = i + 2
            } else {
                current.append(line)
            }
        }
        flush(lines.count)
        return blocks
    }
}

import Foundation
