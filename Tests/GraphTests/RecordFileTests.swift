import Foundation
import Testing
@testable import PolicyGraph
import PolicyGraphTestSupport

/// A large build keeps its provenance and edge records in mapped temporary files and drops
/// the pages it is done with; the records must read back unchanged and the graph and its
/// exports must be the same.
@Suite struct RecordFileTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func testRecordsReadBackAfterTheirPagesAreDroppedAndTheFileLeavesNothingBehind() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 50_000  // several hundred pages
        let file = try RecordFile(in: dir, byteCount: count * MemoryLayout<Int64>.stride)
        let values = file.base.bindMemory(to: Int64.self, capacity: count)
        for k in 0..<count { values[k] = Int64(k) * 7_919 + 3 }
        file.dropResidentPages()
        #expect((0..<count).allSatisfy { values[$0] == Int64($0) * 7_919 + 3 })
        file.dropResidentPages(from: UnsafeRawPointer(values + 1_000), bytes: 8 * 3_000)
        #expect((0..<count).allSatisfy { values[$0] == Int64($0) * 7_919 + 3 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "unlinked at once")
    }

    @Test func testAFileThatCannotBeMadeNamesTheFolder() {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        #expect { try RecordFile(in: missing, byteCount: 64) } throws: { error in
            (error as? OutputError)?.description.hasPrefix(missing.path) == true
        }
    }

    @Test func testAListWrittenIntoTheFileEqualsOneInMemoryAndMovesToAnArrayWhenItOutgrowsItsRoom() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let provenances = (0..<30).map {
            KnowledgeGraph.Provenance(document: $0 % 2 == 0 ? "a.txt" : "b.txt", block: $0 / 3, start: $0, end: $0 + 2,
                                      blockKind: .paragraph, surface: "S\($0 % 4)", sentence: $0 % 5 == 0 ? "句\($0)。" : "")
        }
        let stride = MemoryLayout<ProvenanceList.Record>.stride
        let file = try RecordFile(in: dir, byteCount: 40 * stride)
        let start = file.base.bindMemory(to: ProvenanceList.Record.self, capacity: 40)
        // The sentences in a text file of their own too, as a build keeps them.
        let texts = TextStore(folder: dir)
        for capacity in [30, 12] {
            var builder = ProvenanceList.Builder(documents: ["a.txt", "b.txt"], store: texts, file: file, start: start,
                                                 capacity: capacity)
            for p in provenances { builder.append(p, document: p.document == "a.txt" ? 0 : 1) }
            file.dropResidentPages()
            texts.dropResidentPages()
            #expect(builder.list == ProvenanceList(provenances), "room for \(capacity)")
            #expect(builder.list.distinctSentences == ProvenanceList(provenances).distinctSentences)
        }
    }

    @Test func testStagedRecordsLandInTheirPlacesWhateverTheOrderTheyCameIn() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 20_000  // dozens of pages
        let file = try RecordFile(in: dir, byteCount: count * MemoryLayout<Int64>.stride)
        let values = file.base.bindMemory(to: Int64.self, capacity: count)
        var staging = RecordStaging<Int64>(file: file)
        // Runs of adjacent places (k, k + 1, k + 2 for every k divisible by 3) given from the
        // end of the file backwards, and each run's records in order, as entities get them.
        for k in stride(from: count - count % 3 - 3, through: 0, by: -3) {
            for j in 0..<3 { staging.add(Int64(k + j) * 31 + 1, at: values + k + j) }
        }
        #expect(!staging.isEmpty)
        staging.flush()
        #expect(staging.isEmpty)
        file.dropResidentPages()
        #expect((0..<(count - count % 3)).allSatisfy { values[$0] == Int64($0) * 31 + 1 })
        #expect((count - count % 3..<count).allSatisfy { values[$0] == 0 }, "places never staged keep their zeros")
        // Lists whose records are staged equal lists written through the mapping, within their
        // room and beyond it (where the records move into an array).
        let provenances = (0..<30).map {
            KnowledgeGraph.Provenance(document: "a.txt", block: $0, start: 0, end: 2, blockKind: .paragraph, surface: "S\($0 % 4)")
        }
        let stride = MemoryLayout<ProvenanceList.Record>.stride
        let listFile = try RecordFile(in: dir, byteCount: 60 * stride)
        let start = listFile.base.bindMemory(to: ProvenanceList.Record.self, capacity: 60)
        var listStaging = RecordStaging<ProvenanceList.Record>(file: listFile)
        for capacity in [30, 12] {
            // Two lists side by side, filled in turns: staged records of both interleave.
            var first = ProvenanceList.Builder(documents: ["a.txt"], file: listFile, start: start, capacity: capacity)
            var second = ProvenanceList.Builder(documents: ["a.txt"], file: listFile, start: start + 30, capacity: capacity)
            for p in provenances {
                first.append(p, document: 0, staging: &listStaging)
                second.append(p, document: 0, staging: &listStaging)
            }
            listStaging.flush()
            listFile.dropResidentPages()
            #expect(first.list == ProvenanceList(provenances), "room for \(capacity)")
            #expect(second.list == ProvenanceList(provenances), "room for \(capacity)")
            #expect(first.list.records.isInRecordFile == (capacity == 30))
        }
    }

    @Test func testABufferScansEveryRecordInSlicesAndStopsWhenAsked() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 300_000  // more than one slice
        let file = try RecordFile(in: dir, byteCount: count * 8)
        var buffer = RecordBuffer<Int64>(file: file, start: file.base.bindMemory(to: Int64.self, capacity: count))
        for k in 0..<count { buffer.append(Int64(k), room: count) }
        #expect(buffer.isInRecordFile && buffer.count == count)
        var seen: [Int64] = [], starts: [Int] = []
        buffer.scan { slice, start in
            starts.append(start)
            seen += slice
            return true
        }
        #expect(seen == (0..<count).map(Int64.init) && starts.count > 1)
        var slices = 0
        buffer.scan { _, _ in slices += 1; return false }
        #expect(slices == 1)
        buffer.append(-1, room: count)
        #expect(!buffer.isInRecordFile && buffer.count == count + 1 && buffer[count] == -1 && buffer[count - 1] == Int64(count - 1))
    }

    @Test func testSortingInPartsGivesTheOneSortedOrder() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (count, partSize) in [(50, 1), (50, 7), (20_000, 1_000), (20_000, 6_000), (20_000, 20_000), (20_000, 40_000)] {
            // Unique keys in a scrambled order (a multiplier coprime with the count).
            let values = (0..<count).map { UInt64(($0 * 7_919) % count) * 3 }
            let input = try RecordFile(in: dir, byteCount: count * 8), output = try RecordFile(in: dir, byteCount: count * 8)
            var buffer = RecordBuffer<UInt64>(file: input, start: input.base.bindMemory(to: UInt64.self, capacity: count))
            for v in values { buffer.append(v, room: count) }
            var sorted = RecordBuffer<UInt64>(file: output, start: output.base.bindMemory(to: UInt64.self, capacity: count))
            buffer.sortInParts(partSize: partSize, into: &sorted) { $0 }
            #expect(Array(sorted) == values.sorted(), "\(count) in parts of \(partSize)")
        }
    }

    @Test func testARepeatedHashIsFoundInAFileReadASliceAtATime() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 300_000  // more than one slice
        // Distinct, well spread hashes (an odd multiplier is a bijection on 64 bits).
        let spread = (1...UInt64(count)).map { $0 &* 0x9E37_79B9_7F4A_7C15 }
        for (list, expected) in [(spread, false), (spread + [spread[count - 5]], true), ([spread[7]] + spread, true)] {
            let file = try RecordFile(in: dir, byteCount: list.count * 8)
            let start = file.base.bindMemory(to: UInt64.self, capacity: list.count)
            for (k, h) in list.enumerated() { start[k] = h }
            let hashes = RecordBuffer(file: file, start: start, count: list.count)
            #expect(GraphMLWriter.hasRepeat(hashes) == expected)
            #expect(GraphMLWriter.hasRepeat(hashes, partitionedFrom: .max) == expected)
        }
    }

    @Test func testTheGraphAndItsExportsAreTheSameWithTheRecordsInFiles() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Agencies and figures over many documents, some under one path so that mentions meet
        // out of order and a list is reordered.
        // Figures with their year and parties to agreements, so that sentences and evidence
        // (kept in a text file beside the records) are part of the graph.
        let fragments = (0..<300).map { d -> DocumentFragment in
            let text = "In \(2000 + d % 11) Agency \(d % 17) and Agency \(d % 23 + 20) reported \(d % 9 + 10) percent."
            let block = Block(index: d % 3, kind: .paragraph, lang: .en, text: text, firstLine: 1, lastLine: 1)
            let signed = Block(index: 3, kind: .paragraph, lang: .zh, text: "中国于 2020 年签署了协定\(d % 5)。", firstLine: 2, lastLine: 2)
            return SmallCorpus.fragment(d % 7 == 0 ? "shared.txt" : "d\(d).txt", [block, signed], [
                SmallCorpus.year(2000 + d % 11, "\(2000 + d % 11)", in: block),
                SmallCorpus.mention(.organization, "Agency \(d % 17)", in: block, key: "organization:agency-\(d % 17)"),
                SmallCorpus.mention(.organization, "Agency \(d % 23 + 20)", in: block, key: "organization:agency-\(d % 23 + 20)"),
                SmallCorpus.figure("\(d % 9 + 10) percent", Double(d % 9 + 10), "%", in: block),
                SmallCorpus.mention(.country, "中国", in: signed, key: SmallCorpus.china),
                SmallCorpus.year(2020, "2020", in: signed),
                SmallCorpus.mention(.agreement, "协定\(d % 5)", in: signed, key: "agreement:accord-\(d % 5)"),
            ])
        }
        let resolver = Resolver(lexicon: Lexicon())
        let inMemory = GraphBuilder().build(fragments, resolution: resolver.resolve(fragments, threads: 1), threads: 1)
        #expect(inMemory.nodes.count > 40)
        #expect(!inMemory.edges(.partyTo).isEmpty && !inMemory.edges(.refersToYear).isEmpty)
        #expect(inMemory.edges(.refersToYear).allSatisfy { !$0.evidence.isEmpty })
        #expect(inMemory.nodes.filter { $0.type == .figure }.allSatisfy { !$0.sentences.isEmpty })
        for threads in [1, 2, 3] {
            var builder = GraphBuilder(recordFolder: dir)
            // The edges are sorted in parts of 7 for 1 thread, in one piece else.
            if threads == 1 { builder.edgesSortedAtOnce = 7 }
            let inFile = builder.build(fragments, resolution: resolver.resolve(fragments, threads: threads), threads: threads)
            #expect(inFile == inMemory, "\(threads) threads")
            // Lists whose mentions met out of order are reordered into arrays; the others stay.
            #expect(inFile.nodes.filter { $0.mentions.records.isInRecordFile }.count >= 10, "the records are in the file")
            #expect(inFile.edges.records.isInRecordFile && !inMemory.edges.records.isInRecordFile)
            #expect(inFile.texts?.isInFile == true && inMemory.texts?.isInFile == false, "the texts are in a file")
            #expect(try JSONLDWriter(threads: threads).render(inFile) == JSONLDWriter(threads: 1).render(inMemory))
            #expect(try GraphMLWriter(threads: threads).render(inFile) == GraphMLWriter(threads: 1).render(inMemory))
        }
        // A folder where no file can be made: the records stay in memory, the graph the same.
        let nowhere = GraphBuilder(recordFolder: dir.appendingPathComponent("missing"))
        let built = nowhere.build(fragments, resolution: resolver.resolve(fragments, threads: 2), threads: 2)
        #expect(built == inMemory)
        #expect(built.texts?.isInFile == false)
    }
}
