import Testing
@testable import PolicyGraph

@Suite struct ExportPlaceholderTests {
    @Test func moduleLinks() { #expect(DocumentPipeline.version.isEmpty == false) }
}
