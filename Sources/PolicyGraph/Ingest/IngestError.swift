/// Why one input file could not be read. Each case names the file, so a build report or a
/// terminal line says what went wrong and where.
public enum IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case binary(path: String, offset: Int)
    case undecodable(path: String, offset: Int)
    case malformedMarkup(path: String, reason: String)

    public var path: String {
        switch self {
        case .unreadable(let p, _), .empty(let p), .binary(let p, _), .undecodable(let p, _),
             .malformedMarkup(let p, _):
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
        }
    }
}
