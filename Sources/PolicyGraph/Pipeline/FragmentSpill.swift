import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every document's fragment, encoded, in a temporary file for the length of one build, so
/// that the build holds one fragment per worker rather than all of them.
///
/// Learned names, resolution and the graph each read every fragment once more, one at a time
/// (see `FragmentSource`); the mentions learned names add to a fragment are written beside it
/// once (`source(of:paths:aliasDefinitions:additions:)`), so the graph reads it as resolution
/// left it. Held in memory, the fragments of a 1 GB folder took 6.6 GB; in this file they take about a third of that on
/// disk and nothing in memory but their offsets. The file is unlinked as soon as it is made,
/// so a killed build leaves nothing behind and the disk space comes back when the build ends.
///
/// ```swift
/// let spill = try FragmentSpill(in: stateFolder, slots: documents.count)
/// spill.store(try FragmentCodec.encode(fragment), slot: 3)
/// let back = spill.fragment(slot: 3, path: fragment.path)   // nil after a read error
/// ```
final class FragmentSpill: @unchecked Sendable {
    private let fd: Int32
    /// Where the file was made, for error messages (it has no name once unlinked).
    let folder: String
    private let lock = NSLock()
    private var end = 0
    private var locations: [(offset: Int, length: Int)]
    /// Per slot, once the fragment has been read through a source with `additions`: where the
    /// mentions they gave it are (length 0: none); nil before that first read.
    private var added: [(offset: Int, length: Int)?]
    /// Whether a source with `additions` was ever made: without one, no fragment has any.
    private var additionsGiven = false
    private var firstError: OutputError?

    /// Makes the file in `folder` (the output's state folder: the build needs that disk anyway).
    init(in folder: URL, slots: Int) throws {
        self.folder = folder.path
        let fd = UnlinkedTemporaryFile.open(in: folder, prefix: "fragments")
        guard fd >= 0 else {
            throw OutputError(path: folder.path, reason: "cannot make a temporary file for the build: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        locations = Array(repeating: (0, 0), count: slots)
        added = Array(repeating: nil, count: slots)
    }

    deinit { close(fd) }

    /// Whether a folder of `inputBytes` is better built through a spill: when its fragments
    /// (about seven times the input in memory, measured on the benchmark corpora) would take
    /// more than a quarter of the machine's memory. Smaller folders keep them in memory, which
    /// spares reading every fragment back three times (a sixth more CPU time at 100 MB:
    /// user 41.8 against 35.6 s, medians of three interleaved pairs; see BENCHMARKS.md).
    static func isWorthwhile(inputBytes: Int, physicalMemory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> Bool {
        UInt64(max(0, inputBytes)).multipliedReportingOverflow(by: 7).partialValue > physicalMemory / 4
    }

    /// The first read or write error, if any: reads happen inside parallel stages that cannot
    /// throw, so the build asks here before it writes any output.
    var error: OutputError? { lock.withLock { firstError } }

    /// Writes one encoded fragment (from any thread). Writing a slot again appends the new
    /// blob and reads of the slot find it from then on. A failure is kept in `error`.
    func store(_ blob: Data, slot: Int) {
        guard let location = append(blob) else { return }
        lock.withLock { locations[slot] = location }
    }

    /// Writes `blob` at the end of the file; nil (and `error` set) when it cannot.
    private func append(_ blob: Data) -> (offset: Int, length: Int)? {
        let offset = lock.withLock { () -> Int in
            defer { end += blob.count }
            return end
        }
        let written = blob.withUnsafeBytes { raw in
            UnlinkedTemporaryFile.transferAll(count: raw.count) { pwrite(fd, raw.baseAddress! + $0, raw.count - $0, off_t(offset + $0)) }
        }
        guard written else {
            record(fail("cannot write the build's temporary fragments: \(String(cString: strerror(errno)))"))
            return nil
        }
        return (offset, blob.count)
    }

    /// The fragment stored in `slot`, named `path`; nil (and `error` set) when it cannot be read.
    func fragment(slot: Int, path: String) -> DocumentFragment? {
        decoded(slot: slot, path: path) { try FragmentCodec.decode($0, path: path) }
    }

    /// The mentions alone of the fragment stored in `slot` (`FragmentCodec.decodeMentions`);
    /// nil (and `error` set) when it cannot be read.
    func mentions(slot: Int, path: String) -> [Mention]? {
        decoded(slot: slot, path: path) { try FragmentCodec.decodeMentions($0) }
    }

    private func decoded<T>(slot: Int, path: String, _ decode: (Data) throws -> T) -> T? {
        decoded(at: lock.withLock { locations[slot] }, path: path, decode)
    }

    private func decoded<T>(at location: (offset: Int, length: Int), path: String, _ decode: (Data) throws -> T) -> T? {
        var blob = Data(count: location.length)
        let read = blob.withUnsafeMutableBytes { raw in
            UnlinkedTemporaryFile.transferAll(count: raw.count) { pread(fd, raw.baseAddress! + $0, raw.count - $0, off_t(location.offset + $0)) }
        }
        guard read else {
            record(fail("cannot read back the build's temporary fragment of \(path): \(String(cString: strerror(errno)))"))
            return nil
        }
        do { return try decode(blob) } catch {
            record(fail("cannot decode the build's temporary fragment of \(path): \(error)"))
            return nil
        }
    }

    /// The fragments in `slots` as a source (position `p` is slot `slots[p]`, named
    /// `paths[p]`), each with the mentions `additions` gives it merged in (`Resolver.merge`).
    /// `additions` runs the first time a fragment is read; what it gave is written beside the
    /// fragment and merged in again at later reads, so the stages after the first read the
    /// changed fragment without running it again. (Learned names took a search of every block
    /// of every fragment, once for resolution and once more for the graph; writing the whole
    /// changed fragment back, rather than its few new mentions, was a tenth of resolution's
    /// time at 1 GB of text.) Each position must be read by one worker at a time, as the
    /// stages do.
    ///
    /// A fragment that cannot be read back reads as an empty one, with `error` set: the build
    /// asks there before it writes anything.
    ///
    /// Without `additions`, a stage that needs only the mentions (learned names) reads them
    /// without the blocks.
    func source(of slots: [Int], paths: [String], aliasDefinitions: [[AliasDefinition]],
                additions: (@Sendable (DocumentFragment) -> [Mention])? = nil) -> FragmentSource {
        source(of: slots, paths: paths, definitions: AliasDefinitionTable(aliasDefinitions), additions: additions)
    }

    /// `source(of:paths:aliasDefinitions:additions:)` with the definitions already in a table.
    func source(of slots: [Int], paths: [String], definitions: AliasDefinitionTable,
                additions: (@Sendable (DocumentFragment) -> [Mention])? = nil) -> FragmentSource {
        if additions != nil { lock.withLock { additionsGiven = true } }
        let mentionsOnly: (@Sendable (Int) -> [Mention])? = additions != nil ? nil : { @Sendable [self] p in
            self.mentions(slot: slots[p], path: paths[p]) ?? []
        }
        return FragmentSource(paths: paths, definitions: definitions, load: { [self] p in
            guard var f = fragment(slot: slots[p], path: paths[p]) else { return empty(paths[p]) }
            guard let additions else { return f }
            let new: [Mention]
            switch lock.withLock({ added[slots[p]] }) {
            case nil:
                new = additions(f)
                let location = new.isEmpty ? nil : append(FragmentCodec.encode(mentions: new))
                lock.withLock { added[slots[p]] = location ?? (0, 0) }
            case let kept?:
                new = keptAdditions(at: kept, path: paths[p])
            }
            if !new.isEmpty { Resolver.merge(new, into: &f) }
            return f
        }, mentions: mentionsOnly)
    }

    /// The fragments in `slots` as a source with `additions` has left them, once every one of
    /// them has been read through it: the mentions it gave are merged in from where they were
    /// written, and the source holds neither `additions` (the learned names' matcher) nor the
    /// alias definitions (empty here), which only learning names and resolving read. At 1 GB of
    /// text the two took about 220 MB of the heap at the build's peak, in the graph's node
    /// making. Once a source with `additions` was made, a fragment never read through it reads
    /// as an empty one, with `error` set; before, every fragment reads as it was stored.
    func settledSource(of slots: [Int], paths: [String]) -> FragmentSource {
        FragmentSource(paths: paths, definitions: AliasDefinitionTable([]), load: { [self] p in
            guard var f = fragment(slot: slots[p], path: paths[p]) else { return empty(paths[p]) }
            let (given, found) = lock.withLock { (additionsGiven, added[slots[p]]) }
            guard given else { return f }
            guard let kept = found else {
                record(fail("\(paths[p]): the fragment was read for the graph before its learned names were found (an internal error)"))
                return empty(paths[p])
            }
            let new = keptAdditions(at: kept, path: paths[p])
            if !new.isEmpty { Resolver.merge(new, into: &f) }
            return f
        })
    }

    /// The mentions `additions` gave a fragment, read back from `location` (none when its length is 0).
    private func keptAdditions(at location: (offset: Int, length: Int), path: String) -> [Mention] {
        guard location.length > 0 else { return [] }
        return decoded(at: location, path: path) { try FragmentCodec.decodeMentionList($0) } ?? []
    }

    /// What a fragment that cannot be read back reads as.
    private func empty(_ path: String) -> DocumentFragment {
        DocumentFragment(path: path, format: .plainText, encoding: .utf8, byteCount: 0, blocks: [])
    }

    /// Notes a failure the caller found (a fragment that cannot be encoded).
    func noteFailure(_ reason: String) { record(fail(reason)) }

    private func fail(_ reason: String) -> OutputError { OutputError(path: folder, reason: reason) }

    private func record(_ error: OutputError) {
        lock.withLock { if firstError == nil { firstError = error } }
    }
}
