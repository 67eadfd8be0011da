import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// UTF-8 → GB18030 through the C library's iconv, for the benchmark corpus's GB18030 files
/// (GB18030 covers all of Unicode, so every generated text converts).
///
/// ```swift
/// let bytes = GB18030Encoder.encode(Array("数字贸易".utf8))   // 8 bytes
/// ```
enum GB18030Encoder {
    static func encode(_ utf8: [UInt8]) -> [UInt8] {
        let cd = iconv_open("GB18030", "UTF-8")
        precondition(cd != iconv_t(bitPattern: -1), "iconv cannot convert UTF-8 to GB18030 on this system")
        defer { iconv_close(cd) }
        var input = utf8
        var output = [UInt8](repeating: 0, count: utf8.count * 2 + 16)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count, outLeft = outBuf.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                precondition(result != -1 || inLeft == 0, "iconv stopped converting generated text at byte \(inBuf.count - inLeft)")
                return outBuf.count - outLeft
            }
        }
        output.removeSubrange(written...)
        return output
    }
}
