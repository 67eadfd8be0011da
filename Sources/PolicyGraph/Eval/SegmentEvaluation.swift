import Foundation

/// A block as the gold files write it: `{"kind": …, "lang": …, "text": …}`; also what
/// `policygraph segment` prints.
///
/// ```swift
/// let gold = try SegmentEvaluation.readGold(at: url)          // [GoldBlock]
/// let predicted = Segmenter().segment(doc).map(GoldBlock.init)
/// ```
public struct GoldBlock: Sendable, Hashable, Codable {
    public var kind: BlockKind
    public var lang: BlockLanguage
    public var text: String
    public init(kind: BlockKind, lang: BlockLanguage, text: String) {
        self.kind = kind
        self.lang = lang
        self.text = text
    }

    public init(_ block: Block) { self.init(kind: block.kind, lang: block.lang, text: block.text) }
}

/// Errors reading gold block files, naming the file (and line) at fault.
///
/// ```swift
/// do { _ = try SegmentEvaluation.readGold(at: url) } catch { print(error) }  // "gold/a.blocks.jsonl:3: …"
/// ```
public enum SegmentEvaluationError: Error, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case badLine(file: String, line: Int, reason: String)
    public var description: String {
        switch self {
        case .unreadable(let f, let r): return "\(f): cannot read gold blocks: \(r)"
        case .badLine(let f, let l, let r): return "\(f):\(l): not a gold block: \(r)"
        }
    }
}

/// Counts from scoring one document (or, summed with `+`, many): boundary precision, recall
/// and F1, kind and language accuracy, exact-text rate.
///
/// ```swift
/// let total = scores.reduce(SegmentScore(), +)
/// print(total.boundaryF1, total.kindAccuracy, total.langAccuracy)
/// ```
public struct SegmentScore: Sendable, Hashable {
    public var goldBoundaries = 0
    public var predictedBoundaries = 0
    public var matchedBoundaries = 0
    public var kindCorrect = 0
    public var langCorrect = 0
    public var exactText = 0
    public var goldBlocks = 0

    public init() {}

    public var precision: Double { predictedBoundaries == 0 ? 0 : Double(matchedBoundaries) / Double(predictedBoundaries) }
    public var recall: Double { goldBoundaries == 0 ? 0 : Double(matchedBoundaries) / Double(goldBoundaries) }
    public var boundaryF1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    public var kindAccuracy: Double { matchedBoundaries == 0 ? 0 : Double(kindCorrect) / Double(matchedBoundaries) }
    public var langAccuracy: Double { matchedBoundaries == 0 ? 0 : Double(langCorrect) / Double(matchedBoundaries) }
    public var exactTextRate: Double { goldBlocks == 0 ? 0 : Double(exactText) / Double(goldBlocks) }

    /// Micro-average: sums the counts of both scores.
    public static func + (a: SegmentScore, b: SegmentScore) -> SegmentScore {
        var s = SegmentScore()
        s.goldBoundaries = a.goldBoundaries + b.goldBoundaries
        s.predictedBoundaries = a.predictedBoundaries + b.predictedBoundaries
        s.matchedBoundaries = a.matchedBoundaries + b.matchedBoundaries
        s.kindCorrect = a.kindCorrect + b.kindCorrect
        s.langCorrect = a.langCorrect + b.langCorrect
        s.exactText = a.exactText + b.exactText
        s.goldBlocks = a.goldBlocks + b.goldBlocks
        return s
    }
}

/// Scores predicted blocks against gold blocks.
///
/// A boundary is the offset, in the NFKC-folded whitespace-free concatenation of the
/// non-furniture blocks, where a block starts. Predicted text is aligned to gold text first
/// (a character diff), so one differing character does not shift every later boundary.
/// Kind and language are scored over gold blocks whose start a predicted block shares; the
/// exact-text rate counts gold blocks a predicted block reproduces exactly (folded).
///
/// ```swift
/// let score = SegmentEvaluation.score(gold: goldBlocks, predicted: blocks.map(GoldBlock.init))
/// print(score.boundaryF1, score.kindAccuracy)
/// ```
public enum SegmentEvaluation {
    /// Reads a `NAME.blocks.jsonl` gold file.
    public static func readGold(at url: URL) throws(SegmentEvaluationError) -> [GoldBlock] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        var blocks: [GoldBlock] = []
        let decoder = JSONDecoder()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do { blocks.append(try decoder.decode(GoldBlock.self, from: Data(trimmed.utf8))) } catch {
                throw .badLine(file: url.path, line: i + 1, reason: "\(error)")
            }
        }
        return blocks
    }

    public static func score(gold: [GoldBlock], predicted: [GoldBlock]) -> SegmentScore {
        let g = starts(of: gold)
        let p = starts(of: predicted)
        let (toGold, aligned) = alignment(from: p.text, to: g.text)

        // A predicted block starts a boundary only where its own text is in the gold: its first
        // aligned character lies within its first few characters (a list marker or emphasis
        // mark may precede it) and most of its characters align. A block whose text the gold
        // lacks (metadata, a stray footer) is a spurious boundary, never matched.
        var predictedAt: [Int: Int] = [:]     // gold-space offset → predicted block index
        for (n, (offset, blockIndex)) in p.starts.enumerated() {
            let end = n + 1 < p.starts.count ? p.starts[n + 1].0 : p.text.count
            var alignedCount = 0
            var firstAligned: Int? = nil
            for k in offset..<end where aligned[k] {
                alignedCount += 1
                if firstAligned == nil { firstAligned = k }
            }
            guard let first = firstAligned, first - offset <= 3, alignedCount * 2 >= end - offset else { continue }
            let mapped = toGold[first]
            if predictedAt[mapped] == nil { predictedAt[mapped] = blockIndex }
        }
        var score = SegmentScore()
        score.goldBoundaries = g.starts.count
        score.predictedBoundaries = p.starts.count
        score.goldBlocks = g.starts.count
        let predictedFolded = predicted.map { TextNormalization.foldedScalars($0.text) }
        for (offset, goldIndex) in g.starts {
            guard let pi = predictedAt[offset] else { continue }
            score.matchedBoundaries += 1
            if gold[goldIndex].kind == predicted[pi].kind { score.kindCorrect += 1 }
            if gold[goldIndex].lang == predicted[pi].lang { score.langCorrect += 1 }
            if TextNormalization.foldedScalars(gold[goldIndex].text) == predictedFolded[pi] { score.exactText += 1 }
        }
        return score
    }

    /// The folded concatenation of non-furniture blocks and each block's start offset.
    static func starts(of blocks: [GoldBlock]) -> (text: [Unicode.Scalar], starts: [(Int, Int)]) {
        var text: [Unicode.Scalar] = []
        var starts: [(Int, Int)] = []
        for (i, b) in blocks.enumerated() where b.kind != .furniture {
            let folded = TextNormalization.foldedScalars(b.text)
            guard !folded.isEmpty else { continue }
            starts.append((text.count, i))
            text.append(contentsOf: folded)
        }
        return (text, starts)
    }

    /// For every offset of `a` (and one past its end), the offset of `b` it corresponds to
    /// under a shortest edit script (Myers); unmatched characters map to the next matched one.
    /// The second array says which offsets of `a` are matched characters.
    static func alignment(from a: [Unicode.Scalar], to b: [Unicode.Scalar]) -> ([Int], [Bool]) {
        let n = a.count, m = b.count
        if a == b { return (Array(0...n), [Bool](repeating: true, count: n + 1)) }
        let maxD = min(n + m, 3000)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...maxD {
            // Only diagonals -d-1…d+1 matter for the backtrack from step d.
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { found = true; break search }
                k += 2
            }
        }
        var map = [Int](repeating: -1, count: n + 1)
        map[n] = m
        guard found else {
            // Too different to align: fall back to proportional positions.
            for i in 0..<n { map[i] = n == 0 ? 0 : i * m / n }
            return (map, [Bool](repeating: true, count: n + 1))
        }
        // Backtrack to collect matched pairs.
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let vd = trace[d]
            let k = x - y
            let prevK: Int
            let base = d + 1
            if k == -d || (k != d && vd[base + k - 1] < vd[base + k + 1]) { prevK = k + 1 } else { prevK = k - 1 }
            let prevX = d == 0 ? 0 : vd[base + prevK]
            let prevY = prevX - prevK
            while x > prevX && y > prevY {
                x -= 1; y -= 1
                map[x] = y
            }
            if d > 0 { x = prevX; y = prevY }
        }
        let matched = map.map { $0 >= 0 }
        // Fill unmatched positions with the next matched gold offset.
        var next = m
        for i in stride(from: n - 1, through: 0, by: -1) {
            if map[i] >= 0 { next = map[i] } else { map[i] = next }
        }
        return (map, matched)
    }
}
