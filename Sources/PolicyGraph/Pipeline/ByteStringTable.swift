import Foundation

/// Distinct byte strings (UTF-8 words, ids) numbered in the order first inserted, kept one
/// after another in one buffer and found through an open-addressing table: no `String` is
/// built and no keyed hash computed per look-up, which is what the hot callers need (a
/// document's words while repairing hyphens, every edge end while exporting).
///
/// Equal bytes are the test of equality: callers use it for text already in one normal form.
///
/// ```swift
/// var table = ByteStringTable()
/// table.insert(Array("trade".utf8))      // 0
/// table.index(of: Array("trade".utf8))   // 0; nil for a string never inserted
/// ```
struct ByteStringTable: Sendable {
    /// String `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// The number of the string in each slot, -1 when empty; a power of two long, at most half full.
    private var slots = [Int32](repeating: -1, count: 16)

    /// Room for `capacity` strings of `byteCapacity` bytes in all, so filling it never
    /// grows a buffer.
    init(capacity: Int = 8, byteCapacity: Int = 0) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = [Int32](repeating: -1, count: size)
        starts.reserveCapacity(capacity + 1)
        hashes.reserveCapacity(capacity)
        bytes.reserveCapacity(byteCapacity)
    }

    var count: Int { hashes.count }

    /// String `k`'s bytes.
    func bytes(at k: Int) -> ArraySlice<UInt8> { bytes[starts[k]..<starts[k + 1]] }

    /// The string's number: the one it already has, or the next.
    @discardableResult
    mutating func insert(_ string: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(string)
        let (slot, found) = find(string, hash: hash)
        if let found { return found }
        slots[slot] = Int32(count)
        bytes.append(contentsOf: string)
        starts.append(bytes.count)
        hashes.append(hash)
        if count * 2 > slots.count { rehash(to: slots.count * 2) }
        return count - 1
    }

    @discardableResult
    mutating func insert(_ string: [UInt8]) -> Int { string.withUnsafeBufferPointer { insert($0) } }

    func index(of string: UnsafeBufferPointer<UInt8>) -> Int? { find(string, hash: Self.hash(string)).found }

    /// Whether string `k` is `string`, byte for byte.
    func string(_ k: Int, is string: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { Self.same(UnsafeBufferPointer(rebasing: $0[starts[k]..<starts[k + 1]]), string) }
    }

    /// Whether `a` and `b` hold the same bytes (one `memcmp`, after the lengths).
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    func index(of string: [UInt8]) -> Int? { string.withUnsafeBufferPointer { index(of: $0) } }

    /// The slot holding `string` and its number, or the empty slot where it would go.
    private func find(_ string: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, found: Int?) {
        slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] >= 0 {
                    let k = Int(slots[slot]), start = starts[k], length = starts[k + 1] - start
                    if hashes[k] == hash, length == string.count,
                       length == 0 || memcmp(bytes.baseAddress! + start, string.baseAddress!, length) == 0 {
                        return (slot, k)
                    }
                    slot = (slot + 1) & mask
                }
                return (slot, nil)
            }
        }
    }

    private mutating func rehash(to size: Int) {
        slots = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for k in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[k]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(k)
        }
    }

    /// A 64-bit hash of `bytes`, eight at a time (multiply and fold, as in wyhash's mixing);
    /// only within this process, so it needs no fixed seed.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(bytes.count) &* k
        var i = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while i + 8 <= bytes.count {
            h = fold((h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        return fold((h ^ tail) &* k)
    }

    @inline(__always)
    private static func fold(_ x: UInt64) -> UInt64 { x ^ (x >> 32) }
}
