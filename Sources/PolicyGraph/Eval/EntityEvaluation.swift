import Foundation

/// Scores extraction and resolution against gold entity files (`NAME.entities.json`, see
/// `../shared/GUIDELINES.md`): per-type precision, recall and F1 over the distinct surfaces of
/// each document (NFKC-folded, whitespace removed; `doubtful` surfaces left out of both sides),
/// micro-averaged over documents; figure normalisation accuracy on matched figures; and
/// alias-merge pairwise F1 over surfaces both sides found.
///
/// ```swift
/// let report = try EntityEvaluation(lexicon: .bundled()).evaluate(goldDirectory: gold, textDirectory: texts)
/// print(report.rendered())
/// ```
public struct EntityEvaluation: Sendable {
    // MARK: - Gold file

    public struct GoldFile: Decodable, Sendable {
        public var text: String?
        public var entities: [GoldEntity]
        public var doubtful: [Doubtful]?
    }
    public struct GoldEntity: Decodable, Sendable {
        public var type: String
        public var canonical: String?
        public var surfaces: [String]
        public var value: Double?
        public var max: Double?
        public var unit: String?
    }
    public struct Doubtful: Decodable, Sendable {
        public var surface: String
        public var why: String?
    }

    public enum EvaluationError: Error, CustomStringConvertible {
        case unreadable(file: String, reason: String)
        case noDocuments(gold: String, texts: String)
        public var description: String {
            switch self {
            case .unreadable(let f, let r): return "\(f): \(r)"
            case .noDocuments(let g, let t): return "no NAME.txt in \(t) has a NAME.entities.json in \(g)"
            }
        }
    }

    // MARK: - Scores

    public struct Counts: Sendable, Hashable {
        public var truePositives = 0, goldCount = 0, systemCount = 0
        public var precision: Double { systemCount == 0 ? (goldCount == 0 ? 1 : 0) : Double(truePositives) / Double(systemCount) }
        public var recall: Double { goldCount == 0 ? 1 : Double(truePositives) / Double(goldCount) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public struct Report: Sendable {
        public var documents: [String] = []
        public var byType: [EntityType: Counts] = [:]
        public var figuresMatched = 0, figuresCorrect = 0
        public var aliasPairs = Counts()
        /// Per type: (document, normalised surface) missed and spurious.
        public var missed: [EntityType: [(String, String)]] = [:]
        public var spurious: [EntityType: [(String, String)]] = [:]
        public var figureErrors: [String] = []
        /// Surface pairs gold merges that the resolution keeps apart, and the reverse.
        public var aliasPairsMissed: [String] = []
        public var aliasPairsSpurious: [String] = []

        public func rendered() -> String {
            var out = "documents: \(documents.joined(separator: ", "))\n"
            out += "type          gold  sys   tp    P      R      F1\n"
            for t in EntityType.allCases {
                let c = byType[t] ?? Counts()
                out += t.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                out += String(format: "  %4d  %4d  %4d  %.3f  %.3f  %.3f\n", c.goldCount, c.systemCount, c.truePositives, c.precision, c.recall, c.f1)
            }
            let acc = figuresMatched == 0 ? 0 : Double(figuresCorrect) / Double(figuresMatched)
            out += String(format: "figure normalisation: %d/%d = %.3f\n", figuresCorrect, figuresMatched, acc)
            out += String(format: "alias-merge pairs: gold %d  sys %d  tp %d  P %.3f  R %.3f  F1 %.3f\n",
                          aliasPairs.goldCount, aliasPairs.systemCount, aliasPairs.truePositives,
                          aliasPairs.precision, aliasPairs.recall, aliasPairs.f1)
            for t in EntityType.allCases {
                let m = missed[t] ?? [], s = spurious[t] ?? []
                if m.isEmpty && s.isEmpty { continue }
                out += "\n[\(t.rawValue)]\n"
                if !m.isEmpty { out += "  missed:   " + m.map { "\($0.1) (\($0.0))" }.joined(separator: " · ") + "\n" }
                if !s.isEmpty { out += "  spurious: " + s.map { "\($0.1) (\($0.0))" }.joined(separator: " · ") + "\n" }
            }
            if !aliasPairsMissed.isEmpty { out += "\n[alias pairs not merged]\n  " + aliasPairsMissed.joined(separator: " · ") + "\n" }
            if !aliasPairsSpurious.isEmpty { out += "\n[alias pairs wrongly merged]\n  " + aliasPairsSpurious.joined(separator: " · ") + "\n" }
            if !figureErrors.isEmpty { out += "\n[figure normalisation errors]\n  " + figureErrors.joined(separator: "\n  ") + "\n" }
            return out
        }
    }

    public let lexicon: Lexicon
    /// Use the gold `NAME.blocks.jsonl` texts instead of segmenting: measures extraction alone.
    public var useGoldBlocks: Bool

    public init(lexicon: Lexicon, useGoldBlocks: Bool = false) {
        self.lexicon = lexicon
        self.useGoldBlocks = useGoldBlocks
    }

    // MARK: - Running

    public func evaluate(goldDirectory: URL, textDirectory: URL) throws -> Report {
        let fm = FileManager.default
        // Every gold file whose document exists: the path its `"text"` field gives (relative to
        // the text folder, so subfolders and any extension work), else `NAME.txt`.
        var names: [String] = []
        var paths: [String] = []
        var golds: [GoldFile] = []
        let goldNames = ((try? fm.contentsOfDirectory(atPath: goldDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".entities.json") }
            .map { String($0.dropLast(".entities.json".count)) }
            .sorted()
        for name in goldNames {
            let goldURL = goldDirectory.appendingPathComponent("\(name).entities.json")
            let gold: GoldFile
            do { gold = try JSONDecoder().decode(GoldFile.self, from: Data(contentsOf: goldURL)) } catch {
                throw EvaluationError.unreadable(file: goldURL.path, reason: "\(error)")
            }
            let candidates = [gold.text, "\(name).txt"].compactMap { $0 }.filter { !$0.isEmpty }
            guard let path = candidates.first(where: { fm.fileExists(atPath: textDirectory.appendingPathComponent($0).path) })
            else { continue }
            names.append(name)
            paths.append(path)
            golds.append(gold)
        }
        guard !names.isEmpty else { throw EvaluationError.noDocuments(gold: goldDirectory.path, texts: textDirectory.path) }
        let pipeline = DocumentPipeline(lexicon: lexicon)
        var fragments: [DocumentFragment] = []
        for (name, path) in zip(names, paths) {
            let textURL = textDirectory.appendingPathComponent(path)
            if useGoldBlocks {
                let blocks = try Self.goldBlocks(goldDirectory.appendingPathComponent("\(name).blocks.jsonl"))
                let extraction = pipeline.extractor.extract(blocks)
                fragments.append(DocumentFragment(path: path, format: .plainText, encoding: .utf8, byteCount: 0,
                                                  blocks: blocks, mentions: extraction.mentions,
                                                  aliasDefinitions: extraction.aliasDefinitions))
            } else {
                let doc: SourceDocument
                do { doc = try DocumentReader().read(fileAt: textURL, relativePath: path) } catch {
                    throw EvaluationError.unreadable(file: textURL.path, reason: "\(error)")
                }
                fragments.append(pipeline.process(doc))
            }
        }
        let resolver = Resolver(lexicon: lexicon)
        fragments = resolver.applyingLearnedNames(to: fragments)
        let resolution = resolver.resolve(fragments)
        var report = Report()
        report.documents = paths
        for (name, (gold, fragment)) in zip(names, zip(golds, fragments)) {
            score(document: name, gold: gold, fragment: fragment, resolution: resolution, into: &report)
        }
        return report
    }

    static func goldBlocks(_ url: URL) throws -> [Block] {
        struct Line: Decodable { var kind: BlockKind; var lang: BlockLanguage; var text: String }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw EvaluationError.unreadable(file: url.path, reason: "gold blocks needed for --gold-blocks")
        }
        var blocks: [Block] = []
        for (i, raw) in text.split(separator: "\n").enumerated() where !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                let l = try JSONDecoder().decode(Line.self, from: Data(raw.utf8))
                blocks.append(Block(index: blocks.count, kind: l.kind, lang: l.lang, text: l.text, firstLine: i + 1, lastLine: i + 1))
            } catch { throw EvaluationError.unreadable(file: "\(url.path):\(i + 1)", reason: "\(error)") }
        }
        return blocks
    }

    /// Doubtful entries name one or several surfaces: `我国 / 中美 / 中欧`, `BIT (中欧投资协定（BIT）)`.
    static func doubtfulSurfaces(_ items: [Doubtful]) -> Set<String> {
        var out = Set<String>()
        for d in items {
            var s = d.surface
            if let r = s.range(of: " (") { s = String(s[..<r.lowerBound]) }
            for part in s.components(separatedBy: " / ") {
                // `《具体承诺表》` names the title, whose surface is written without the marks.
                let n = fold(part.trimmingCharacters(in: CharacterSet(charactersIn: "《》")))
                if !n.isEmpty { out.insert(n) }
            }
        }
        return out
    }

    /// NFKC, whitespace removed: the comparison form of the guidelines.
    static func fold(_ s: String) -> String { TextNormalization.folded(s) }

    private func score(document: String, gold: GoldFile, fragment: DocumentFragment, resolution: Resolution, into report: inout Report) {
        let doubtful = Self.doubtfulSurfaces(gold.doubtful ?? [])
        var goldSets: [EntityType: Set<String>] = [:]
        var goldEntityOf: [String: Int] = [:]
        var goldFigure: [String: GoldEntity] = [:]
        for (i, e) in gold.entities.enumerated() {
            guard let t = EntityType(rawValue: e.type) else { continue }
            for s in e.surfaces {
                let n = Self.fold(s)
                if doubtful.contains(n) { continue }
                goldSets[t, default: []].insert(n)
                if ExtractionPipeline.isName(t) || t == .event { goldEntityOf[n] = i }
                if t == .figure { goldFigure[n] = e }
            }
        }
        var sysSets: [EntityType: Set<String>] = [:]
        var sysEntities: [String: Set<Int>] = [:]
        var sysFigure: [String: FigureValue] = [:]
        for m in fragment.mentions {
            let n = Self.fold(m.surface)
            if doubtful.contains(n) { continue }
            sysSets[m.type, default: []].insert(n)
            if let idx = resolution.entityIndex(forKey: m.key) { sysEntities[n, default: []].insert(idx) }
            if m.type == .figure, let f = m.figure, sysFigure[n] == nil { sysFigure[n] = f }
        }
        for t in EntityType.allCases {
            let g = goldSets[t] ?? [], s = sysSets[t] ?? []
            var c = report.byType[t] ?? Counts()
            c.goldCount += g.count; c.systemCount += s.count; c.truePositives += g.intersection(s).count
            report.byType[t] = c
            report.missed[t, default: []] += g.subtracting(s).sorted().map { (document, $0) }
            report.spurious[t, default: []] += s.subtracting(g).sorted().map { (document, $0) }
        }
        // Figure normalisation on matched figures.
        for n in (goldSets[.figure] ?? []).intersection(sysSets[.figure] ?? []).sorted() {
            guard let g = goldFigure[n], let s = sysFigure[n] else { continue }
            report.figuresMatched += 1
            func close(_ a: Double?, _ b: Double?) -> Bool {
                switch (a, b) {
                case (nil, nil): return true
                case let (x?, y?): return abs(x - y) <= 1e-6 * max(abs(x), abs(y), 1e-12)
                default: return false
                }
            }
            if close(g.value, s.value) && close(g.max, s.maxValue) && (g.unit ?? "") == s.unit {
                report.figuresCorrect += 1
            } else {
                report.figureErrors.append("\(document): \(n) gold \(g.value.map { "\($0)" } ?? "-")/\(g.max.map { "\($0)" } ?? "-") \(g.unit ?? "-") · got \(s.value)/\(s.maxValue.map { "\($0)" } ?? "-") \(s.unit)")
            }
        }
        // Alias merge: pairs of surfaces, among those both sides found as names.
        let found = goldEntityOf.keys.filter { sysEntities[$0] != nil }.sorted()
        for a in 0..<found.count {
            for b in (a + 1)..<max(a + 1, found.count) {
                let x = found[a], y = found[b]
                let goldSame = goldEntityOf[x] == goldEntityOf[y]
                let sysSame = !sysEntities[x]!.isDisjoint(with: sysEntities[y]!)
                if goldSame { report.aliasPairs.goldCount += 1 }
                if sysSame { report.aliasPairs.systemCount += 1 }
                if goldSame && sysSame { report.aliasPairs.truePositives += 1 }
                if goldSame && !sysSame { report.aliasPairsMissed.append("\(x) = \(y) (\(document))") }
                if sysSame && !goldSame { report.aliasPairsSpurious.append("\(x) = \(y) (\(document))") }
            }
        }
    }
}
