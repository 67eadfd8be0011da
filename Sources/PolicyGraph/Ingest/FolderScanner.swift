import Foundation

/// Lists the documents under an input folder in a deterministic order: recursive, sorted by
/// relative path (byte order), hidden files and folders (names starting with `.`) left out.
/// Symbolic links are followed, but every folder is entered once (tracked by its real path),
/// so a link loop cannot make the scan run forever; two paths to the same file are read once.
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
        /// Folders that could not be listed (permissions), with the reason: failures, not skips.
        public var unreadable: [(path: String, reason: String)] = []
    }

    public init() {}

    public func scan(_ root: URL) throws(IngestError) -> Result {
        let rootPath = root.path
        var info = stat()
        guard stat(rootPath, &info) == 0 else { throw .missingFolder(path: rootPath) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .notAFolder(path: rootPath) }

        var result = Result(documents: [], skipped: [])
        var visitedFolders: Set<String> = []
        var seenFiles: [String: String] = [:]   // real path → relative path that was listed
        if let real = realPath(rootPath) { visitedFolders.insert(real) }

        func walk(_ folder: String, relative: String) {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                result.unreadable.append((relative.isEmpty ? "." : relative, "cannot list folder: \(Self.reason(error))"))
                return
            }
            for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
                let path = folder + "/" + name
                let rel = relative.isEmpty ? name : relative + "/" + name
                var linkInfo = stat()
                guard lstat(path, &linkInfo) == 0 else { continue }   // vanished while listing
                let isLink = (linkInfo.st_mode & S_IFMT) == S_IFLNK
                var target = linkInfo
                if isLink, stat(path, &target) != 0 {
                    result.skipped.append((rel, "broken symbolic link"))
                    continue
                }
                switch target.st_mode & S_IFMT {
                case S_IFDIR:
                    guard let real = realPath(path) else { continue }
                    if !visitedFolders.insert(real).inserted {
                        result.skipped.append((rel, "folder already scanned (symbolic link to \(real))"))
                        continue
                    }
                    walk(path, relative: rel)
                case S_IFREG:
                    let ext = (name as NSString).pathExtension.lowercased()
                    guard DocumentReader.formats[ext] != nil else {
                        result.skipped.append((rel, ext.isEmpty ? "unsupported file type (no extension)" : "unsupported file type (.\(ext))"))
                        continue
                    }
                    if let real = realPath(path) {
                        if let first = seenFiles[real] {
                            result.skipped.append((rel, "same file as \(first)"))
                            continue
                        }
                        seenFiles[real] = rel
                    }
                    let modified = Double(target.st_mtim.tv_sec) + Double(target.st_mtim.tv_nsec) / 1e9
                    result.documents.append(Entry(url: URL(fileURLWithPath: path), relativePath: rel,
                                                  size: Int(target.st_size), modified: modified))
                default:
                    // FIFOs, sockets, devices: reading one could block the build forever.
                    result.skipped.append((rel, "not a regular file"))
                }
            }
        }
        walk(rootPath, relative: "")

        result.documents.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        result.skipped.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        result.unreadable.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return result
    }

    private func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func reason(_ error: Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(posix.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return error.localizedDescription
    }
}
