import CoalflowCore
import CoalflowStore
import Foundation
import Testing

/// The data key file: what it must hold, and what the operator reads when it does not.
@Suite struct DataKeyFileTests {
    @Test func aSecondLookupKeyIsRefused() throws {
        let file = PersonalDataKeys.generateFile()
        let second = try #require(
            PersonalDataKeys.generateFile(keyID: "k2").split(separator: "\n").first { $0.hasPrefix("lookup:") })
        let error = #expect(throws: StoreError.self) { try PersonalDataKeys(parsing: file + second + "\n", source: "keys") }
        #expect(error?.code == .badDataKeys)
        #expect(error?.message.en.contains("second lookup key") == true, "\(String(describing: error))")
    }

    @Test func anUnreadableFileSaysWhy() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-keys-\(UUID().uuidString)").path
        let error = #expect(throws: StoreError.self) { try PersonalDataKeys(contentsOfFile: path) }
        #expect(error?.code == .dataKeysUnreadable)
        #expect(
            error?.message.en == "cannot read the data key file \(path): No such file or directory",
            "\(String(describing: error))")
    }
}
