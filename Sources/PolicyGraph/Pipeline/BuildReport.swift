/// What a build did, written as `build-report.json` beside the graph.
public struct BuildReport: Sendable, Codable, Hashable {
    public struct Failure: Sendable, Codable, Hashable {
        public var path: String
        public var reason: String
    }
    public struct Skipped: Sendable, Codable, Hashable {
        public var path: String
        public var reason: String
    }
    public var input: String
    public var documentsRead: [String] = []
    public var skipped: [Skipped] = []
    public var failed: [Failure] = []
    public var bytes: Int = 0
    public var seconds: Double = 0
    /// Incremental bookkeeping: documents whose cached fragment was reused, re-extracted, removed.
    public var reused: Int = 0
    public var extracted: Int = 0
    public var removed: Int = 0
    /// Documents found under a new path with the bytes of a vanished one (their fragment is reused).
    public var renamed: Int = 0
    public var nodes: Int = 0
    public var edges: Int = 0

    public init(input: String) { self.input = input }
}
