import Testing
@testable import PolicyGraph

@Suite struct InPlaceSortTests {
    @Test(arguments: [0, 1, 2, 3, 16, 17, 18, 100, 1_000, 50_000])
    func testSortsLikeTheStandardSort(count: Int) {
        var numbers = SeededRandom(seed: UInt64(count))  // the benchmark corpus's generator: a failure repeats
        // Keys from a small range repeat; the payload shows every element is kept once.
        let shapes: [[(key: UInt64, payload: Int)]] = [
            (0..<count).map { (numbers.next(), $0) },
            (0..<count).map { (numbers.next() % 7, $0) },
            (0..<count).map { (UInt64($0), $0) },
            (0..<count).map { (UInt64(count - $0), $0) },
            (0..<count).map { (UInt64($0 % 2 == 0 ? $0 : count - $0), $0) },
            (0..<count).map { _ in (5, 0) },
        ]
        for shape in shapes {
            var sorted = shape
            sorted.sortInPlace { $0.key }
            #expect(sorted.map(\.key) == shape.map(\.key).sorted())
            #expect(sorted.map(\.payload).sorted() == shape.map(\.payload).sorted())
        }
    }

    @Test(arguments: [17, 18, 1_000, 20_000])
    func testHeapsortAloneSortsToo(count: Int) {
        // Depth limit 0: what introsort falls back to when partitions stop halving.
        var numbers = SeededRandom(seed: 42)
        for shape in [(0..<count).map { (key: numbers.next() % 1_000, payload: $0) },
                      (0..<count).map { (key: UInt64(count - $0), payload: $0) }] {
            var sorted = shape
            sorted.sortInPlace(depthLimit: 0) { $0.key }
            #expect(sorted.map(\.key) == shape.map(\.key).sorted())
            #expect(Set(sorted.map(\.payload)).count == count)
        }
    }
}
