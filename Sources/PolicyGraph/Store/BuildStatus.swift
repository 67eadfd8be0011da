import Foundation

/// What changed in an input folder since the last build into an output folder, found
/// without building: the fast check first, the content hash for every suspect.
///
/// ```swift
/// let status = try BuildStatus.check(input: URL(fileURLWithPath: "Corpus"), output: URL(fileURLWithPath: "Output"))
/// print(status.changes.added, status.changes.removed)
/// ```
public struct BuildStatus: Sendable {
    public var changes: ChangeSet
    /// Files the scan passes over (unsupported type), which no build reads.
    public var skipped: [String]
    /// Whether a state database exists (no state: every document counts as added).
    public var hasState: Bool
    /// The state exists but cannot be read; the next build rebuilds cleanly.
    public var stateProblem: String?
    /// The extractor version or the lexicons differ from the last build's: every document will
    /// be extracted again.
    public var extractorChanged: Bool
    /// A build began writing and did not finish (it was killed); the next one completes it.
    public var lastBuildUnfinished: Bool
    public var lastBuildFinishedAt: Date?
    /// Pid of a build running right now on this output folder.
    public var runningBuild: Int32?

    public static func check(input: URL, output: URL, lexiconFiles: [URL] = [],
                             threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> BuildStatus {
        var lexicon = try Lexicon.bundled()
        for file in lexiconFiles { lexicon = lexicon.merging(try Lexicon(contentsOf: file)) }
        let extractor = ContentHash.extractorFingerprint(lexiconHash: ContentHash.lexicons(lexicon))
        let scan = try FolderScanner().scan(input)
        let stateFolder = output.appendingPathComponent(".policygraph", isDirectory: true)
        let databaseURL = stateFolder.appendingPathComponent("state.sqlite")

        var status = BuildStatus(changes: ChangeSet(), skipped: scan.skipped.map(\.path), hasState: false,
                                 stateProblem: nil, extractorChanged: false, lastBuildUnfinished: false,
                                 lastBuildFinishedAt: nil,
                                 runningBuild: BuildLock.holder(of: stateFolder.appendingPathComponent("lock")))
        var previous: [StoredDocument] = []
        var sameInput = true
        do {
            if let state = try StateDatabase.existing(at: databaseURL) {
                status.hasState = true
                previous = try state.documents()
                status.lastBuildUnfinished = try state.buildInProgress()
                if let last = try state.finishedBuild() {
                    status.lastBuildFinishedAt = Date(timeIntervalSince1970: last.finishedAt)
                    status.extractorChanged = last.extractor != extractor
                    sameInput = last.inputRoot == input.standardizedFileURL.path
                }
            }
        } catch {
            status.stateProblem = "\(error)"
            previous = []
        }
        // The planner only judges bytes here, so rows count whatever extractor made them.
        let planner = IncrementalPlanner(stored: previous, extractor: extractor, trustFastCheck: sameInput)
        let hashes = ConcurrentMap.map(scan.documents, threads: threads) { entry -> Data? in
            if case .unchanged(let row) = planner.fastCheck(entry) { return row.contentHash }
            return (try? DocumentReader.readBytes(at: entry.url.path, relativePath: entry.relativePath)).map { ContentHash.of($0) }
        }
        status.changes = ChangeSet(current: zip(scan.documents, hashes).map { ($0.relativePath, $1) }, previous: previous)
        return status
    }
}
