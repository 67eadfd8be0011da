import Foundation
import Testing
@testable import PolicyGraph

/// Builds over folders that mix good and bad documents, through the library and through the
/// `policygraph` executable, and checks what lands in the output folder.
@Suite struct BuildTests {
    static let goodFiles: [String: [UInt8]] = [
        "plain.txt": Array("世界贸易组织（WTO）于 1995 年成立。\n".utf8),
        "windows.txt": [0xEF, 0xBB, 0xBF] + Array("Japan joined the CPTPP in 2018.\r\nSecond line.\r\n".utf8),
        "gov/notice.txt": TextDecoderTests.gb18030Sample,
        "web/page.html": Array("<html><body><nav>Menu</nav><main><h1>DEPA</h1><p>Singapore, Chile and New Zealand signed DEPA.</p></main></body></html>".utf8),
        "data/notice.xml": Array("<?xml version=\"1.0\"?><notice><title>RCEP</title><para>RCEP entered into force in 2022.</para></notice>".utf8),
    ]
    static let badFiles: [String: [UInt8]] = [
        "empty.txt": [],
        "scan.txt": Array("%PDF-1.4\n".utf8) + [0x00, 0x9C, 0xFF],
        "broken.txt": Array("abc ".utf8) + [0xFF, 0xFE, 0xFD] + Array(" def".utf8),
        "bad.xml": Array("<notice><para>unclosed</notice>".utf8),
    ]

    func makeMixedFolder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for (path, bytes) in Self.goodFiles.merging(Self.badFiles, uniquingKeysWith: { a, _ in a }) {
            try folder.write("in/" + path, bytes)
        }
        try folder.write("in/figure.png", [0x89, 0x50, 0x4E, 0x47])
        return folder
    }

    @Test func testMixedFolderWritesGoodDocumentsAndReportsBadOnes() throws {
        let folder = try makeMixedFolder()
        let out = folder.url.appendingPathComponent("out")
        var options = BuildOptions(input: folder.url.appendingPathComponent("in"), output: out)
        options.threads = 2
        let report = try Builder(options: options).run()

        #expect(report.documentsRead == Self.goodFiles.keys.sorted())
        #expect(report.failed.map(\.path) == Self.badFiles.keys.sorted())
        #expect(report.skipped.map(\.path) == ["figure.png"])

        let jsonld = allStrings(in: try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("graph.jsonld"))))
            .joined(separator: "\n")
        let graphml = try String(contentsOf: out.appendingPathComponent("graph.graphml"), encoding: .utf8)
        for path in Self.goodFiles.keys {
            #expect(jsonld.contains(path), "\(path) missing from graph.jsonld")
            #expect(graphml.contains(path), "\(path) missing from graph.graphml")
        }
        for path in Self.badFiles.keys { #expect(!jsonld.contains(path)) }

        let written = try JSONDecoder().decode(BuildReport.self, from: Data(contentsOf: out.appendingPathComponent("build-report.json")))
        #expect(written.documentsRead == report.documentsRead)
        let reasons = Dictionary(uniqueKeysWithValues: written.failed.map { ($0.path, $0.reason) })
        #expect(reasons["empty.txt"] == "empty.txt: file is empty")
        #expect(reasons["scan.txt"] == "scan.txt: binary content (NUL byte at offset 9), not a text document")
        #expect(reasons["broken.txt"]?.contains("offset 4") == true)
        #expect(reasons["bad.xml"]?.contains("markup could not be parsed") == true)
        #expect(written.skipped.first?.reason == "unsupported file type (.png)")
        #expect(written.bytes == Self.goodFiles.values.reduce(0) { $0 + $1.count })
        #expect(written.seconds > 0)
    }

    @Test func testFileVanishingAfterTheScanIsReportedAndTheBuildGoesOn() throws {
        let folder = try TemporaryFolder()
        try folder.write("in/stays.txt", "WTO")
        let doomed = try folder.write("in/vanishes.txt", "RCEP")
        var options = BuildOptions(input: folder.url.appendingPathComponent("in"), output: folder.url.appendingPathComponent("out"))
        options.threads = 1
        // The first progress call comes after the scan and before any document is read.
        let report = try Builder(options: options).run { progress in
            if progress.documentsDone == 0 { try? FileManager.default.removeItem(at: doomed) }
        }
        #expect(report.documentsRead == ["stays.txt"])
        #expect(report.failed.map(\.path) == ["vanishes.txt"])
        #expect(report.failed.first?.reason.contains("no longer exists") == true)
    }

    @Test func testUnreadableFileIsReportedAndTheBuildGoesOn() throws {
        if permissionsAreIgnored() {
            print("notice: running with permission checks disabled (root?); unreadable-file build test skipped")
            return
        }
        let folder = try TemporaryFolder()
        try folder.write("in/ok.txt", "WTO")
        chmod(try folder.write("in/locked.txt", "x").path, 0)
        let options = BuildOptions(input: folder.url.appendingPathComponent("in"), output: folder.url.appendingPathComponent("out"))
        let report = try Builder(options: options).run()
        #expect(report.documentsRead == ["ok.txt"])
        #expect(report.failed == [.init(path: "locked.txt", reason: "locked.txt: cannot read file: Permission denied")])
    }

    @Test func testProgressCountsEveryDocument() throws {
        let folder = try makeMixedFolder()
        let options = BuildOptions(input: folder.url.appendingPathComponent("in"), output: folder.url.appendingPathComponent("out"))
        let seen = Recorder()
        _ = try Builder(options: options).run { seen.add($0) }
        let all = seen.values
        let total = Self.goodFiles.count + Self.badFiles.count
        #expect(all.count == total + 1)
        #expect(all.map(\.documentsDone).sorted() == Array(0...total))
        #expect(all.allSatisfy { $0.documentsTotal == total })
        #expect(all.map(\.bytesDone).max() == all.first?.bytesTotal)
    }

    // MARK: - The executable

    /// The `policygraph` executable `swift build`/`swift test` left in `.build/debug`.
    static var executable: URL? {
        let url = packageRoot.appendingPathComponent(".build/debug/policygraph")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    func runCLI(_ arguments: [String]) throws -> (status: Int32, stderr: String)? {
        guard let exe = Self.executable else {
            print("notice: .build/debug/policygraph not built; exit-status test skipped")
            return nil
        }
        let process = Process()
        process.executableURL = exe
        process.arguments = arguments
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: err, as: UTF8.self))
    }

    @Test func testCLIExitsOneWhenSomeDocumentsFailAndStillWritesOutputs() throws {
        let folder = try makeMixedFolder()
        let out = folder.path + "/out"
        guard let result = try runCLI(["build", folder.path + "/in", "--out", out]) else { return }
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: scan.txt: binary content"))
        #expect(result.stderr.contains("error: empty.txt: file is empty"))
        for name in ["graph.jsonld", "graph.graphml", "build-report.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name))
        }
    }

    @Test func testCLIExitsZeroWhenEveryDocumentIsRead() throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "WTO")
        guard let result = try runCLI(["build", folder.path + "/in", "--out", folder.path + "/out", "--quiet"]) else { return }
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }

    @Test func testTimingsNameEveryStageOnceInOrderEvenWhenQuiet() throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "2019年，世界贸易组织（WTO）成员的贸易额为18.9万亿美元。")
        for spill in ["--spill", "--no-spill"] {
            guard let result = try runCLI(["build", folder.path + "/in", "--out", folder.path + "/out", "--full", "--quiet",
                                           "--timings", spill]) else { return }
            #expect(result.status == 0)
            let stages = result.stderr.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("stage "), let colon = line.range(of: ": ", options: .backwards) else { return nil }
                #expect(line.contains(" s wall, ") && line.contains(" s user, ") && line.contains(" MB"), "\(line)")
                return String(line[line.index(line.startIndex, offsetBy: 6)..<colon.lowerBound])
            }
            #expect(stages == ["scan", "incremental state", "documents", "learned names", "resolve", "graph: gathering",
                               "graph: entity nodes", "graph: edge drafts", "graph", "exports"], "\(spill)")
        }
        // Without the flag nothing of it shows.
        guard let plain = try runCLI(["build", folder.path + "/in", "--out", folder.path + "/out", "--full", "--quiet"]) else { return }
        #expect(plain.stderr.isEmpty)
    }

    @Test func testCLIExitsTwoOnUsageErrors() throws {
        let folder = try TemporaryFolder()
        guard let missing = try runCLI(["build", folder.path + "/no-such-folder", "--out", folder.path + "/out"]) else { return }
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-folder: input folder does not exist"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))

        guard let badOption = try runCLI(["build", "--no-such-option"]) else { return }
        #expect(badOption.status == 2)
        guard let badThreads = try runCLI(["build", folder.path, "--threads", "0"]) else { return }
        #expect(badThreads.status == 2)
    }
}

/// Every string (keys and values) in a parsed JSON value: the test looks for document paths
/// without depending on the exact shape of the JSON-LD.
func allStrings(in json: Any) -> [String] {
    switch json {
    case let s as String: return [s]
    case let a as [Any]: return a.flatMap(allStrings(in:))
    case let d as [String: Any]: return d.keys.sorted() + d.values.flatMap(allStrings(in:))
    default: return []
    }
}

/// Collects values handed over from several threads.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [BuildProgress] = []
    func add(_ p: BuildProgress) { lock.lock(); stored.append(p); lock.unlock() }
    var values: [BuildProgress] { lock.lock(); defer { lock.unlock() }; return stored }
}

/// Fragments kept in memory or spilled to a temporary file: the same outputs either way.
@Suite struct SpilledBuildTests {
    @Test func testSpilledAndInMemoryBuildsWriteTheSameFiles() throws {
        let folder = try TemporaryFolder()
        var outputs: [[Data]] = []
        for (k, spill) in [true, false].enumerated() {
            let out = folder.url.appendingPathComponent("out\(k)")
            var options = BuildOptions(input: CorpusTests.corpus, output: out)
            options.threads = 2
            options.spillFragments = spill
            let report = try Builder(options: options).run()
            #expect(report.failed.isEmpty)
            #expect(report.nodes > 50)
            outputs.append(try ["graph.jsonld", "graph.graphml"].map { try Data(contentsOf: out.appendingPathComponent($0)) })
            // The spill was unlinked when made: nothing of it is left in the state folder.
            let state = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(".policygraph").path)
            #expect(!state.contains { $0.hasPrefix("fragments.") }, "\(state)")
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test func testOnlyFoldersLargeForTheMachineSpill() {
        let gib: UInt64 = 1 << 30
        #expect(!FragmentSpill.isWorthwhile(inputBytes: 100_000_000, physicalMemory: 16 * gib))
        #expect(FragmentSpill.isWorthwhile(inputBytes: 1_000_000_000, physicalMemory: 16 * gib))
        #expect(FragmentSpill.isWorthwhile(inputBytes: 100_000_000, physicalMemory: gib))
        #expect(!FragmentSpill.isWorthwhile(inputBytes: 0, physicalMemory: gib))
    }
}
