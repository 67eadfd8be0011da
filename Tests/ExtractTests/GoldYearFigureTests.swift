import Foundation
import Testing
@testable import PolicyGraph

/// Measures the year and figure recognisers against the development gold
/// (`../shared/gold/*.blocks.jsonl` texts, `*.entities.json` answers): per-type precision,
/// recall and F1 over distinct surfaces (NFKC-folded, white space removed, as the guidelines
/// compare), and figure normalisation accuracy (value, max, unit) on matched surfaces.
/// Skips with a notice when the shared folder is absent.
@Suite struct GoldYearFigureTests {
    static let goldDirectory: URL = {
        // POLICYGRAPH_GOLD_DIR points at another folder of NAME.entities.json + NAME.blocks.jsonl,
        // e.g. gold entities beside `policygraph segment` output, to measure on real segmentation.
        if let dir = ProcessInfo.processInfo.environment["POLICYGRAPH_GOLD_DIR"] { return URL(fileURLWithPath: dir) }
        // Tests/ExtractTests/ThisFile.swift → package root → ../shared/gold
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/gold")
    }()

    struct GoldFigure { var value: Double; var max: Double?; var unit: String }

    static func fold(_ s: String) -> String {
        String(String.UnicodeScalarView(s.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    struct Score {
        var tp = 0, fp = 0, fn = 0
        var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
        var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    @Test func yearAndFigureRecognisersMeetTheDevelopmentGoldTargets() throws {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.goldDirectory.path)) ?? []
        let names = files.filter { $0.hasSuffix(".entities.json") }.map { String($0.dropLast(".entities.json".count)) }.sorted()
        guard !names.isEmpty else {
            print("GoldYearFigureTests: \(Self.goldDirectory.path) not found; skipping the gold measurement")
            return
        }
        let years = YearRecognizer(), figures = FigureRecognizer()
        var yearScore = Score(), figureScore = Score()
        var normalisedRight = 0, normalisedTotal = 0
        for name in names {
            let entitiesData = try Data(contentsOf: Self.goldDirectory.appendingPathComponent(name + ".entities.json"))
            let entities = (try JSONSerialization.jsonObject(with: entitiesData) as! [String: Any])["entities"] as! [[String: Any]]
            var goldYears = Set<String>(), goldFigures: [String: GoldFigure] = [:]
            for e in entities {
                let surfaces = (e["surfaces"] as? [String] ?? []).map(Self.fold)
                switch e["type"] as? String {
                case "year": goldYears.formUnion(surfaces)
                case "figure":
                    let g = GoldFigure(value: (e["value"] as! NSNumber).doubleValue, max: (e["max"] as? NSNumber)?.doubleValue,
                                       unit: e["unit"] as! String)
                    for s in surfaces { goldFigures[s] = g }
                default: break
                }
            }
            let lines = try String(contentsOf: Self.goldDirectory.appendingPathComponent(name + ".blocks.jsonl"), encoding: .utf8)
                .split(separator: "\n")
            var foundYears = Set<String>(), foundFigures: [String: Mention] = [:]
            for (i, line) in lines.enumerated() {
                let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                let kind = BlockKind(rawValue: obj["kind"] as! String) ?? .paragraph
                guard kind != .furniture else { continue }
                let block = Block(index: i, kind: kind, lang: BlockLanguage(rawValue: obj["lang"] as! String) ?? .zh,
                                  text: obj["text"] as! String, firstLine: i + 1, lastLine: i + 1)
                for m in years.mentions(in: block) { foundYears.insert(Self.fold(m.surface)) }
                for m in figures.mentions(in: block) { foundFigures[Self.fold(m.surface)] = m }
            }
            yearScore.tp += foundYears.intersection(goldYears).count
            yearScore.fp += foundYears.subtracting(goldYears).count
            yearScore.fn += goldYears.subtracting(foundYears).count
            let found = Set(foundFigures.keys), gold = Set(goldFigures.keys)
            figureScore.tp += found.intersection(gold).count
            figureScore.fp += found.subtracting(gold).count
            figureScore.fn += gold.subtracting(found).count
            for s in found.intersection(gold) {
                let g = goldFigures[s]!, f = foundFigures[s]!.figure!
                normalisedTotal += 1
                let close = { (a: Double, b: Double) in abs(a - b) <= 1e-9 * max(1, abs(b)) }
                var maxAgrees = f.maxValue == nil && g.max == nil
                if let fm = f.maxValue, let gm = g.max { maxAgrees = close(fm, gm) }
                if close(f.value, g.value) && f.unit == g.unit && maxAgrees {
                    normalisedRight += 1
                } else {
                    let foundText = "\(f.value) \(String(describing: f.maxValue)) \(f.unit)"
                    let goldText = "\(g.value) \(String(describing: g.max)) \(g.unit)"
                    print("\(name): figure \(s) normalised as \(foundText), gold \(goldText)")
                }
            }
            print("\(name): years missed \(goldYears.subtracting(foundYears).sorted()) spurious \(foundYears.subtracting(goldYears).sorted())")
            print("\(name): figures missed \(gold.subtracting(found).sorted()) spurious \(found.subtracting(gold).sorted())")
        }
        let normalisation = normalisedTotal == 0 ? 1 : Double(normalisedRight) / Double(normalisedTotal)
        print(String(format: "gold years   P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", yearScore.precision, yearScore.recall, yearScore.f1, yearScore.tp, yearScore.fp, yearScore.fn))
        print(String(format: "gold figures P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", figureScore.precision, figureScore.recall, figureScore.f1, figureScore.tp, figureScore.fp, figureScore.fn))
        print(String(format: "gold figure normalisation %.3f (%d/%d)", normalisation, normalisedRight, normalisedTotal))
        #expect(yearScore.f1 >= 0.98)
        #expect(figureScore.f1 >= 0.95)
        #expect(normalisation >= 0.98)
    }
}
