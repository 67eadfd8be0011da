/// A small, fast, seedable random number generator (SplitMix64) for the benchmark corpus: the
/// same seed gives the same corpus on every machine and Swift version, which the standard
/// library's `SystemRandomNumberGenerator` cannot promise.
///
/// ```swift
/// var random = SeededRandom(seed: 42, stream: 7)
/// let year = random.int(in: 2015...2024)
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// `stream` separates independent sequences under one seed (one per document), so that
    /// documents can be generated in any order, on any number of threads, with the same bytes.
    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 0x632B_E59B_D9B4_E019) &* 0xBF58_476D_1CE4_E5B9
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (the tiny modulo bias is irrelevant for synthetic text).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index in `0..<n` skewed towards small values, the way a few organisations and
    /// agreements dominate real archives while a long tail is mentioned once or twice.
    public mutating func skewed(below n: Int) -> Int {
        let u = unit()
        return min(n - 1, Int(Double(n) * u * u * u))
    }
}
