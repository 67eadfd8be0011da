import Foundation
import Testing
@testable import PolicyGraph

@Suite struct DocumentReaderTests {
    @Test func utf8TextIsDecoded() throws {
        let doc = try DocumentReader().decode(Data("世界贸易组织\n".utf8), relativePath: "a.txt")
        #expect(doc.text == "世界贸易组织\n")
        #expect(doc.encoding == .utf8)
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: IngestError.empty(path: "e.txt")) {
            try DocumentReader().decode(Data(), relativePath: "e.txt")
        }
    }
}
