import Foundation
import GRDB
import Testing
@testable import PolicyGraph

/// Kills real `policygraph build` processes with SIGKILL at random moments and checks that the
/// outputs are always a complete earlier or complete new set, the state stays a sound
/// database, and the next build gives what a clean build gives.
@Suite(.serialized) struct CrashSafetyTests {
    /// The `policygraph` executable `swift build`/`swift test` put beside the test bundle.
    static func executable() -> URL? {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("policygraph")) }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("policygraph"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/policygraph"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Outcome {
        var status: Int32
        var stderr: String
    }

    /// Starts a build; the caller waits for or kills it.
    static func launch(_ exe: URL, input: URL, output: URL, extra: [String] = []) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = exe
        process.arguments = ["build", input.path, "--out", output.path, "--threads", "2"] + extra
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, errors)
    }

    static func run(_ exe: URL, input: URL, output: URL, extra: [String] = []) throws -> Outcome {
        let (process, errors) = try launch(exe, input: input, output: output, extra: extra)
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stderr: text)
    }

    /// Graph files byte for byte (nil when absent); the report separately, as it must parse.
    static func graphOutputs(_ folder: URL) -> [String: Data?] {
        var out: [String: Data?] = [:]
        for name in TestBuild.graphFiles { out[name] = try? Data(contentsOf: folder.appendingPathComponent(name)) }
        return out
    }

    static func writeCorpus(_ input: URL, documents: Int, rng: inout SeededGenerator) throws {
        for i in 0..<documents {
            try FileManager.default.write(PolicyText.document(&rng, paragraphs: 12...30),
                                          to: input.appendingPathComponent("part\(i % 4)/doc\(i).txt"))
        }
    }

    static func mutate(_ input: URL, round: Int, rng: inout SeededGenerator) throws {
        let fm = FileManager.default
        let files = fm.files(under: input)
        for path in files {
            let url = input.appendingPathComponent(path)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1, 2: try fm.write(PolicyText.document(&rng, paragraphs: 12...30), to: url)
            case 3: try fm.removeItem(at: url)
            case 4: try fm.moveItem(at: url, to: input.appendingPathComponent("moved\(round)-\(url.lastPathComponent)"))
            default: break
            }
        }
        for i in 0..<Int.random(in: 1...20, using: &rng) {
            try fm.write(PolicyText.document(&rng, paragraphs: 12...30), to: input.appendingPathComponent("added\(round)-\(i).txt"))
        }
    }

    @Test func testBuildsKilledAtRandomMomentsLeaveCompleteOutputsAndASoundState() throws {
        guard let exe = Self.executable() else {
            print("CrashSafetyTests: policygraph executable not found beside the tests; run `swift build` first. Skipping.")
            return
        }
        let seed = ProcessInfo.processInfo.environment["POLICYGRAPH_TEST_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970 * 1000)
        print("CrashSafetyTests seed \(seed) (replay with POLICYGRAPH_TEST_SEED=\(seed))")
        var rng = SeededGenerator(seed: seed)
        let scratch = try ScratchFolder("crash")
        let input = scratch.sub("in"), output = scratch.sub("out")
        try Self.writeCorpus(input, documents: 48, rng: &rng)

        let started = Date()
        let first = try Self.run(exe, input: input, output: output)
        try #require(first.status == 0, "first build failed: \(first.stderr)")
        let fullDuration = Date().timeIntervalSince(started)
        print("CrashSafetyTests: an uninterrupted clean build takes \(fullDuration) s")
        var previous = Self.graphOutputs(output)
        var killedMidBuild = 0

        for round in 0..<4 {
            try Self.mutate(input, round: round, rng: &rng)
            let clean = scratch.sub("clean-\(round)")
            let cleanRun = try Self.run(exe, input: input, output: clean)
            try #require(cleanRun.status == 0, "clean build failed: \(cleanRun.stderr)")
            let expected = Self.graphOutputs(clean)
            let expectedReport = try TestBuild.normalisedReport(Data(contentsOf: clean.appendingPathComponent("build-report.json")))

            // Several kills in a row, each at a random moment of a (partly cached) build.
            for attempt in 0..<3 {
                let full = Bool.random(using: &rng)
                let delay = Double.random(in: 0...(fullDuration * 1.1), using: &rng)
                let (process, _) = try Self.launch(exe, input: input, output: output, extra: full ? ["--full"] : [])
                Thread.sleep(forTimeInterval: delay)
                let stillRunning = process.isRunning
                if stillRunning {
                    kill(process.processIdentifier, SIGKILL)
                    killedMidBuild += 1
                }
                process.waitUntilExit()
                let now = Self.graphOutputs(output)
                let context = "seed \(seed), round \(round), kill \(attempt) after \(delay) s (full: \(full), killed: \(stillRunning))"
                #expect(now == previous || now == expected, "\(context): outputs are neither the previous nor the new complete set")
                let report = try? JSONDecoder().decode(BuildReport.self, from: Data(contentsOf: output.appendingPathComponent("build-report.json")))
                #expect(report != nil, "\(context): build-report.json does not parse")
                let queue = try DatabaseQueue(path: output.appendingPathComponent(".policygraph/state.sqlite").path)
                let check = try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
                #expect(check == "ok", "\(context): state database integrity: \(check ?? "nil")")
                try queue.close()
                if now == expected { previous = expected }
            }

            let final = try Self.run(exe, input: input, output: output)
            #expect(final.status == 0, "round \(round): build after the kills failed: \(final.stderr)")
            #expect(Self.graphOutputs(output) == expected, "seed \(seed), round \(round): graph differs from a clean build")
            let report = try TestBuild.normalisedReport(Data(contentsOf: output.appendingPathComponent("build-report.json")))
            #expect(report == expectedReport, "seed \(seed), round \(round): report differs from a clean build's")
            previous = expected
            try FileManager.default.removeItem(at: clean)
        }
        print("CrashSafetyTests: \(killedMidBuild) of 12 builds were killed mid-run")
        #expect(killedMidBuild >= 3, "the kills must land inside running builds to prove anything")
    }

    @Test func testSecondProcessOnTheSameOutputStopsWithTheHolderPid() throws {
        guard let exe = Self.executable() else {
            print("CrashSafetyTests: policygraph executable not found beside the tests; run `swift build` first. Skipping.")
            return
        }
        var rng = SeededGenerator(seed: 42)
        let scratch = try ScratchFolder("lock-process")
        let input = scratch.sub("in"), output = scratch.sub("out")
        try Self.writeCorpus(input, documents: 120, rng: &rng)
        let lockFile = output.appendingPathComponent(".policygraph/lock")
        let (holder, _) = try Self.launch(exe, input: input, output: output)
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) }; holder.waitUntilExit() }
        let deadline = Date().addingTimeInterval(30)
        while BuildLock.holder(of: lockFile) == nil && holder.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        guard holder.isRunning, BuildLock.holder(of: lockFile) == holder.processIdentifier else {
            Issue.record("the first build finished before the second could start; the corpus is too small")
            return
        }
        let second = try Self.run(exe, input: input, output: output)
        #expect(second.status != 0)
        #expect(second.stderr.contains("pid \(holder.processIdentifier)"), "message was: \(second.stderr)")
        // Killing the holder releases the lock; a waiting build then completes.
        let (waiter, waiterErrors) = try Self.launch(exe, input: input, output: output, extra: ["--wait"])
        Thread.sleep(forTimeInterval: 0.2)
        kill(holder.processIdentifier, SIGKILL)
        let text = String(decoding: waiterErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        waiter.waitUntilExit()
        #expect(waiter.terminationStatus == 0, "waiting build failed: \(text)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("graph.jsonld").path))
    }
}
