import Foundation
import Testing
import TriageCore
import TriageRunbook

@Suite struct GoodRunbookTests {
  @Test func bundledRunbooksValidate() {
    let path = FixtureDirectory.packageRoot.appendingPathComponent("runbooks").path
    let result = RunbookLoader().load(paths: [path])
    if case .failure(let errors) = result {
      Issue.record("bundled runbooks do not validate:\n\(errors)")
    }
  }

  @Test func bundledExamplesPass() throws {
    let path = FixtureDirectory.packageRoot.appendingPathComponent("runbooks").path
    let catalog = try RunbookLoader().load(paths: [path]).get()
    #expect(!catalog.examples.isEmpty)
    let runner = ExampleRunner(catalog: catalog)
    for example in catalog.examples {
      let result = runner.run(example)
      #expect(result.passed, "\(example.location): \(example.name): \(result.failures)")
    }
  }
}
