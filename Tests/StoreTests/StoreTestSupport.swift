import Foundation
@testable import PolicyGraph

/// A seeded random generator (SplitMix64): a failing randomised test prints its seed and
/// can be replayed exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh folder under the system temp dir, removed when the test is done.
final class ScratchFolder {
    let url: URL
    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("policygraph-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func sub(_ name: String) -> URL { url.appendingPathComponent(name, isDirectory: true) }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Policy-like text in Chinese and English with the things extractors look for (organisations
/// with defined abbreviations, agreements, years, figures), varied by the generator.
enum PolicyText {
    static let organisations = [("世界贸易组织", "WTO"), ("国际货币基金组织", "IMF"), ("亚洲开发银行", "ADB"),
                                ("东南亚国家联盟", "ASEAN"), ("经济合作与发展组织", "OECD")]
    static let englishOrganisations = [("World Trade Organization", "WTO"), ("World Bank", "WB"),
                                       ("International Monetary Fund", "IMF"), ("Asian Development Bank", "ADB")]
    static let agreements = ["《区域全面经济伙伴关系协定》", "《全面与进步跨太平洋伙伴关系协定》", "《巴黎协定》", "the Paris Agreement",
                             "the Trade Facilitation Agreement"]
    static let countries = ["中国", "日本", "韩国", "越南", "新加坡", "Germany", "Brazil", "India"]

    static func paragraph(_ rng: inout SeededGenerator) -> String {
        let year = Int.random(in: 1995...2030, using: &rng)
        let amount = Int.random(in: 1...999, using: &rng)
        let (org, abbr) = organisations.randomElement(using: &rng)!
        let (eorg, eabbr) = englishOrganisations.randomElement(using: &rng)!
        let agreement = agreements.randomElement(using: &rng)!
        let country = countries.randomElement(using: &rng)!
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            return "\(year)年，\(org)（\(abbr)）发布报告指出，\(country)对外贸易总额达到\(amount).\(amount % 10)万亿美元，同比增长\(amount % 30)%。"
        case 1:
            return "In \(year), the \(eorg) (\(eabbr)) reported that \(country) signed \(agreement), with investment of US$\(amount) billion."
        case 2:
            return "\(country)于\(year)年\(amount % 12 + 1)月签署\(agreement)，\(abbr)成员的关税减让涉及约\(amount)亿元人民币。"
        default:
            return "据\(org)统计，\(year)年全球服务贸易规模约为\(amount)亿美元；\(eabbr) estimates growth of \(amount % 9).\(amount % 7) per cent."
        }
    }

    static func document(_ rng: inout SeededGenerator, paragraphs: ClosedRange<Int>) -> String {
        let n = Int.random(in: paragraphs, using: &rng)
        var out = "第\(Int.random(in: 1...9, using: &rng))章 对外开放与区域合作\n\n"
        for _ in 0..<n { out += paragraph(&rng) + "\n\n" }
        return out
    }
}

/// Builds in-process and reads the outputs back for comparison.
enum TestBuild {
    static let graphFiles = ["graph.jsonld", "graph.graphml"]

    @discardableResult
    static func run(input: URL, output: URL, lexicons: [URL] = [], full: Bool = false, threads: Int = 2) throws -> BuildReport {
        var options = BuildOptions(input: input, output: output)
        options.lexiconFiles = lexicons
        options.full = full
        options.threads = threads
        return try Builder(options: options).run()
    }

    /// Every output a clean build defines: the graph files byte for byte, and the report
    /// without the fields that describe the run rather than the input (time, cache counts).
    static func outputs(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in graphFiles { out[name] = try Data(contentsOf: folder.appendingPathComponent(name)) }
        out["build-report.json"] = try normalisedReport(Data(contentsOf: folder.appendingPathComponent("build-report.json")))
        return out
    }

    static func normalisedReport(_ data: Data) throws -> Data {
        var report = try JSONDecoder().decode(BuildReport.self, from: data)
        report.seconds = 0
        report.reused = 0
        report.extracted = 0
        report.removed = 0
        report.renamed = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(report)
    }

    /// Names of the outputs that differ, for a readable failure.
    static func differences(_ a: [String: Data], _ b: [String: Data]) -> [String] {
        Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
    }
}

extension FileManager {
    /// Writes text, creating parent folders.
    func write(_ text: String, to url: URL) throws {
        try createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Relative paths of the regular files under a folder, sorted.
    func files(under root: URL) -> [String] {
        let rootPath = root.standardizedFileURL.path
        var out: [String] = []
        let walker = enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            var rel = url.standardizedFileURL.path
            if rel.hasPrefix(rootPath + "/") { rel.removeFirst(rootPath.count + 1) }
            out.append(rel)
        }
        return out.sorted()
    }
}
