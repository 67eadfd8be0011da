import Testing
@testable import PolicyGraph

@Suite struct StorePlaceholderTests {
    @Test func moduleLinks() { #expect(DocumentPipeline.version.isEmpty == false) }
}
