import Foundation
import Testing
@testable import PolicyGraph

@Suite struct BuildProgressTests {
    @Test func testLineShowsCountRateAndETA() {
        let p = BuildProgress(documentsDone: 12, documentsTotal: 40, bytesDone: 3_100_000, bytesTotal: 10_000_000, elapsed: 1)
        #expect(p.line == "[ 12/40 ] 3.1 MB/s ETA 3s")
        let done = BuildProgress(documentsDone: 40, documentsTotal: 40, bytesDone: 10_000_000, bytesTotal: 10_000_000, elapsed: 2)
        #expect(done.line == "[ 40/40 ] 5.0 MB/s")
        let start = BuildProgress(documentsDone: 0, documentsTotal: 7, bytesDone: 0, bytesTotal: 100, elapsed: 0)
        #expect(start.line == "[ 0/7 ] 0.0 MB/s")
        #expect(BuildProgress.duration(125) == "2m05s")
    }

    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func write(_ s: String) { lock.lock(); text += s; lock.unlock() }
        var output: String { lock.lock(); defer { lock.unlock() }; return text }
    }

    @Test func testLiveModeRedrawsOneLineAndClearsItBeforeMessages() {
        let sink = Sink()
        let display = BuildProgressDisplay(mode: .live) { sink.write($0) }
        display.update(BuildProgress(documentsDone: 1, documentsTotal: 2, bytesDone: 1, bytesTotal: 2, elapsed: 1))
        display.message("error: a.txt: file is empty")
        display.update(BuildProgress(documentsDone: 2, documentsTotal: 2, bytesDone: 2, bytesTotal: 2, elapsed: 1))
        display.finish()
        let out = sink.output
        #expect(out.hasPrefix("\r[ 1/2 ]"))
        #expect(!out.contains("\n[ "), "progress must never start a new line in live mode")
        #expect(out.contains("\rerror: a.txt: file is empty\n\r[ 2/2 ]"))
        #expect(out.hasSuffix("\r"))
    }

    @Test func testSilentModePrintsMessagesButNoProgress() {
        let sink = Sink()
        let display = BuildProgressDisplay(mode: .silent) { sink.write($0) }
        display.update(BuildProgress(documentsDone: 2, documentsTotal: 2, bytesDone: 2, bytesTotal: 2, elapsed: 1))
        display.message("error: x")
        display.finish()
        #expect(sink.output == "error: x\n")
    }

    @Test func testPeriodicModePrintsPlainLinesNoMoreOftenThanTheInterval() throws {
        let sink = Sink()
        let display = BuildProgressDisplay(mode: .periodic(interval: 0.05)) { sink.write($0) }
        let p = BuildProgress(documentsDone: 1, documentsTotal: 3, bytesDone: 1, bytesTotal: 3, elapsed: 1)
        display.update(p)   // within the first interval: nothing
        #expect(sink.output.isEmpty)
        Thread.sleep(forTimeInterval: 0.06)
        display.update(p)
        display.update(p)   // too soon after the last line
        #expect(sink.output == p.line + "\n")
        #expect(!sink.output.contains("\r"))
    }
}
