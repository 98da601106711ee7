import ArgumentParser
import CoalflowCore
import CoalflowStore
import Foundation

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Print a new data key file (a data key and the lookup key) for COALFLOW_DATA_KEYS_FILE.",
        discussion: """
            For a new installation, save all of it (mode 0600). To rotate, copy only its data key line to the
            top of the existing file under a new id, keep the old lines, then run `coalflow admin rekey`.
            Example: coalflow admin keygen --id k2 > /etc/coalflow/data-keys
            """
    )

    @Option(help: "The new data key's id (letters, digits, _ or -).") var id = "k1"

    func validate() throws {
        guard id != "lookup", id.range(of: "^[A-Za-z0-9_-]{1,32}$", options: .regularExpression) != nil else {
            throw ValidationError("--id must be 1–32 letters, digits, _ or -, and not 'lookup'")
        }
    }

    func run() throws {
        FileHandle.standardOutput.write(Data(PersonalDataKeys.generateFile(keyID: id).utf8))
    }
}

struct RekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Re-encrypt every ID number and phone under the current (first) data key.",
        discussion: """
            After adding a new first line to the data key file. Batch by batch, safe to interrupt and run
            again; seals and duplicate checks are unaffected. Afterwards the old key line may be removed.
            Example: coalflow admin rekey
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = commandLogger("coalflow.rekey")
        let (rows, key) = try await database.withDatabase(logger: logger) { client, _ in
            let keys = try database.dataKeys()
            try await DataKeyFingerprints(client: client, logger: logger).check(keys)
            return (try await PersonalDataEncryption(client: client, logger: logger, keys: keys).rekey(), keys.currentID)
        }
        if output.json {
            try Output.json(["rows": rows])
        } else {
            output.style.say(.init(zh: "已用数据密钥 \(key) 重新加密 \(rows) 行。", en: "Re-encrypted \(rows) rows under data key \(key)."))
        }
    }
}
