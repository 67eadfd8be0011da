import Foundation
import Testing
@testable import PolicyGraph

@Suite struct DocumentReaderTests {
    @Test func testFileIsReadAndFormatTakenFromTheExtension() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("notes/plan.md", "# 数字贸易\r\n\r\n正文。\r\n")
        let doc = try DocumentReader().read(fileAt: url, relativePath: "notes/plan.md")
        #expect(doc.format == .markdown)
        #expect(doc.text == "# 数字贸易\n\n正文。\n")
        #expect(doc.byteCount == Array("# 数字贸易\r\n\r\n正文。\r\n".utf8).count)
        #expect(doc.path == "notes/plan.md")
    }

    @Test func testVanishedFileIsUnreadableWithAReason() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("gone.txt", "x")
        try FileManager.default.removeItem(at: url)
        do {
            _ = try DocumentReader().read(fileAt: url, relativePath: "gone.txt")
            Issue.record("a missing file was read")
        } catch {
            guard case .unreadable(let path, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == "gone.txt")
            #expect(reason.contains("no longer exists"))
        }
    }

    @Test func testFileWithoutReadPermissionIsUnreadable() throws {
        if permissionsAreIgnored() {
            print("notice: running with permission checks disabled (root?); unreadable-file test skipped")
            return
        }
        let folder = try TemporaryFolder()
        let url = try folder.write("locked.txt", "secret")
        chmod(url.path, 0)
        #expect(throws: IngestError.unreadable(path: "locked.txt", reason: "Permission denied")) {
            try DocumentReader().read(fileAt: url, relativePath: "locked.txt")
        }
    }

    @Test func testFolderGivenAsAFileIsUnreadable() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("dir.txt"), withIntermediateDirectories: true)
        #expect(throws: IngestError.unreadable(path: "dir.txt", reason: "not a regular file")) {
            try DocumentReader().read(fileAt: folder.url.appendingPathComponent("dir.txt"), relativePath: "dir.txt")
        }
    }
}
