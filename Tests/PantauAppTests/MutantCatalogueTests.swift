import Foundation
import Testing

/// scripts/mutants.sh makes each mistake of scripts/mutants.json in a scratch copy; an entry whose
/// code moved no longer applies, and the check it stood for is silently gone. This keeps the
/// catalogue in step with the sources in every test run, without the minutes a mutant run takes.
@Suite("The mutant catalogue applies to the code as it is")
struct MutantCatalogueTests {
    struct Mutant: Decodable {
        var name: String
        var file: String
        var find: Finds
        var tests: String
    }

    /// `find` is one text or a list of texts.
    struct Finds: Decodable {
        var texts: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) { texts = [one] } else { texts = try container.decode([String].self) }
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every mutant names a file that exists and text that occurs in it exactly once")
    func everyMutantApplies() throws {
        let catalogue = try JSONDecoder().decode([Mutant].self, from: Data(contentsOf: Self.root.appendingPathComponent("scripts/mutants.json")))
        #expect(catalogue.count >= 12)
        for mutant in catalogue {
            let path = Self.root.appendingPathComponent(mutant.file).path
            guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
                Issue.record("\(mutant.name): \(mutant.file) does not exist")
                continue
            }
            for text in mutant.find.texts {
                #expect(source.components(separatedBy: text).count == 2, "\(mutant.name): its text occurs \(source.components(separatedBy: text).count - 1) times in \(mutant.file)")
            }
            #expect(!mutant.tests.isEmpty)
        }
    }
}
