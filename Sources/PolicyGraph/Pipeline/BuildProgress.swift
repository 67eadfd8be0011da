import Foundation
import Logging

/// How far a build has got: documents and bytes done out of the total, and the time taken so
/// far; `line` renders it the way the terminal shows it.
///
/// ```swift
/// let p = BuildProgress(documentsDone: 12, documentsTotal: 40, bytesDone: 3_100_000, bytesTotal: 10_000_000, elapsed: 1)
/// p.line   // "[ 12/40 ] 3.1 MB/s ETA 3s"
/// ```
public struct BuildProgress: Sendable, Hashable {
    public var documentsDone: Int
    public var documentsTotal: Int
    public var bytesDone: Int
    public var bytesTotal: Int
    /// Seconds since the build started.
    public var elapsed: Double

    public init(documentsDone: Int, documentsTotal: Int, bytesDone: Int, bytesTotal: Int, elapsed: Double) {
        self.documentsDone = documentsDone
        self.documentsTotal = documentsTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.elapsed = elapsed
    }

    public var bytesPerSecond: Double { elapsed > 0 ? Double(bytesDone) / elapsed : 0 }

    /// Seconds left at the rate so far; nil until there is a rate to go by.
    public var secondsRemaining: Double? {
        guard bytesDone > 0, bytesPerSecond > 0 else { return nil }
        return Double(max(0, bytesTotal - bytesDone)) / bytesPerSecond
    }

    public var line: String {
        let width = String(documentsTotal).count
        let done = String(repeating: " ", count: max(0, width - String(documentsDone).count)) + String(documentsDone)
        var s = "[ \(done)/\(documentsTotal) ] " + String(format: "%.1f MB/s", bytesPerSecond / 1_000_000)
        if let eta = secondsRemaining, documentsDone < documentsTotal { s += " ETA \(Self.duration(eta))" }
        return s
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s / 60) % 60))m"
    }
}

/// Counts finished documents from many worker threads and hands out consistent snapshots.
final class BuildProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var state: BuildProgress
    private let started: Date

    init(documentsTotal: Int, bytesTotal: Int, started: Date) {
        self.started = started
        state = BuildProgress(documentsDone: 0, documentsTotal: documentsTotal, bytesDone: 0, bytesTotal: bytesTotal, elapsed: 0)
    }

    func snapshot() -> BuildProgress {
        lock.lock(); defer { lock.unlock() }
        state.elapsed = Date().timeIntervalSince(started)
        return state
    }

    func documentFinished(bytes: Int) -> BuildProgress {
        lock.lock(); defer { lock.unlock() }
        state.documentsDone += 1
        state.bytesDone += bytes
        state.elapsed = Date().timeIntervalSince(started)
        return state
    }
}

/// Shows build progress on standard error and keeps log lines from tangling with it: on a
/// terminal one live line redrawn in place (`\r[ 12/40 ] 3.1 MB/s ETA 4s`), elsewhere (a log
/// file, CI) a plain line every couple of seconds, and nothing at all when silent.
///
/// ```swift
/// let display = BuildProgressDisplay.standardError(quiet: false)
/// let report = try Builder(options: options).run(progress: display.update)
/// display.finish()
/// ```
public final class BuildProgressDisplay: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        /// Redraw one line in place (stderr is a terminal).
        case live
        /// Print a plain line at most every `interval` seconds.
        case periodic(interval: Double)
        /// Print no progress (`--quiet`); messages still appear.
        case silent
    }

    public let mode: Mode
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    /// Starts at creation, so a build shorter than one interval prints no periodic line.
    private var lastDrawn = Date()
    private var lineShown = false
    private var lastLineLength = 0

    public init(mode: Mode, write: @escaping @Sendable (String) -> Void) {
        self.mode = mode
        self.write = write
    }

    /// Live on a terminal, periodic otherwise, silent when `quiet`.
    public static func standardError(quiet: Bool) -> BuildProgressDisplay {
        let mode: Mode = quiet ? .silent : isatty(STDERR_FILENO) == 1 ? .live : .periodic(interval: 2)
        return BuildProgressDisplay(mode: mode) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    public func update(_ progress: BuildProgress) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        let finished = progress.documentsDone == progress.documentsTotal
        switch mode {
        case .silent:
            return
        case .live:
            // The first draw is immediate; then a tenth of a second is smooth enough and keeps the terminal from being flooded.
            guard finished || !lineShown || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
            let line = progress.line
            let padding = String(repeating: " ", count: max(0, lastLineLength - line.count))
            write("\r" + line + padding)
            lastLineLength = line.count
            lineShown = true
        case .periodic(let interval):
            guard now.timeIntervalSince(lastDrawn) >= interval else { return }
            write(progress.line + "\n")
        }
        lastDrawn = now
    }

    /// Prints one line of text (a log message), clearing the live progress line first.
    public func message(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        clearLine()
        write(text + "\n")
    }

    /// Ends the live line so whatever is printed next starts on a fresh line.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        clearLine()
    }

    private func clearLine() {
        guard lineShown else { return }
        write("\r" + String(repeating: " ", count: lastLineLength) + "\r")
        lineShown = false
        lastLineLength = 0
    }
}

/// A swift-log handler printing `error: …` / `warning: …` lines to standard error through a
/// `BuildProgressDisplay`, so a message never lands in the middle of the live progress line.
///
/// ```swift
/// LoggingSystem.bootstrap { _ in ConsoleLogHandler(display: display) }
/// ```
public struct ConsoleLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let display: BuildProgressDisplay

    public init(display: BuildProgressDisplay, level: Logger.Level = .info) {
        self.display = display
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        print(level: event.level, message: event.message)
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        print(level: level, message: message)
    }

    private func print(level: Logger.Level, message: Logger.Message) {
        let prefix: String
        switch level {
        case .critical, .error: prefix = "error: "
        case .warning: prefix = "warning: "
        default: prefix = ""
        }
        display.message(prefix + message.description)
    }
}
