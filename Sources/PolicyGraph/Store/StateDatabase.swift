import Foundation
import GRDB

/// What the state remembers about one document: where it was, how big, when modified, what
/// its bytes hash to, and which extractor made its cached fragment.
public struct StoredDocument: Sendable, Hashable {
    /// Path relative to the input folder.
    public var path: String
    public var size: Int
    /// Modification time, seconds since 1970, as the folder scan reported it.
    public var modified: Double
    /// Wall-clock time the bytes were last hashed. A file modified within `racyWindow` of it
    /// could have changed again in the same clock tick, so its fast check is not trusted.
    public var verifiedAt: Double
    /// SHA-256 of the file's bytes (32 bytes).
    public var contentHash: Data
    /// `ContentHash.extractorFingerprint` the fragment was made under.
    public var extractor: String
    /// The fragment's `byteCount`.
    public var byteCount: Int

    public init(path: String, size: Int, modified: Double, verifiedAt: Double, contentHash: Data,
                extractor: String, byteCount: Int) {
        self.path = path
        self.size = size
        self.modified = modified
        self.verifiedAt = verifiedAt
        self.contentHash = contentHash
        self.extractor = extractor
        self.byteCount = byteCount
    }
}

/// Size and modification time of one output file as the last build left it: a no-change
/// build may keep the graph files only while they are still exactly these.
public struct OutputStamp: Sendable, Codable, Hashable {
    public var name: String
    public var size: Int
    public var modifiedNanoseconds: Int64
    public var inode: UInt64
}

/// The record of the last build that finished: what it ran with and what it wrote.
public struct FinishedBuild: Sendable, Codable {
    public var finishedAt: Double
    public var extractorVersion: String
    public var lexiconHash: String
    /// `ContentHash.extractorFingerprint` of the build.
    public var extractor: String
    /// Standardised absolute path of the input folder.
    public var inputRoot: String
    /// Identity of the executable (path, size, mtime): another binary may write other bytes.
    public var tool: String
    /// The exporters and their options (`String(describing:)` of each writer).
    public var writerSettings: [String]
    public var outputs: [OutputStamp]
    public var report: BuildReport
}

/// A new or changed row to write: the document's record and its encoded fragment.
public struct StoredFragment: Sendable {
    public var document: StoredDocument
    public var blob: Data
}

/// The build state of one output folder: `<out>/.policygraph/state.sqlite`, an SQLite
/// database in WAL mode (through GRDB). Every write is one transaction, so a killed build
/// leaves either the old or the new version of each step, never half of one.
///
/// ```swift
/// let state = try StateDatabase(url: out.appendingPathComponent(".policygraph/state.sqlite"))
/// let documents = try state.documents()
/// ```
public final class StateDatabase: Sendable {
    public let url: URL
    private let pool: DatabasePool

    /// Opens (creating if needed) and migrates the database. Throws when the file is not a
    /// usable database; the caller decides whether to start over.
    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var config = Configuration()
        config.label = "policygraph.state"
        config.prepareDatabase { db in
            // WAL + NORMAL: a killed process loses nothing committed; only a power cut may
            // roll back the last transactions, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: url.path, configuration: config)
        try Self.migrator.migrate(pool)
        // Read something real so a file with a valid header but broken pages fails here.
        _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM document") }
    }

    /// Opens an existing database for reading only (`status`); nil when there is none.
    public static func existing(at url: URL) throws -> StateDatabase? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try StateDatabase(url: url)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: documents and meta") { db in
            try db.create(table: "document") { t in
                t.primaryKey("path", .text)
                t.column("size", .integer).notNull()
                t.column("modified", .double).notNull()
                t.column("verifiedAt", .double).notNull()
                t.column("contentHash", .blob).notNull()
                t.column("extractor", .text).notNull()
                t.column("byteCount", .integer).notNull()
                t.column("fragment", .blob).notNull()
            }
            try db.create(index: "document_on_contentHash", on: "document", columns: ["contentHash"])
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .blob)
            }
        }
        return migrator
    }

    /// Removes the database and its WAL files (for a state that cannot be read).
    public static func remove(at url: URL) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: url.path + suffix)
        }
    }

    // MARK: Reading

    /// Every document's record, without fragments.
    public func documents() throws -> [StoredDocument] {
        try pool.read { db in
            var out: [StoredDocument] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT path, size, modified, verifiedAt, contentHash, extractor, byteCount FROM document
                """)
            while let row = try rows.next() {
                out.append(StoredDocument(path: row[0], size: row[1], modified: row[2], verifiedAt: row[3],
                                          contentHash: row[4], extractor: row[5], byteCount: row[6]))
            }
            return out
        }
    }

    /// Encoded fragments of the given paths (one query; paths missing from the state are
    /// absent from the result).
    public func fragmentBlobs(paths: Set<String>) throws -> [String: Data] {
        try pool.read { db in
            var out: [String: Data] = [:]
            out.reserveCapacity(paths.count)
            let rows = try Row.fetchCursor(db, sql: "SELECT path, fragment FROM document")
            while let row = try rows.next() {
                let path: String = row[0]
                if paths.contains(path) { out[path] = row[1] }
            }
            return out
        }
    }

    public func fragmentBlob(path: String) throws -> Data? {
        try pool.read { db in try Data.fetchOne(db, sql: "SELECT fragment FROM document WHERE path = ?", arguments: [path]) }
    }

    public func finishedBuild() throws -> FinishedBuild? {
        guard let blob = try meta("lastBuild") else { return nil }
        return try JSONDecoder().decode(FinishedBuild.self, from: blob)
    }

    /// True when a build started writing and did not finish: outputs may not match the rows.
    public func buildInProgress() throws -> Bool {
        try meta("buildInProgress").map { $0 == Data("1".utf8) } ?? false
    }

    func meta(_ key: String) throws -> Data? {
        try pool.read { db in try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    // MARK: Writing (each call one transaction)

    /// Marks the start of a build that will change rows or outputs.
    public func beginBuild() throws {
        try pool.write { db in try Self.setMeta(db, "buildInProgress", Data("1".utf8)) }
    }

    /// Inserts or replaces rows, and refreshes the size/mtime/verification time of rows whose
    /// bytes were re-hashed and found equal.
    public func save(_ fragments: [StoredFragment], touched: [StoredDocument]) throws {
        if fragments.isEmpty && touched.isEmpty { return }
        try pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO document (path, size, modified, verifiedAt, contentHash, extractor, byteCount, fragment)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for f in fragments {
                let d = f.document
                try insert.execute(arguments: [d.path, d.size, d.modified, d.verifiedAt, d.contentHash, d.extractor,
                                               d.byteCount, f.blob])
            }
            let update = try db.cachedStatement(sql: "UPDATE document SET size = ?, modified = ?, verifiedAt = ? WHERE path = ?")
            for d in touched {
                try update.execute(arguments: [d.size, d.modified, d.verifiedAt, d.path])
            }
        }
    }

    /// The last step of a build, after the outputs are in place: drops rows of documents no
    /// longer in the folder and records the finished build.
    public func finishBuild(_ record: FinishedBuild, removing paths: [String]) throws {
        let blob = try JSONEncoder().encode(record)
        try pool.write { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM document WHERE path = ?")
            for p in paths { try delete.execute(arguments: [p]) }
            try Self.setMeta(db, "lastBuild", blob)
            try Self.setMeta(db, "extractorVersion", Data(record.extractorVersion.utf8))
            try Self.setMeta(db, "lexiconHash", Data(record.lexiconHash.utf8))
            try Self.setMeta(db, "buildInProgress", Data("0".utf8))
        }
    }

    private static func setMeta(_ db: Database, _ key: String, _ value: Data) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }
}
