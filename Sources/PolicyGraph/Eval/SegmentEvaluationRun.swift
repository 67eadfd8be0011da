import Foundation

/// Scores the segmenter on a folder of gold block files: every `NAME.blocks.jsonl` with a
/// document `NAME.*` in the text folder, read with `DocumentReader` and cut by `Segmenter`.
/// When a `NAME.entities.json` beside the blocks file names its document (`"text":
/// "gov/notice.gb18030.txt"`) and that path exists under the text folder, it is used instead,
/// so documents in subfolders or with several extensions are found.
///
/// ```swift
/// let results = try SegmentEvaluationRun(goldFolder: gold, textFolder: texts).run()
/// print(SegmentEvaluationRun.table(results))
/// ```
public struct SegmentEvaluationRun: Sendable {
    public var goldFolder: URL
    public var textFolder: URL

    public init(goldFolder: URL, textFolder: URL) {
        self.goldFolder = goldFolder
        self.textFolder = textFolder
    }

    /// Per-document scores, by document name, in name order.
    public func run() throws -> [(name: String, score: SegmentScore)] {
        let fm = FileManager.default
        let goldFiles = ((try? fm.contentsOfDirectory(atPath: goldFolder.path)) ?? [])
            .filter { $0.hasSuffix(".blocks.jsonl") }.sorted()
        let documents = (try? fm.contentsOfDirectory(atPath: textFolder.path)) ?? []
        var results: [(String, SegmentScore)] = []
        for goldFile in goldFiles {
            let name = String(goldFile.dropLast(".blocks.jsonl".count))
            let docName: String
            if let linked = Self.linkedDocument(named: name, in: goldFolder),
               fm.fileExists(atPath: textFolder.appendingPathComponent(linked).path) {
                docName = linked
            } else {
                let candidates = documents.filter {
                    ($0 as NSString).deletingPathExtension == name
                        && DocumentReader.formats[($0 as NSString).pathExtension.lowercased()] != nil
                }.sorted { a, b in a.hasSuffix(".txt") && !b.hasSuffix(".txt") || a < b }
                guard let first = candidates.first else { continue }
                docName = first
            }
            let gold = try SegmentEvaluation.readGold(at: goldFolder.appendingPathComponent(goldFile))
            let document = try DocumentReader().read(fileAt: textFolder.appendingPathComponent(docName), relativePath: docName)
            let predicted = Segmenter().segment(document).map(GoldBlock.init)
            results.append((name, SegmentEvaluation.score(gold: gold, predicted: predicted)))
        }
        return results
    }

    /// The document path the sidecar `NAME.entities.json` gives in its `"text"` field, if any.
    static func linkedDocument(named name: String, in goldFolder: URL) -> String? {
        let sidecar = goldFolder.appendingPathComponent(name + ".entities.json")
        guard let data = try? Data(contentsOf: sidecar),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let text = object["text"] as? String, !text.isEmpty else { return nil }
        return text
    }

    /// A small fixed-width table: one row per document and a micro-averaged total.
    public static func table(_ results: [(name: String, score: SegmentScore)]) -> String {
        func row(_ name: String, _ s: SegmentScore) -> String {
            let cells = [s.precision, s.recall, s.boundaryF1, s.kindAccuracy, s.langAccuracy, s.exactTextRate]
                .map { String(format: "%8.3f", $0) }.joined()
            return name.padding(toLength: 24, withPad: " ", startingAt: 0) + cells
                + String(format: "%8d%8d", s.goldBoundaries, s.predictedBoundaries)
        }
        var lines = ["document".padding(toLength: 24, withPad: " ", startingAt: 0)
            + ["P", "R", "F1", "kind", "lang", "exact", "gold", "pred"].map { $0.leftPadded(8) }.joined()]
        var total = SegmentScore()
        for (name, score) in results {
            lines.append(row(name, score))
            total = total + score
        }
        lines.append(row("overall (micro)", total))
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
