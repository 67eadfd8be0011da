/// Why one input file (or the input folder) could not be read. Each case names the file, so a
/// build report or a terminal line says what went wrong and where.
///
/// ```swift
/// do { _ = try DocumentReader().read(fileAt: url, relativePath: "a.txt") }
/// catch { print(error) }   // "a.txt: binary content (NUL byte at offset 7), not a text document"
/// ```
public enum IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case binary(path: String, offset: Int)
    case undecodable(path: String, offset: Int)
    case malformedMarkup(path: String, reason: String)
    /// The input folder itself does not exist (a usage error: the CLI exits with status 2).
    case missingFolder(path: String)
    /// The input path exists but is not a folder.
    case notAFolder(path: String)

    public var path: String {
        switch self {
        case .unreadable(let p, _), .empty(let p), .binary(let p, _), .undecodable(let p, _),
             .malformedMarkup(let p, _), .missingFolder(let p), .notAFolder(let p):
            return p
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read file: \(r)"
        case .empty(let p): return "\(p): file is empty"
        case .binary(let p, let o): return "\(p): binary content (NUL byte at offset \(o)), not a text document"
        case .undecodable(let p, let o):
            return "\(p): not valid UTF-8, UTF-16 or GB18030 (first bad byte sequence at offset \(o))"
        case .malformedMarkup(let p, let r): return "\(p): markup could not be parsed: \(r)"
        case .missingFolder(let p): return "\(p): input folder does not exist"
        case .notAFolder(let p): return "\(p): input path is not a folder"
        }
    }
}
