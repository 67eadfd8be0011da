import Foundation
import Testing
@testable import PolicyGraph

/// After any sequence of adds, edits, deletes, renames and touches, an incremental build writes
/// exactly what a clean build of the same folder writes.
@Suite struct EqualToCleanTests {
    enum Edit: CustomStringConvertible {
        case add(String), edit(String), sameSizeEdit(String), delete(String), rename(String, String),
             copy(String, String), touch(String), addEmpty(String), changeLexicon

        var description: String {
            switch self {
            case .add(let p): return "add \(p)"
            case .edit(let p): return "edit \(p)"
            case .sameSizeEdit(let p): return "same-size edit \(p)"
            case .delete(let p): return "delete \(p)"
            case .rename(let a, let b): return "rename \(a) -> \(b)"
            case .copy(let a, let b): return "copy \(a) -> \(b)"
            case .touch(let p): return "touch \(p)"
            case .addEmpty(let p): return "add empty \(p)"
            case .changeLexicon: return "change lexicon"
            }
        }
    }

    @Test func testIncrementalBuildsEqualCleanBuildsAfterRandomEditSequences() throws {
        let seed = ProcessInfo.processInfo.environment["POLICYGRAPH_TEST_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970 * 1000)
        print("EqualToCleanTests seed \(seed) (replay with POLICYGRAPH_TEST_SEED=\(seed))")
        var rng = SeededGenerator(seed: seed)
        let scratch = try ScratchFolder("equal-to-clean")
        let input = scratch.sub("in"), incremental = scratch.sub("out"), lexiconFile = scratch.url.appendingPathComponent("extra.tsv")
        let fm = FileManager.default
        try fm.write("organization\tWorld Bank\tWB|世界银行\tQ7164\n", to: lexiconFile)
        for i in 0..<12 {
            let dir = i % 3 == 0 ? "sub/" : ""
            try fm.write(PolicyText.document(&rng, paragraphs: 2...6), to: input.appendingPathComponent("\(dir)doc\(i).txt"))
        }
        try TestBuild.run(input: input, output: incremental, lexicons: [lexiconFile])

        var counter = 100
        for round in 0..<30 {
            var applied: [Edit] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                counter += 1
                if let edit = try randomEdit(in: input, lexicon: lexiconFile, counter: counter, rng: &rng) { applied.append(edit) }
            }
            let report = try TestBuild.run(input: input, output: incremental, lexicons: [lexiconFile])
            let clean = scratch.sub("clean-\(round)")
            let cleanReport = try TestBuild.run(input: input, output: clean, lexicons: [lexiconFile])
            let diff = TestBuild.differences(try TestBuild.outputs(incremental), try TestBuild.outputs(clean))
            #expect(diff.isEmpty, "seed \(seed), round \(round), edits \(applied): \(diff) differ from a clean build")
            #expect(report.reused + report.extracted == cleanReport.extracted,
                    "seed \(seed), round \(round): every readable document is either reused or extracted")
            try fm.removeItem(at: clean)
        }
    }

    private func randomEdit(in input: URL, lexicon: URL, counter: Int, rng: inout SeededGenerator) throws -> Edit? {
        let fm = FileManager.default
        let files = fm.files(under: input)
        let url = { (p: String) in input.appendingPathComponent(p) }
        let newName = { (rng: inout SeededGenerator) -> String in
            let dir = ["", "sub/", "more/deep/"].randomElement(using: &rng)!
            let ext = ["txt", "txt", "md", "text"].randomElement(using: &rng)!
            return "\(dir)new\(counter).\(ext)"
        }
        guard let victim = files.randomElement(using: &rng) else {
            let name = newName(&rng)
            try fm.write(PolicyText.document(&rng, paragraphs: 1...5), to: url(name))
            return .add(name)
        }
        switch Int.random(in: 0..<20, using: &rng) {
        case 0..<4:
            let name = newName(&rng)
            try fm.write(PolicyText.document(&rng, paragraphs: 1...5), to: url(name))
            return .add(name)
        case 4..<8:
            var text = (try? String(contentsOf: url(victim), encoding: .utf8)) ?? ""
            if Bool.random(using: &rng) { text += PolicyText.paragraph(&rng) + "\n" } else { text = PolicyText.document(&rng, paragraphs: 1...4) }
            try fm.write(text, to: url(victim))
            return .edit(victim)
        case 8..<10:
            // Same size, rewritten at once: only the hash can tell (the mtime tick may not move).
            var bytes = [UInt8](try Data(contentsOf: url(victim)))
            guard let i = bytes.indices.filter({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }).randomElement(using: &rng) else { return nil }
            bytes[i] = bytes[i] == 0x39 ? 0x30 : bytes[i] + 1
            try Data(bytes).write(to: url(victim))
            return .sameSizeEdit(victim)
        case 10..<13:
            try fm.removeItem(at: url(victim))
            return .delete(victim)
        case 13..<16:
            let name = newName(&rng)
            try fm.createDirectory(at: url(name).deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.moveItem(at: url(victim), to: url(name))
            return .rename(victim, name)
        case 16:
            let name = newName(&rng)
            try fm.createDirectory(at: url(name).deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: url(victim), to: url(name))
            return .copy(victim, name)
        case 17:
            try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double.random(in: -1e6...0, using: &rng))],
                                 ofItemAtPath: url(victim).path)
            return .touch(victim)
        case 18:
            let name = "empty\(counter).txt"
            try fm.write("", to: url(name))
            return .addEmpty(name)
        default:
            let entries = ["organization\tWorld Bank\tWB|世界银行\tQ7164\n",
                           "organization\tAsian Development Bank\tADB|亚洲开发银行|亚行\tQ188638\n",
                           "country\tViet Nam\t越南|Vietnam\tQ881\n"]
            try fm.write(entries.filter { _ in Bool.random(using: &rng) }.joined(), to: lexicon)
            return .changeLexicon
        }
    }
}
