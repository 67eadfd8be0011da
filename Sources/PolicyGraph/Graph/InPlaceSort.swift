extension Array {
    /// Sorts by an integer key without taking any memory: `sort` borrows a scratch buffer of
    /// half the array, which for the 16 million edge records of 1 GB of text was 193 MB on
    /// top of the 386 MB list, at the build's peak.
    ///
    /// Introsort: quicksort on the median of three, heapsort where the partitions stop halving,
    /// insertion sort on short runs. Not stable: elements with equal keys may come out in any
    /// order, so use it where keys are unique (an edge's source, relation and target are).
    ///
    /// ```swift
    /// var records = [(key: 3, name: "c"), (key: 1, name: "a")]
    /// records.sortInPlace { UInt64($0.key) }   // a, c
    /// ```
    ///
    /// `depthLimit`: how many rounds of partitioning before heapsort takes over (tests set 0
    /// to sort by heapsort alone); by default twice the bits of the count.
    mutating func sortInPlace(depthLimit: Int? = nil, byKey key: (Element) -> UInt64) {
        withUnsafeMutableBufferPointer { $0.sortInPlace(depthLimit: depthLimit, byKey: key) }
    }
}

extension UnsafeMutableBufferPointer {
    /// `Array.sortInPlace` for records in place anywhere (a large build's edges are in a file).
    func sortInPlace(depthLimit: Int? = nil, byKey key: (Element) -> UInt64) {
        guard count > 1 else { return }
        let limit = depthLimit ?? 2 * (Int.bitWidth - count.leadingZeroBitCount)
        Self.introsort(self, 0, count, depthLimit: limit, key)
    }

    private static func introsort(_ a: UnsafeMutableBufferPointer<Element>, _ low: Int, _ high: Int, depthLimit: Int,
                                  _ key: (Element) -> UInt64) {
        var low = low, high = high, depth = depthLimit
        while high - low > 16 {
            if depth == 0 {
                heapsort(a, low, high, key)
                return
            }
            depth -= 1
            // The median of the first, middle and last keys goes first and is the pivot.
            let mid = low + (high - low) / 2
            let (x, y, z) = (key(a[low]), key(a[mid]), key(a[high - 1]))
            let median = (x <= y) == (y <= z) ? mid : ((y <= x) == (x <= z) ? low : high - 1)
            a.swapAt(low, median)
            let pivot = key(a[low])
            // Hoare's partition: `low...j` holds keys ≤ pivot, `j+1..<high` keys ≥ pivot, and
            // with the pivot first both sides are non-empty.
            var i = low - 1, j = high
            while true {
                repeat { i += 1 } while key(a[i]) < pivot
                repeat { j -= 1 } while key(a[j]) > pivot
                if i >= j { break }
                a.swapAt(i, j)
            }
            // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
            if j + 1 - low < high - (j + 1) {
                introsort(a, low, j + 1, depthLimit: depth, key)
                low = j + 1
            } else {
                introsort(a, j + 1, high, depthLimit: depth, key)
                high = j + 1
            }
        }
        // Insertion sort for the short run left.
        var i = low + 1
        while i < high {
            let element = a[i], k = key(element)
            var j = i
            while j > low && key(a[j - 1]) > k {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = element
            i += 1
        }
    }

    private static func heapsort(_ a: UnsafeMutableBufferPointer<Element>, _ low: Int, _ high: Int,
                                 _ key: (Element) -> UInt64) {
        let count = high - low
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && key(a[low + child]) < key(a[low + child + 1]) { child += 1 }
                if key(a[low + root]) >= key(a[low + child]) { return }
                a.swapAt(low + root, low + child)
                root = child
            }
        }
        var start = count / 2 - 1
        while start >= 0 {
            siftDown(start, count)
            start -= 1
        }
        var end = count - 1
        while end > 0 {
            a.swapAt(low, low + end)
            siftDown(0, end)
            end -= 1
        }
    }
}
