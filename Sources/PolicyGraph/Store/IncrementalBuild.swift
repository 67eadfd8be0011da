import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The incremental side of one build: holds the output folder's lock, knows the state the
/// last build left, hands the builder a cached fragment wherever the bytes have not changed,
/// and records new fragments as they are made.
///
/// Order of commits, so that a build killed at any moment loses nothing: fragments go to the
/// database in small transactions while documents are processed; the exports are written
/// atomically; only then is the finished build recorded (and rows of vanished documents
/// dropped). A state that cannot be read is set aside with a warning and the build runs clean.
///
/// ```swift
/// let incremental = try IncrementalBuild(options: options, lexicon: lexicon, documents: scan.documents, logger: logger)
/// let fragment = incremental.fragment(for: entry) { bytes throws(IngestError) in
///     pipeline.process(try reader.decode(bytes, relativePath: entry.relativePath))
/// }
/// ```
public final class IncrementalBuild: @unchecked Sendable {
    /// Rows written per transaction while documents are processed.
    static let batchSize = 64

    public let stateFolder: URL
    public let databaseURL: URL
    let output: URL
    let inputRoot: String
    let lexiconHash: String
    let extractor: String
    let full: Bool
    let writerSettings: [String]
    let logger: Logger
    /// The build's start on the wall clock: bytes hashed in this build were read after it.
    let now: Double

    private let lock: BuildLock
    private var state: StateDatabase?
    private let previous: [StoredDocument]
    private let lastBuild: FinishedBuild?
    private let lastBuildUnfinished: Bool
    public let planner: IncrementalPlanner
    private var preloaded: [String: Data] = [:]
    private var preloadPaths: Set<String> = []

    // Shared between worker threads, under `mutex`.
    private let mutex = NSLock()
    private var pending: [StoredFragment] = []
    private var pendingTouched: [StoredDocument] = []
    private var observedHashes: [String: Data] = [:]
    private var verifiedUnchanged: Set<String> = []
    private var reusedCount = 0
    private var extractedCount = 0
    private var stateFailed = false

    /// Takes the lock and loads the state. Throws only for the lock; any problem with the state
    /// itself is logged and the build goes on without the cache.
    /// `writerSettings` describes the exporters and their options (`GraphMLWriter(flavor: .yed)`):
    /// with other settings the same fragments give other files, so nothing is kept.
    public init(options: BuildOptions, lexicon: Lexicon, documents: [FolderScanner.Entry], logger: Logger,
                writerSettings: [String] = []) throws {
        self.writerSettings = writerSettings
        output = options.output
        stateFolder = options.output.appendingPathComponent(".policygraph", isDirectory: true)
        databaseURL = stateFolder.appendingPathComponent("state.sqlite")
        let root = options.input.standardizedFileURL.path
        inputRoot = root
        lexiconHash = ContentHash.lexicons(lexicon)
        extractor = ContentHash.extractorFingerprint(lexiconHash: lexiconHash)
        full = options.full
        self.logger = logger
        now = Date().timeIntervalSince1970
        lock = try BuildLock.acquire(stateFolder.appendingPathComponent("lock"), wait: options.waitForLock) { [logger] pid in
            logger.notice("waiting for the build holding \(options.output.path) (pid \(pid.map(String.init) ?? "unknown")) to finish")
        }
        Self.removeStaleTemporaryFiles(in: options.output)

        var loaded: (StateDatabase, [StoredDocument], FinishedBuild?, Bool)?
        do {
            if full {
                // A clean rebuild starts from an empty state. Removing the file is instant, where
                // `DELETE FROM document` writes every freed page first (2.6 s for a 300 MB state).
                // The old documents are still read, for the report's removed and renamed counts.
                let old = Self.documentsClosingState(at: databaseURL)
                StateDatabase.remove(at: databaseURL)
                loaded = (try StateDatabase(url: databaseURL), old, nil, false)
            } else {
                let db = try StateDatabase(url: databaseURL)
                loaded = (db, try db.documents(), try? db.finishedBuild(), try db.buildInProgress())
            }
        } catch {
            logger.warning("build state \(databaseURL.path) cannot be read (\(error)); rebuilding from scratch")
            StateDatabase.remove(at: databaseURL)
            do {
                loaded = (try StateDatabase(url: databaseURL), [], nil, false)
            } catch {
                logger.warning("cannot create build state \(databaseURL.path) (\(error)); building without a cache")
            }
        }
        state = loaded?.0
        previous = loaded?.1 ?? []
        lastBuild = loaded?.2
        lastBuildUnfinished = loaded?.3 ?? false
        let sameInput = loaded?.2.map { $0.inputRoot == root } ?? true
        planner = IncrementalPlanner(stored: full ? [] : previous, extractor: extractor, trustFastCheck: sameInput)
        // Load the fragments the fast check already vouches for in one query; they are decoded
        // in parallel by the workers.
        var wanted: Set<String> = []
        for entry in documents {
            if case .unchanged(let row) = planner.fastCheck(entry) { wanted.insert(row.path) }
        }
        // Loaded by `begin()`, once a real build is sure to run: a build that finds nothing
        // changed must not read every stored fragment.
        preloadPaths = wanted
    }

    /// The documents a state records, read through a connection that is closed on return (it
    /// must be closed before its files are removed, or closing it later could remove the new
    /// database's write-ahead log). Empty when there is no readable state.
    private static func documentsClosingState(at url: URL) -> [StoredDocument] {
        guard let state = try? StateDatabase.existing(at: url) else { return [] }
        return (try? state.documents()) ?? []
    }

    /// Releases the lock. Also happens on deinit and when the process dies.
    public func close() { lock.release() }

    // MARK: Nothing changed

    /// When the folder holds exactly the bytes of the last finished build (same extractor,
    /// lexicons, executable and input folder) and its outputs are still in place untouched,
    /// the graph cannot differ: only the report is rewritten. Returns nil when any of that does
    /// not hold and a real build must run.
    public func reportIfNothingChanged(scan: FolderScanner.Result, report: BuildReport, started: Date,
                                       outputNames: [String], threads: Int) throws -> BuildReport? {
        guard !full, report.failed.isEmpty, let state, !stateFailed, !lastBuildUnfinished, let last = lastBuild,
              last.extractor == extractor, last.inputRoot == inputRoot, last.tool == Self.toolIdentity(),
              last.report.failed.isEmpty, last.outputs.map(\.name) == outputNames, last.writerSettings == writerSettings,
              previous.count == scan.documents.count, previous.allSatisfy({ $0.extractor == extractor }),
              Set(last.report.documentsRead) == Set(scan.documents.map(\.relativePath)) else { return nil }
        for stamp in last.outputs where Self.stamp(output.appendingPathComponent(stamp.name)) != stamp { return nil }
        var suspects: [(FolderScanner.Entry, StoredDocument)] = []
        for entry in scan.documents {
            switch planner.fastCheck(entry) {
            case .unchanged: continue
            case .suspect(let row): suspects.append((entry, row))
            case .new: return nil
            }
        }
        let sameBytes = ConcurrentMap.map(suspects, threads: threads) { entry, row -> Bool in
            guard let data = try? DocumentReader.readBytes(at: entry.url.path, relativePath: entry.relativePath) else { return false }
            return ContentHash.of(data) == row.contentHash
        }
        var touched: [StoredDocument] = []
        for ((entry, row), same) in zip(suspects, sameBytes) {
            guard same else {
                // Remember the ones already verified so the real build does not hash them again.
                mutex.withLock { for ((e, _), s) in zip(suspects, sameBytes) where s { verifiedUnchanged.insert(e.relativePath) } }
                return nil
            }
            var updated = row
            updated.size = entry.size
            updated.modified = entry.modified
            updated.verifiedAt = now
            touched.append(updated)
        }

        // The last report describes exactly these documents; only the run's own facts change.
        let fresh = report
        var report = last.report
        report.input = fresh.input
        report.skipped = fresh.skipped
        report.reused = scan.documents.count
        report.extracted = 0
        report.removed = 0
        report.renamed = 0
        report.seconds = Date().timeIntervalSince(started)
        try state.save([], touched: touched)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let folder = OutputFolder(output)
        try folder.writeAtomically(try encoder.encode(report), to: output.appendingPathComponent("build-report.json"))
        try recordFinished(report: report, outputNames: outputNames, removing: [])
        return report
    }

    // MARK: Per document (called from worker threads)

    /// The fragment for one scanned document: the cached one when its bytes are unchanged
    /// (or equal a vanished document's, for a rename), otherwise `extract` run on the bytes.
    /// New fragments are written to the state in batches.
    public func fragment(for entry: FolderScanner.Entry,
                         extract: (UnsafeRawBufferPointer) throws(IngestError) -> DocumentFragment) -> Result<DocumentFragment, IngestError> {
        encodedFragment(for: entry, extract: extract).map(\.fragment)
    }

    /// `fragment(for:)`, with the fragment's encoding (`FragmentCodec`) as stored or read from
    /// the state; nil only when it could not be encoded.
    func encodedFragment(for entry: FolderScanner.Entry,
                         extract: (UnsafeRawBufferPointer) throws(IngestError) -> DocumentFragment)
        -> Result<(fragment: DocumentFragment, blob: Data?), IngestError> {
        let path = entry.relativePath
        let alreadyVerified = mutex.withLock { verifiedUnchanged.contains(path) }
        switch planner.fastCheck(entry) {
        case .unchanged(let row):
            if let cached = cachedFragment(row, path: path) {
                record(hash: row.contentHash, path: path, reused: true)
                return .success((cached.fragment, cached.blob))
            }
        case .suspect(let row) where alreadyVerified:
            if let cached = cachedFragment(row, path: path) {
                record(hash: row.contentHash, path: path, reused: true, touched: refreshed(row, entry))
                return .success((cached.fragment, cached.blob))
            }
        default:
            break
        }
        // Read as the reader reads, so a failure reads exactly as in a clean build.
        let data: [UInt8]
        do { data = try DocumentReader.readBytes(at: entry.url.path, relativePath: path) } catch { return .failure(error) }
        let hash = ContentHash.of(data)
        if let row = planner.reusableRow(path: path, hash: hash), let cached = cachedFragment(row, path: path) {
            if row.path == path {
                record(hash: hash, path: path, reused: true, touched: refreshed(row, entry))
            } else {
                // Same bytes under another name: store the cached fragment under this path too.
                let document = StoredDocument(path: path, size: entry.size, modified: entry.modified, verifiedAt: now,
                                              contentHash: hash, extractor: extractor, byteCount: cached.fragment.byteCount)
                record(hash: hash, path: path, reused: true, row: StoredFragment(document: document, blob: cached.blob))
            }
            return .success((cached.fragment, cached.blob))
        }
        let fragment: DocumentFragment
        do {
            fragment = try data.withUnsafeBytes { raw in Result { () throws(IngestError) in try extract(raw) } }.get()
        } catch {
            return .failure(error)
        }
        var row: StoredFragment?
        do {
            let document = StoredDocument(path: path, size: entry.size, modified: entry.modified, verifiedAt: now,
                                          contentHash: hash, extractor: extractor, byteCount: fragment.byteCount)
            row = StoredFragment(document: document, blob: try FragmentCodec.encode(fragment))
        } catch {
            logger.warning("\(path): fragment cannot be cached (\(error)); it will be extracted again next time")
        }
        record(hash: hash, path: path, reused: false, row: row)
        return .success((fragment, row?.blob))
    }

    private func refreshed(_ row: StoredDocument, _ entry: FolderScanner.Entry) -> StoredDocument {
        var updated = row
        updated.size = entry.size
        updated.modified = entry.modified
        updated.verifiedAt = now
        return updated
    }

    private func blob(of row: StoredDocument) -> Data? {
        if let blob = preloaded[row.path] { return blob }
        guard let state else { return nil }
        do { return try state.fragmentBlob(path: row.path) } catch {
            stateFailure(error)
            return nil
        }
    }

    private func cachedFragment(_ row: StoredDocument, path: String) -> (fragment: DocumentFragment, blob: Data)? {
        guard row.extractor == extractor, let blob = blob(of: row) else { return nil }
        do { return (try FragmentCodec.decode(blob, path: path), blob) } catch {
            logger.warning("\(row.path): cached fragment cannot be decoded (\(error)); extracting again")
            return nil
        }
    }

    private func record(hash: Data, path: String, reused: Bool, touched: StoredDocument? = nil, row: StoredFragment? = nil) {
        var batch: ([StoredFragment], [StoredDocument])?
        mutex.withLock {
            observedHashes[path] = hash
            if reused { reusedCount += 1 } else { extractedCount += 1 }
            if let touched { pendingTouched.append(touched) }
            if let row { pending.append(row) }
            if pending.count + pendingTouched.count >= Self.batchSize {
                batch = (pending, pendingTouched)
                pending.removeAll(keepingCapacity: true)
                pendingTouched.removeAll(keepingCapacity: true)
            }
        }
        if let batch { save(batch.0, touched: batch.1) }
    }

    private func save(_ rows: [StoredFragment], touched: [StoredDocument]) {
        guard let state, !mutex.withLock({ stateFailed }) else { return }
        do {
            // The first write of a build marks it unfinished until `finish` records it.
            try state.save(rows, touched: touched)
        } catch {
            stateFailure(error)
        }
    }

    private func stateFailure(_ error: any Error) {
        let first = mutex.withLock { () -> Bool in
            defer { stateFailed = true }
            return !stateFailed
        }
        if first {
            logger.warning("build state \(databaseURL.path) failed (\(error)); this build goes on without it and the next one rebuilds cleanly")
        }
    }

    // MARK: After processing

    /// Writes what is still pending and fills the report's incremental counts. Call after
    /// every document went through `fragment(for:extract:)`.
    public func account(_ report: inout BuildReport, documents: [FolderScanner.Entry]) {
        let (rows, touched) = mutex.withLock { () -> ([StoredFragment], [StoredDocument]) in
            defer { pending.removeAll(); pendingTouched.removeAll() }
            return (pending, pendingTouched)
        }
        save(rows, touched: touched)
        let changes = self.changes(documents: documents)
        mutex.withLock {
            report.reused = reusedCount
            report.extracted = extractedCount
        }
        report.removed = changes.removed.count
        report.renamed = changes.renamed.count
    }

    /// How the folder differs from the previous state, by the hashes seen in this build.
    public func changes(documents: [FolderScanner.Entry]) -> ChangeSet {
        let hashes = mutex.withLock { observedHashes }
        return ChangeSet(current: documents.map { ($0.relativePath, hashes[$0.relativePath]) }, previous: previous)
    }

    /// Marks the state as mid-build before anything in the output folder changes.
    /// Also loads, in one query, the fragments the fast check vouched for (decoded later by
    /// the workers).
    public func begin() {
        guard let state, !stateFailed else { return }
        do { try state.beginBuild() } catch { stateFailure(error) }
        if !preloadPaths.isEmpty {
            do { preloaded = try state.fragmentBlobs(paths: preloadPaths) } catch { stateFailure(error) }
        }
    }

    /// The last step, after the outputs are in place: drop rows of documents that left the
    /// folder and record the finished build. A state that failed during the build is removed
    /// so the next build starts clean.
    public func finish(report: BuildReport, outputNames: [String], documents: [FolderScanner.Entry]) {
        let present = Set(documents.map(\.relativePath))
        let gone = previous.map(\.path).filter { !present.contains($0) }
        do { try recordFinished(report: report, outputNames: outputNames, removing: gone) } catch { stateFailure(error) }
        if mutex.withLock({ stateFailed }) { StateDatabase.remove(at: databaseURL) }
    }

    private func recordFinished(report: BuildReport, outputNames: [String], removing: [String]) throws {
        guard let state, !mutex.withLock({ stateFailed }) else { return }
        let stamps = outputNames.compactMap { Self.stamp(output.appendingPathComponent($0)) }
        let record = FinishedBuild(finishedAt: Date().timeIntervalSince1970, extractorVersion: DocumentPipeline.version,
                                   lexiconHash: lexiconHash, extractor: extractor, inputRoot: inputRoot,
                                   tool: Self.toolIdentity(), writerSettings: writerSettings, outputs: stamps, report: report)
        try state.finishBuild(record, removing: removing)
    }

    // MARK: File-system details

    /// Size, modification time and inode of a file; nil when it does not exist.
    static func stamp(_ url: URL) -> OutputStamp? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let nanos = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return OutputStamp(name: url.lastPathComponent, size: Int(info.st_size), modifiedNanoseconds: nanos,
                           inode: UInt64(info.st_ino))
    }

    /// Which executable this is: a rebuilt tool may export other bytes from the same fragments.
    static func toolIdentity() -> String {
        guard let exe = Bundle.main.executableURL?.resolvingSymlinksInPath(), let s = stamp(exe) else { return "unknown" }
        return "\(exe.path)|\(s.size)|\(s.modifiedNanoseconds)"
    }

    /// Temporary files `OutputFolder` leaves when a build is killed between write and rename.
    static func removeStaleTemporaryFiles(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            // Only `.<output name>.<pid>.tmp`, never a user's file that happens to end in .tmp.
            let parts = name.dropLast(4).split(separator: ".")
            guard parts.count >= 2, let pid = parts.last, pid.allSatisfy(\.isNumber) else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
