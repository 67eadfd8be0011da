import Foundation

/// Lists the documents under an input folder in a deterministic order.
///
/// ```swift
/// let scan = try FolderScanner().scan(URL(fileURLWithPath: "Corpus"))
/// print(scan.documents.map(\.relativePath), scan.skipped)
/// ```
public struct FolderScanner: Sendable {
    public struct Entry: Sendable, Hashable {
        public var url: URL
        /// Path relative to the scanned folder, `/`-separated.
        public var relativePath: String
        public var size: Int
        /// Modification time, seconds since 1970 (the store's fast change check).
        public var modified: Double
    }

    public struct Result: Sendable {
        /// Ingestible files, sorted by relative path (byte order).
        public var documents: [Entry]
        /// Files passed over, with the reason (unsupported extension, …).
        public var skipped: [(path: String, reason: String)]
    }

    public init() {}

    public func scan(_ root: URL) throws -> Result {
        let fm = FileManager.default
        var docs: [Entry] = []
        var skipped: [(String, String)] = []
        let rootPath = root.standardizedFileURL.path
        guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey],
                                         options: [.skipsHiddenFiles]) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey])
            guard values?.isRegularFile == true else { continue }
            var rel = url.standardizedFileURL.path
            if rel.hasPrefix(rootPath + "/") { rel.removeFirst(rootPath.count + 1) }
            if DocumentReader.formats[url.pathExtension.lowercased()] == nil {
                skipped.append((rel, "unsupported file type"))
                continue
            }
            docs.append(Entry(url: url, relativePath: rel, size: values?.fileSize ?? 0,
                              modified: values?.contentModificationDate?.timeIntervalSince1970 ?? 0))
        }
        docs.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        skipped.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return Result(documents: docs, skipped: skipped)
    }
}
