import Foundation

/// Writes a build's files into the output folder so that an interrupted or failed build leaves
/// the previous outputs intact and a reader never sees a half-written file.
///
/// Each export streams into a hidden temporary file in the same folder, which is flushed to
/// disk (`fsync`); only when every file is written are they renamed into place (rename is
/// atomic within one file system). Any failure before the renames removes the temporary files
/// and leaves every old output untouched.
///
/// The exports are rendered together from one pool of `threads` workers (`ExportScheduler`):
/// the chunks of the first export, then those of the next, so both cores stay busy until the
/// last file is done, and each file is synced on a thread of its own as soon as its last chunk
/// is written, while the other exports are still rendering.
///
/// ```swift
/// try OutputFolder(URL(fileURLWithPath: "Output"))
///     .write(graph: graph, writers: [JSONLDWriter(), GraphMLWriter()], report: report)
/// ```
public struct OutputFolder: Sendable {
    public let url: URL
    public init(_ url: URL) { self.url = url }

    public func write(graph: KnowledgeGraph, writers: [any GraphWriter], report: BuildReport,
                      threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let reportData = try encoder.encode(report)
        let names = writers.map(\.fileName) + ["build-report.json"]
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        removeStaleTemporaries(for: names)
        let files = names.map { name in
            let target = url.appendingPathComponent(name).path
            return (temp: temporaryPath(for: target), target: target)
        }
        do {
            try Self.stream(writers, graph, to: files.prefix(writers.count).map(\.temp), threads: threads)
            try Self.writeDurably(reportData, to: files[writers.count].temp)
        } catch {
            for f in files { unlink(f.temp) }
            throw error
        }
        try renameIntoPlace(files)
    }

    /// Opens every path, streams each writer's export into its file from one pool of workers,
    /// and syncs each file as soon as it is complete. The first error in writer order wins, so
    /// which error is reported does not depend on scheduling.
    private static func stream(_ writers: [any GraphWriter], _ graph: KnowledgeGraph, to paths: [String],
                               threads: Int) throws {
        var descriptors: [Int32] = []
        defer { for fd in descriptors { close(fd) } }
        for path in paths {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
            descriptors.append(fd)
        }
        // Each writer's per-graph preparation (indexes, escaped ids) runs beside the others'.
        let plans = ConcurrentMap.map(Array(writers.indices), threads: threads) { i in
            Result { try writers[i].exportPlan(graph) }
        }
        let syncs = DispatchGroup()
        let syncErrors = SyncErrors(count: paths.count)
        var streams: [ExportStream] = []
        for (i, plan) in plans.enumerated() {
            let stream = ExportStream(plan: try plan.get(), sink: OutputSink(fileDescriptor: descriptors[i], path: paths[i]))
            let (fd, path) = (descriptors[i], paths[i])
            // fsync waits on the disk, not the CPU: a thread of its own, so no worker waits.
            stream.onFinished = { _ in
                DispatchQueue.global().async(group: syncs) {
                    if fsync(fd) != 0 { syncErrors.set(i, OutputError(path: path, reason: String(cString: strerror(errno)))) }
                }
            }
            streams.append(stream)
        }
        let rendered = Result { try ExportScheduler.run(streams, threads: threads) }
        syncs.wait()
        try rendered.get()
        try syncErrors.throwFirst()
    }

    /// fsync failures by file, set from the sync threads.
    private final class SyncErrors: @unchecked Sendable {
        private var errors: [OutputError?]
        private let lock = NSLock()
        init(count: Int) { errors = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ error: OutputError) {
            lock.lock(); defer { lock.unlock() }
            errors[i] = error
        }
        func throwFirst() throws {
            lock.lock(); defer { lock.unlock() }
            if let error = errors.compactMap({ $0 }).first { throw error }
        }
    }

    /// Writes several files as one step: all temporary files first, then all renames.
    public func writeAll(_ files: [(name: String, data: Data)]) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        removeStaleTemporaries(for: files.map(\.name))
        var written: [(temp: String, target: String)] = []
        do {
            for (name, data) in files {
                let target = url.appendingPathComponent(name).path
                let temp = temporaryPath(for: target)
                written.append((temp, target))
                try Self.writeDurably(data, to: temp)
            }
        } catch {
            for w in written { unlink(w.temp) }
            throw error
        }
        try renameIntoPlace(written)
    }

    /// Moves every written temporary file onto its target, then syncs the folder.
    private func renameIntoPlace(_ written: [(temp: String, target: String)]) throws {
        for (i, w) in written.enumerated() where rename(w.temp, w.target) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in written[i...] { unlink(rest.temp) }
            throw OutputError(path: w.target, reason: "cannot move the new file into place: \(reason)")
        }
        // Make the renames themselves durable.
        let dir = open(url.path, O_RDONLY | O_DIRECTORY)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    public func writeAtomically(_ data: Data, to target: URL) throws {
        let temp = temporaryPath(for: target.path)
        do {
            try Self.writeDurably(data, to: temp)
        } catch {
            unlink(temp)
            throw error
        }
        if rename(temp, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw OutputError(path: target.path, reason: "cannot move the new file into place: \(reason)")
        }
    }

    /// Removes temporary files a killed build left behind (`.graph.jsonld.4711.tmp`), for the
    /// files about to be written.
    func removeStaleTemporaries(for names: [String]) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
        for entry in entries {
            for name in names where entry.hasPrefix(".\(name).") && entry.hasSuffix(".tmp") {
                let pid = entry.dropFirst(name.count + 2).dropLast(4)
                if !pid.isEmpty, pid.allSatisfy(\.isASCII), pid.allSatisfy(\.isNumber) { unlink(url.path + "/" + entry) }
            }
        }
    }

    /// Hidden (so a later scan of a folder holding the outputs skips it) and unique per process.
    func temporaryPath(for target: String) -> String {
        let name = (target as NSString).lastPathComponent
        let folder = (target as NSString).deletingLastPathComponent
        return "\(folder)/.\(name).\(ProcessInfo.processInfo.processIdentifier).tmp"
    }

    private static func writeDurably(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try data.withUnsafeBytes { try OutputSink.writeAll($0, to: fd, path: path) }
        // Without fsync a crash right after the rename can leave an empty file in place of the
        // old output on some file systems.
        guard fsync(fd) == 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// An output file could not be written.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}
