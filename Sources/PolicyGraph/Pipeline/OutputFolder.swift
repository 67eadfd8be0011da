import Foundation

/// Writes a build's files into the output folder so that a reader never sees a half-written
/// file: each file is written to a temporary name in the same folder and renamed into place
/// (rename is atomic within one file system).
public struct OutputFolder: Sendable {
    public let url: URL
    public init(_ url: URL) { self.url = url }

    public func write(graph: KnowledgeGraph, writers: [any GraphWriter], report: BuildReport) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Render everything first: a failure here leaves every old output untouched.
        var files: [(String, Data)] = try writers.map { ($0.fileName, try $0.render(graph)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        files.append(("build-report.json", try encoder.encode(report)))
        // Every temporary file first, then the renames back to back: a build killed meanwhile
        // leaves the previous set (the renames are the only window, microseconds long).
        let targets = files.map { url.appendingPathComponent($0.0) }
        for (target, (_, data)) in zip(targets, files) { try data.write(to: temporaryURL(for: target)) }
        for target in targets { try moveIntoPlace(temporaryURL(for: target), target) }
    }

    public func writeAtomically(_ data: Data, to target: URL) throws {
        let temp = temporaryURL(for: target)
        try data.write(to: temp)
        try moveIntoPlace(temp, target)
    }

    /// `.<name>.<pid>.tmp` beside the target (same file system, so rename is atomic).
    func temporaryURL(for target: URL) -> URL {
        target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    }

    private func moveIntoPlace(_ temp: URL, _ target: URL) throws {
        if rename(temp.path, target.path) != 0 {
            let err = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot move \(temp.path) into place: \(err)"])
        }
    }
}
