import Foundation
import GRDB
import Testing
@testable import PolicyGraph

@Suite struct IncrementalBuildTests {
    /// A folder of `count` documents written long enough ago that their modification times are
    /// outside the racy window (so the fast check is trusted).
    private func corpus(_ scratch: ScratchFolder, count: Int, seed: UInt64 = 7) throws -> URL {
        var rng = SeededGenerator(seed: seed)
        let input = scratch.sub("in")
        for i in 0..<count {
            let url = input.appendingPathComponent("doc\(i).txt")
            try FileManager.default.write(PolicyText.document(&rng, paragraphs: 2...5), to: url)
            try age(url)
        }
        return input
    }

    private func age(_ url: URL, by seconds: Double = 3600) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -seconds)], ofItemAtPath: url.path)
    }

    private func expectEqualToClean(_ input: URL, _ output: URL, _ scratch: ScratchFolder, lexicons: [URL] = []) throws {
        let clean = scratch.sub("clean-\(UUID().uuidString)")
        try TestBuild.run(input: input, output: clean, lexicons: lexicons)
        #expect(TestBuild.differences(try TestBuild.outputs(output), try TestBuild.outputs(clean)).isEmpty)
    }

    @Test func testUnchangedFolderReusesEveryFragment() throws {
        let scratch = try ScratchFolder("unchanged")
        let input = try corpus(scratch, count: 5)
        let output = scratch.sub("out")
        let first = try TestBuild.run(input: input, output: output)
        #expect(first.extracted == 5 && first.reused == 0)
        let second = try TestBuild.run(input: input, output: output)
        #expect(second.extracted == 0 && second.reused == 5 && second.removed == 0)
        try expectEqualToClean(input, output, scratch)
    }

    @Test func testReportCountsReusedExtractedRemovedAndRenamed() throws {
        let scratch = try ScratchFolder("counts")
        let input = try corpus(scratch, count: 6)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        let fm = FileManager.default
        try fm.moveItem(at: input.appendingPathComponent("doc0.txt"), to: input.appendingPathComponent("moved/doc0-renamed.txt").creatingParent())
        try fm.removeItem(at: input.appendingPathComponent("doc1.txt"))
        try fm.write("2024年，世界贸易组织（WTO）发布新报告。\n", to: input.appendingPathComponent("doc2.txt"))
        try fm.write("In 2021 the World Bank (WB) lent US$3 billion.\n", to: input.appendingPathComponent("added.txt"))
        let report = try TestBuild.run(input: input, output: output)
        #expect(report.renamed == 1)
        #expect(report.removed == 1)
        #expect(report.extracted == 2, "the changed and the added document")
        #expect(report.reused == 4, "three untouched documents and the renamed one")
        try expectEqualToClean(input, output, scratch)
    }

    @Test func testTouchedFileWithSameBytesIsReusedAndItsTimeRefreshed() throws {
        let scratch = try ScratchFolder("touch")
        let input = try corpus(scratch, count: 3)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        try age(input.appendingPathComponent("doc1.txt"), by: 100)
        let report = try TestBuild.run(input: input, output: output)
        #expect(report.extracted == 0 && report.reused == 3)
        let state = try StateDatabase(url: output.appendingPathComponent(".policygraph/state.sqlite"))
        let row = try #require(try state.documents().first { $0.path == "doc1.txt" })
        let entry = try #require(try FolderScanner().scan(input).documents.first { $0.relativePath == "doc1.txt" })
        #expect(row.modified == entry.modified)
        #expect(row.modified < Date().timeIntervalSince1970 - 50, "the row holds the new, older time")
    }

    @Test func testSameSizeEditInsideTheRacyWindowIsCaughtByTheHash() throws {
        let scratch = try ScratchFolder("racy")
        let input = scratch.sub("in")
        let url = input.appendingPathComponent("a.txt")
        try FileManager.default.write("2019年，世界贸易组织（WTO）发布报告。\n", to: url)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        // Same size and, forced here, the same modification time: only the hash differs.
        let before = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as! Date
        try FileManager.default.write("2018年，世界贸易组织（WTO）发布报告。\n", to: url)
        try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: url.path)
        let report = try TestBuild.run(input: input, output: output)
        #expect(report.extracted == 1)
        try expectEqualToClean(input, output, scratch)
    }

    @Test func testPlannerTrustsSizeAndTimeOnlyOutsideTheRacyWindow() {
        let row = StoredDocument(path: "a.txt", size: 10, modified: 1000, verifiedAt: 1001, contentHash: Data([1]),
                                 extractor: "x", byteCount: 10)
        let settled = StoredDocument(path: "b.txt", size: 10, modified: 1000, verifiedAt: 1100, contentHash: Data([2]),
                                     extractor: "x", byteCount: 10)
        let planner = IncrementalPlanner(stored: [row, settled], extractor: "x")
        let entry = { (p: String, size: Int) in
            FolderScanner.Entry(url: URL(fileURLWithPath: "/x/\(p)"), relativePath: p, size: size, modified: 1000)
        }
        #expect(planner.fastCheck(entry("a.txt", 10)) == .suspect(row))
        #expect(planner.fastCheck(entry("b.txt", 10)) == .unchanged(settled))
        #expect(planner.fastCheck(entry("b.txt", 11)) == .suspect(settled))
        #expect(planner.fastCheck(entry("c.txt", 10)) == .new)
        let untrusting = IncrementalPlanner(stored: [settled], extractor: "x", trustFastCheck: false)
        #expect(untrusting.fastCheck(entry("b.txt", 10)) == .suspect(settled))
    }

    @Test func testPlannerReusesAFragmentOnlyForTheSameFormatAndExtractor() {
        let row = StoredDocument(path: "a.txt", size: 10, modified: 1, verifiedAt: 1, contentHash: Data([1]),
                                 extractor: "x", byteCount: 10)
        let stale = StoredDocument(path: "b.txt", size: 10, modified: 1, verifiedAt: 1, contentHash: Data([2]),
                                   extractor: "old", byteCount: 10)
        let planner = IncrementalPlanner(stored: [row, stale], extractor: "x")
        #expect(planner.reusableRow(path: "renamed.text", hash: Data([1])) == row)
        #expect(planner.reusableRow(path: "renamed.html", hash: Data([1])) == nil)
        #expect(planner.reusableRow(path: "b.txt", hash: Data([2])) == nil)
    }

    @Test func testChangeSetRecognisesEachRenameOnceAndCopiesAsAdded() {
        let h1 = Data([1]), h2 = Data([2])
        let previous = [StoredDocument(path: "a.txt", size: 1, modified: 1, verifiedAt: 1, contentHash: h1, extractor: "x", byteCount: 1),
                        StoredDocument(path: "b.txt", size: 1, modified: 1, verifiedAt: 1, contentHash: h2, extractor: "x", byteCount: 1),
                        StoredDocument(path: "c.txt", size: 1, modified: 1, verifiedAt: 1, contentHash: h2, extractor: "x", byteCount: 1)]
        let changes = ChangeSet(current: [("b.txt", Data([9])), ("n1.txt", h1), ("n2.txt", h1), ("n3.txt", h2)], previous: previous)
        #expect(changes.changed == ["b.txt"])
        #expect(changes.renamed == [.init(from: "a.txt", to: "n1.txt"), .init(from: "c.txt", to: "n3.txt")])
        #expect(changes.added == ["n2.txt"])
        #expect(changes.removed.isEmpty)
    }

    @Test func testLexiconChangeReextractsEveryDocument() throws {
        let scratch = try ScratchFolder("lexicon")
        let input = try corpus(scratch, count: 4)
        let output = scratch.sub("out")
        let lexicon = scratch.url.appendingPathComponent("extra.tsv")
        try FileManager.default.write("organization\tWorld Bank\tWB\tQ7164\n", to: lexicon)
        try TestBuild.run(input: input, output: output, lexicons: [lexicon])
        #expect(try TestBuild.run(input: input, output: output, lexicons: [lexicon]).extracted == 0)
        try FileManager.default.write("organization\tWorld Bank\tWB|世界银行\tQ7164\n", to: lexicon)
        #expect(try TestBuild.run(input: input, output: output, lexicons: [lexicon]).extracted == 4)
        #expect(try TestBuild.run(input: input, output: output).extracted == 4, "dropping the file is a change too")
        try expectEqualToClean(input, output, scratch)
    }

    @Test func testFragmentsOfAnotherExtractorVersionAreNotReused() throws {
        let scratch = try ScratchFolder("version")
        let input = try corpus(scratch, count: 3)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        let queue = try DatabaseQueue(path: output.appendingPathComponent(".policygraph/state.sqlite").path)
        try queue.write { try $0.execute(sql: "UPDATE document SET extractor = 'made by 0.0.1'") }
        let report = try TestBuild.run(input: input, output: output)
        #expect(report.extracted == 3 && report.reused == 0)
        try expectEqualToClean(input, output, scratch)
    }

    @Test func testFullRebuildIgnoresTheCacheAndRewritesTheState() throws {
        let scratch = try ScratchFolder("full")
        let input = try corpus(scratch, count: 3)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        let report = try TestBuild.run(input: input, output: output, full: true)
        #expect(report.extracted == 3 && report.reused == 0)
        #expect(try TestBuild.run(input: input, output: output).reused == 3)
        try expectEqualToClean(input, output, scratch)
    }

    @Test func testCorruptStateDatabaseIsSetAsideAndTheBuildRunsClean() throws {
        let scratch = try ScratchFolder("corrupt")
        let input = try corpus(scratch, count: 3)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        let db = output.appendingPathComponent(".policygraph/state.sqlite")
        StateDatabase.remove(at: db)
        try Data(repeating: 0x5A, count: 8192).write(to: db)
        let report = try TestBuild.run(input: input, output: output)
        #expect(report.extracted == 3)
        try expectEqualToClean(input, output, scratch)
        #expect(try TestBuild.run(input: input, output: output).reused == 3, "the rebuilt state serves the next build")
    }

    @Test func testUndecodableCachedFragmentIsExtractedAgain() throws {
        let scratch = try ScratchFolder("bad-blob")
        let input = try corpus(scratch, count: 3)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        try FileManager.default.write("2020年，国际货币基金组织（IMF）预测增长3%。\n", to: input.appendingPathComponent("doc9.txt"))
        let queue = try DatabaseQueue(path: output.appendingPathComponent(".policygraph/state.sqlite").path)
        try queue.write { try $0.execute(sql: "UPDATE document SET fragment = x'00ff' WHERE path = 'doc1.txt'") }
        let report = try TestBuild.run(input: input, output: output)
        #expect(report.extracted == 2 && report.reused == 2)
        try expectEqualToClean(input, output, scratch)
    }

    @Test func testStatusListsChangesWithoutBuilding() throws {
        let scratch = try ScratchFolder("status")
        let input = try corpus(scratch, count: 4)
        let output = scratch.sub("out")
        let none = try BuildStatus.check(input: input, output: output)
        #expect(!none.hasState && none.changes.added.count == 4)
        #expect(!FileManager.default.fileExists(atPath: output.path), "status creates nothing")
        try TestBuild.run(input: input, output: output)
        let fm = FileManager.default
        try fm.moveItem(at: input.appendingPathComponent("doc0.txt"), to: input.appendingPathComponent("zz.txt"))
        try fm.removeItem(at: input.appendingPathComponent("doc1.txt"))
        try fm.write("changed\n", to: input.appendingPathComponent("doc2.txt"))
        try fm.write("new\n", to: input.appendingPathComponent("new.txt"))
        let jsonBefore = try Data(contentsOf: output.appendingPathComponent("graph.jsonld"))
        let status = try BuildStatus.check(input: input, output: output)
        #expect(status.changes.added == ["new.txt"])
        #expect(status.changes.changed == ["doc2.txt"])
        #expect(status.changes.removed == ["doc1.txt"])
        #expect(status.changes.renamed == [.init(from: "doc0.txt", to: "zz.txt")])
        #expect(status.changes.unchanged == ["doc3.txt"])
        #expect(!status.extractorChanged && !status.lastBuildUnfinished)
        #expect(try Data(contentsOf: output.appendingPathComponent("graph.jsonld")) == jsonBefore)
        try TestBuild.run(input: input, output: output)
        #expect(try BuildStatus.check(input: input, output: output).changes.isEmpty)
    }

    @Test func testNoChangeBuildRebuildsTheGraphWhenAnOutputWasEdited() throws {
        let scratch = try ScratchFolder("outputs-edited")
        let input = try corpus(scratch, count: 3)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        let graph = output.appendingPathComponent("graph.jsonld")
        let good = try Data(contentsOf: graph)
        try Data("{}".utf8).write(to: graph)
        try TestBuild.run(input: input, output: output)
        #expect(try Data(contentsOf: graph) == good)
        try FileManager.default.removeItem(at: output.appendingPathComponent("graph.graphml"))
        try TestBuild.run(input: input, output: output)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("graph.graphml").path))
    }

    @Test func testChangingAnExportOptionRewritesTheGraphEvenWithNoDocumentChanged() throws {
        let scratch = try ScratchFolder("writer-options")
        let input = try corpus(scratch, count: 2)
        let output = scratch.sub("out"), clean = scratch.sub("clean")
        try TestBuild.run(input: input, output: output)
        var options = BuildOptions(input: input, output: output)
        options.graphMLFlavor = .yed
        let report = try Builder(options: options).run()
        #expect(report.reused == 2)
        options.output = clean
        try Builder(options: options).run()
        let name = "graph.graphml"
        #expect(try Data(contentsOf: output.appendingPathComponent(name)) == Data(contentsOf: clean.appendingPathComponent(name)))
    }

    @Test func testUnfinishedBuildIsNeverTakenForAFinishedOne() throws {
        let scratch = try ScratchFolder("unfinished")
        let input = try corpus(scratch, count: 3)
        let output = scratch.sub("out")
        try TestBuild.run(input: input, output: output)
        // As if a build had committed a new fragment for doc1 and died before exporting.
        try FileManager.default.write("2022年，亚洲开发银行（ADB）批准贷款5亿美元。\n", to: input.appendingPathComponent("doc1.txt"))
        try age(input.appendingPathComponent("doc1.txt"))
        let state = try StateDatabase(url: output.appendingPathComponent(".policygraph/state.sqlite"))
        try state.beginBuild()
        var options = BuildOptions(input: input, output: output)
        options.threads = 1
        let scan = try FolderScanner().scan(input)
        let incremental = try IncrementalBuild(options: options, lexicon: try .bundled(), documents: scan.documents, logger: .init(label: "test"))
        for entry in scan.documents {
            _ = incremental.fragment(for: entry) { data throws(IngestError) in
                DocumentPipeline(lexicon: try! .bundled()).process(try DocumentReader().decode(data, relativePath: entry.relativePath))
            }
        }
        var report = BuildReport(input: input.path)
        incremental.account(&report, documents: scan.documents)
        incremental.close()
        #expect(try BuildStatus.check(input: input, output: output).lastBuildUnfinished)
        try TestBuild.run(input: input, output: output)
        try expectEqualToClean(input, output, scratch)
    }
}

@Suite struct BuildLockTests {
    @Test func testSecondBuildOnTheSameOutputStopsNamingTheHolderPid() throws {
        let scratch = try ScratchFolder("lock")
        let input = scratch.sub("in"), output = scratch.sub("out")
        try FileManager.default.write("2019年，世界贸易组织（WTO）发布报告。\n", to: input.appendingPathComponent("a.txt"))
        let lock = try BuildLock.acquire(output.appendingPathComponent(".policygraph/lock"), wait: false)
        do {
            try TestBuild.run(input: input, output: output)
            Issue.record("the second build should have stopped")
        } catch let error as BuildLockError {
            guard case .held(_, let pid) = error else { Issue.record("unexpected \(error)"); return }
            #expect(pid == getpid())
            #expect(error.description.contains("pid \(getpid())"))
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("graph.jsonld").path))
        lock.release()
        try TestBuild.run(input: input, output: output)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("graph.jsonld").path))
    }

    @Test func testWaitingBuildRunsOnceTheHolderReleases() throws {
        let scratch = try ScratchFolder("lock-wait")
        let input = scratch.sub("in"), output = scratch.sub("out")
        try FileManager.default.write("2019年，世界贸易组织（WTO）发布报告。\n", to: input.appendingPathComponent("a.txt"))
        let lock = try BuildLock.acquire(output.appendingPathComponent(".policygraph/lock"), wait: false)
        let released = Date().addingTimeInterval(0.5)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { lock.release() }
        var options = BuildOptions(input: input, output: output)
        options.waitForLock = true
        let report = try Builder(options: options).run()
        #expect(Date() >= released)
        #expect(report.extracted == 1)
    }

    @Test func testLockOfAReleasedHolderNamesNobody() throws {
        let scratch = try ScratchFolder("lock-holder")
        let url = scratch.url.appendingPathComponent("lock")
        let lock = try BuildLock.acquire(url, wait: false)
        #expect(BuildLock.holder(of: url) == getpid())
        lock.release()
        #expect(BuildLock.holder(of: url) == nil)
    }
}

extension URL {
    /// Creates the parent folder and returns the URL (for moves into new folders).
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
