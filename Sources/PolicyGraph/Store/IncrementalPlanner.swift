import Foundation

/// What changed in an input folder since the state was written, by document path.
///
/// ```swift
/// let changes = ChangeSet(current: [("a.txt", hashA), ("b.txt", nil)], previous: state.documents())
/// print(changes.added, changes.renamed)
/// ```
public struct ChangeSet: Sendable, Hashable {
    public struct Rename: Sendable, Hashable {
        public var from: String
        public var to: String
    }
    public var added: [String] = []
    public var changed: [String] = []
    public var removed: [String] = []
    public var renamed: [Rename] = []
    public var unchanged: [String] = []

    public init() {}

    /// Compares the folder's documents (path and content hash, `nil` when unreadable, in scan
    /// order) with the previous state. A new path whose bytes equal a vanished document's is a
    /// rename; each vanished document explains at most one new path (in scan order).
    public init(current: [(path: String, hash: Data?)], previous: [StoredDocument]) {
        var byPath: [String: StoredDocument] = [:]
        for d in previous { byPath[d.path] = d }
        let currentPaths = Set(current.map(\.path))
        var vanishedByHash: [Data: [String]] = [:]
        for d in previous where !currentPaths.contains(d.path) {
            vanishedByHash[d.contentHash, default: []].append(d.path)
        }
        for key in vanishedByHash.keys { vanishedByHash[key]!.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        var renamedFrom: Set<String> = []
        for (path, hash) in current {
            if let old = byPath[path] {
                if hash == old.contentHash { unchanged.append(path) } else { changed.append(path) }
            } else if let hash, var candidates = vanishedByHash[hash], !candidates.isEmpty {
                let from = candidates.removeFirst()
                vanishedByHash[hash] = candidates
                renamedFrom.insert(from)
                renamed.append(Rename(from: from, to: path))
            } else {
                added.append(path)
            }
        }
        removed = previous.map(\.path).filter { !currentPaths.contains($0) && !renamedFrom.contains($0) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty && renamed.isEmpty }
}

/// Decides, for each document of a folder scan, whether the cached state can stand for it
/// without reading it, and which cached fragment (if any) fits bytes that were read.
///
/// The fast check is size and modification time; the content hash is the truth. A file whose
/// modification time lies within `racyWindow` of the moment it was last hashed is always
/// re-hashed: a second edit in the same clock tick would leave size and time unchanged.
///
/// ```swift
/// let planner = IncrementalPlanner(stored: try state.documents(), extractor: fingerprint, now: Date().timeIntervalSince1970)
/// if case .unchanged(let row) = planner.fastCheck(entry) { … reuse row … }
/// ```
public struct IncrementalPlanner: Sendable {
    /// Seconds around a hash during which a modification time is not trusted (covers coarse
    /// file-system clocks; FAT has 2 s).
    public static let racyWindow: Double = 2.5

    public enum FastCheck: Sendable, Hashable {
        /// Size and time match a row hashed long enough after the file's modification.
        case unchanged(StoredDocument)
        /// A row exists but the file must be hashed to know.
        case suspect(StoredDocument)
        /// No row for this path.
        case new
    }

    public let stored: [String: StoredDocument]
    /// Rows whose fragment was made by the current extractor, by content hash.
    public let reusableByHash: [Data: [StoredDocument]]
    public let extractor: String
    /// When false (other input folder, `--full`), every document is hashed.
    public let trustFastCheck: Bool

    public init(stored: [StoredDocument], extractor: String, trustFastCheck: Bool = true) {
        var byPath: [String: StoredDocument] = [:]
        var byHash: [Data: [StoredDocument]] = [:]
        for d in stored {
            byPath[d.path] = d
            if d.extractor == extractor { byHash[d.contentHash, default: []].append(d) }
        }
        for key in byHash.keys { byHash[key]!.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) } }
        self.stored = byPath
        self.reusableByHash = byHash
        self.extractor = extractor
        self.trustFastCheck = trustFastCheck
    }

    public func fastCheck(_ entry: FolderScanner.Entry) -> FastCheck {
        guard let row = stored[entry.relativePath] else { return .new }
        let sameStat = row.size == entry.size && row.modified == entry.modified
        let settled = entry.modified < row.verifiedAt - Self.racyWindow
        return trustFastCheck && sameStat && settled ? .unchanged(row) : .suspect(row)
    }

    /// The row whose cached fragment fits a document at `path` whose bytes hash to `hash`:
    /// its own row when the bytes are unchanged, else any row with the same bytes and the same
    /// format (a rename or copy). Only fragments of the current extractor qualify.
    public func reusableRow(path: String, hash: Data) -> StoredDocument? {
        if let own = stored[path], own.contentHash == hash, own.extractor == extractor { return own }
        let format = Self.format(of: path)
        return reusableByHash[hash]?.first { Self.format(of: $0.path) == format }
    }

    /// The format a path's extension selects: the only part of a path a fragment depends on
    /// besides the path field itself.
    static func format(of path: String) -> DocumentFormat {
        DocumentReader.formats[(path as NSString).pathExtension.lowercased()] ?? .plainText
    }
}
