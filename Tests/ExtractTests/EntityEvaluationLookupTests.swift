import Foundation
import Testing
@testable import PolicyGraph

/// The entity evaluator finds each gold file's document through its `"text"` path, so gold for
/// nested or non-`.txt` documents (HTML, GB18030 `.gb18030.txt`) is scored, not skipped.
@Suite struct EntityEvaluationLookupTests {
    @Test func testGoldTextFieldLocatesNestedHTMLDocument() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("ent-eval-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let gold = root.appendingPathComponent("gold"), texts = root.appendingPathComponent("texts")
        try fm.createDirectory(at: gold, withIntermediateDirectories: true)
        try fm.createDirectory(at: texts.appendingPathComponent("web"), withIntermediateDirectories: true)
        try Data("<html><body><main><p>The rules changed in 2019.</p></main></body></html>".utf8)
            .write(to: texts.appendingPathComponent("web/news.html"))
        try Data(#"{"text": "web/news.html", "entities": [{"type": "year", "value": 2019, "surfaces": ["2019"]}]}"#.utf8)
            .write(to: gold.appendingPathComponent("news.entities.json"))
        let report = try EntityEvaluation(lexicon: Lexicon.bundled()).evaluate(goldDirectory: gold, textDirectory: texts)
        #expect(report.documents == ["web/news.html"])
    }
}
