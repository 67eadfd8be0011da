import Foundation

/// A fresh folder under the system temporary directory, removed when the test is done.
final class TemporaryFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("policygraph-ingest-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // Permissions a test took away would stop the removal.
        if let walker = FileManager.default.enumerator(atPath: url.path) {
            for case let rel as String in walker { chmod(url.path + "/" + rel, 0o755) }
        }
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ relativePath: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> URL {
        try write(relativePath, Array(text.utf8))
    }
}

/// The package root, found from this source file's location (Tests/IngestTests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// True when this process can read files whatever their permissions (root, CAP_DAC_OVERRIDE):
/// then a permission test proves nothing and must be skipped.
func permissionsAreIgnored() -> Bool {
    let probe = FileManager.default.temporaryDirectory.appendingPathComponent("policygraph-perm-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: probe.path, contents: Data("x".utf8))
    defer { try? FileManager.default.removeItem(at: probe) }
    chmod(probe.path, 0)
    let fd = open(probe.path, O_RDONLY)
    if fd >= 0 { close(fd); return true }
    return false
}
