import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times the stages of one build: at each `lap` it logs, at debug level, the wall, user and
/// system seconds since the last lap and the resident memory now and at its peak so far
/// (`policygraph build --timings` shows them):
///
/// ```text
/// stage resolve: 21.40 s wall, 38.12 s user, 1.03 s system; resident 655 MB, peak 812 MB
/// ```
///
/// A benchmark gives each stage's throughput on a corpus in memory; this says where one real
/// build (spilled or not, cold or incremental) spends its time, which is what a user with a
/// slow build, or a profile of one stage, needs first. Nothing is measured unless debug
/// messages are logged.
struct StageClock {
    private let logger: Logger?
    private var last: Sample?

    init(logger: Logger?) {
        self.logger = logger
        last = logger.map { $0.logLevel <= .debug } == true ? Sample() : nil
    }

    /// Logs the stage that ends now.
    mutating func lap(_ stage: String) {
        guard let logger, let before = last else { return }
        let now = Sample()
        last = now
        func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }
        logger.debug("""
            stage \(stage): \(seconds(now.wall - before.wall)) wall, \(seconds(now.user - before.user)) user, \
            \(seconds(now.system - before.system)) system; resident \(now.residentMB.map { "\($0) MB" } ?? "unknown"), \
            peak \(max(now.peakMB, now.residentMB ?? 0)) MB
            """)
    }

    #if os(Linux)
    /// Glibc imports `RUSAGE_SELF` as an enum case where `getrusage` takes its raw value.
    private static let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    private static let rusageSelf = RUSAGE_SELF
    #endif

    private struct Sample {
        var wall: Double, user: Double, system: Double, peakMB: Int, residentMB: Int?

        init() {
            var t = timespec()
            clock_gettime(CLOCK_MONOTONIC, &t)
            wall = Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
            var usage = rusage()
            getrusage(StageClock.rusageSelf, &usage)
            user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
            #if os(Linux)
            peakMB = usage.ru_maxrss / 1024  // KiB on Linux
            // The second field of statm: resident pages.
            residentMB = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))
                .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }
                .map { $0 * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576 }
            #else
            peakMB = usage.ru_maxrss / 1_048_576  // bytes on Darwin
            residentMB = nil
            #endif
        }
    }
}
