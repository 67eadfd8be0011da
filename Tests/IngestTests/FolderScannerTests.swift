import Foundation
import Testing
@testable import PolicyGraph

@Suite struct FolderScannerTests {
    @Test func testDocumentsAreListedRecursivelyInByteOrder() throws {
        let folder = try TemporaryFolder()
        for path in ["b.txt", "a/z.md", "a-c.html", "A.xml", "a/b/c.htm", "中文.txt", "Z.TXT"] { try folder.write(path, "x") }
        let scan = try FolderScanner().scan(folder.url)
        #expect(scan.documents.map(\.relativePath) == ["A.xml", "Z.TXT", "a-c.html", "a/b/c.htm", "a/z.md", "b.txt", "中文.txt"])
        // A second scan gives the very same order (no dependence on directory order).
        #expect(try FolderScanner().scan(folder.url).documents.map(\.relativePath) == scan.documents.map(\.relativePath))
    }

    @Test func testHiddenFilesAndFoldersAreSkippedSilently() throws {
        let folder = try TemporaryFolder()
        try folder.write("visible.txt", "x")
        try folder.write(".hidden.txt", "x")
        try folder.write(".git/config.txt", "x")
        try folder.write("sub/.DS_Store", "x")
        let scan = try FolderScanner().scan(folder.url)
        #expect(scan.documents.map(\.relativePath) == ["visible.txt"])
        #expect(scan.skipped.isEmpty)
    }

    @Test func testUnsupportedFilesAreListedAsSkippedWithAReason() throws {
        let folder = try TemporaryFolder()
        try folder.write("report.pdf", "x")
        try folder.write("data/table.csv", "x")
        try folder.write("README", "x")
        try folder.write("notes.txt", "x")
        let scan = try FolderScanner().scan(folder.url)
        #expect(scan.documents.map(\.relativePath) == ["notes.txt"])
        #expect(scan.skipped.map(\.path) == ["README", "data/table.csv", "report.pdf"])
        #expect(scan.skipped.last?.reason == "unsupported file type (.pdf)")
    }

    @Test func testSymbolicLinkLoopDoesNotHangAndLinkedFilesAreRead() throws {
        let folder = try TemporaryFolder()
        try folder.write("docs/a.txt", "x")
        try folder.write("elsewhere/outside.txt", "x")
        // docs/loop → docs (a cycle), docs/up → the root (a cycle through the parent),
        // docs/ext → a real folder outside docs, docs/link.txt → a file.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/docs/loop", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/docs/up", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/docs/ext", withDestinationPath: "../elsewhere")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/docs/link.txt",
                                                   withDestinationPath: folder.path + "/elsewhere/outside.txt")
        let scan = try FolderScanner().scan(folder.url.appendingPathComponent("docs"))
        #expect(scan.documents.map(\.relativePath) == ["a.txt", "ext/outside.txt"])
        let skipped = Dictionary(uniqueKeysWithValues: scan.skipped.map { ($0.path, $0.reason) })
        #expect(skipped["loop"]?.hasPrefix("folder already scanned") == true)
        #expect(skipped["link.txt"] == "same file as ext/outside.txt")
        // `up` leads to the parent, which is new, and its `docs` is where we started.
        #expect(skipped["up/docs"]?.hasPrefix("folder already scanned") == true)
    }

    @Test func testBrokenSymbolicLinkIsSkipped() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/gone.txt", withDestinationPath: "/nonexistent/x.txt")
        let scan = try FolderScanner().scan(folder.url)
        #expect(scan.documents.isEmpty)
        #expect(scan.skipped.map(\.reason) == ["broken symbolic link"])
    }

    @Test func testFIFOIsSkippedRatherThanReadForever() throws {
        let folder = try TemporaryFolder()
        guard mkfifo(folder.path + "/pipe.txt", 0o644) == 0 else {
            print("notice: mkfifo unavailable here; FIFO test skipped")
            return
        }
        let scan = try FolderScanner().scan(folder.url)
        #expect(scan.documents.isEmpty)
        #expect(scan.skipped.map(\.reason) == ["not a regular file"])
    }

    @Test func testUnlistableSubfolderIsReportedAndTheRestIsScanned() throws {
        if permissionsAreIgnored() {
            print("notice: running with permission checks disabled (root?); unlistable-folder test skipped")
            return
        }
        let folder = try TemporaryFolder()
        try folder.write("ok.txt", "x")
        try folder.write("locked/inside.txt", "x")
        chmod(folder.path + "/locked", 0)
        let scan = try FolderScanner().scan(folder.url)
        #expect(scan.documents.map(\.relativePath) == ["ok.txt"])
        #expect(scan.unreadable.map(\.path) == ["locked"])
        #expect(scan.unreadable.first?.reason.hasPrefix("cannot list folder") == true)
    }

    @Test func testMissingInputFolderIsAClearError() {
        #expect(throws: IngestError.missingFolder(path: "/nonexistent/policygraph-input")) {
            try FolderScanner().scan(URL(fileURLWithPath: "/nonexistent/policygraph-input"))
        }
    }

    @Test func testInputThatIsAFileIsAClearError() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("a.txt", "x")
        #expect(throws: IngestError.notAFolder(path: file.path)) { try FolderScanner().scan(file) }
    }
}
