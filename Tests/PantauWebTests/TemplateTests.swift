import Foundation
import Testing

@Suite("Template text")
struct TemplateTextTests {
    static var templates: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PantauWeb/Resources/templates")
    }

    @Test("no placeholder looks like a typed value: examples are hints beside their fields")
    func placeholders() throws {
        let files = FileManager.default.enumerator(at: Self.templates, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "mustache" }
        #expect(files.count > 30)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /placeholder="([^"]*)"/) {
                let placeholder = String(match.1)
                // An example value ("mis. 12, 15"), an address, a code, or text in capitals reads
                // as if it had been typed.
                #expect(!placeholder.contains("mis.") && !placeholder.contains("://") && placeholder.firstMatch(of: /[0-9]{2}\.[0-9]{2}/) == nil
                        && placeholder != placeholder.uppercased(), "\(file.lastPathComponent): \(placeholder)")
            }
        }
    }
}
