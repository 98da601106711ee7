import CoalflowCore
import CoalflowPostgres
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

/// ID numbers and phones at rest: ciphertext and a keyed digest, never clear text; full views logged.
@Suite struct PersonalDataTests {
    let logger = TestDatabase.logger

    /// Everything the database holds, as pg_dump writes it.
    func dump(_ url: DatabaseURL) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-\(UUID().uuidString).sql").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try Spawn.run(
            try TestDatabase.programs().path("pg_dump"), ["--format=plain", "--file=" + file, "--dbname=" + url.libpqURL],
            environment: url.libpqEnvironment)
        #expect(result.status == 0, "\(result.output)")
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    @Test func aDatabaseDumpHoldsNoIDNumberOrPhoneInClearText() async throws {
        try await TestDatabase.withClient { client, url in
            let f = try await Fixture(client)
            try await Season.generate(f)
            try await CoordinatorStore(client: client, logger: logger, keys: f.keys)
                .set(village: "caiyuan-demo1", name: "王建国", phone: "13912345678")
            let text = try dump(url)
            #expect(text.contains("户0"), "the dump has the season's households")
            let numbers = (0..<40).map(Fixture.idNumber)
            #expect(numbers.filter { text.contains($0) }.isEmpty)
            // Bytea hex has digit runs too: a number stands alone.
            if let found = text.range(of: #"(?<![0-9a-fA-Fx])[1-9][0-9]{16}[0-9X](?![0-9a-fA-F])"#, options: .regularExpression) {
                let start = text.index(found.lowerBound, offsetBy: -80, limitedBy: text.startIndex) ?? text.startIndex
                Issue.record("an 18-character ID number in the dump: \(text[start..<found.upperBound])")
            }
            #expect(!text.contains("13800000000"))
            // A village coordinator's phone, as text or as the hex of a bytea column.
            let phone = "13912345678"
            #expect(!text.contains(phone) && !text.contains(phone.utf8.map { String($0, radix: 16) }.joined()))
            // And still readable by those who may read it.
            let form = try #require(try await f.queries.list(try await f.user("caiyuan-demo1"), .init(type: .registration)).first)
            let formID = try #require(DocumentID.parse(form.id))
            let shown = try #require(try await f.queries.show(formID, for: try await f.user("caiyuan-demo1")))
            #expect(shown.lines?.first.map { numbers.contains($0.idNumber) } == true)
        }
    }

    @Test func keysRotateWithoutLosingDataOrSeals() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let summary = try await f.draftSummary()
            _ = try await f.workflow.perform(.submit, on: summary, by: try await f.user("demo-coal-a"))
            // The file after a rotation: the new key k2 first, the old k1 still there.
            let lines = TestDatabase.dataKeys.split(separator: "\n").map(String.init)
            let rotated = try PersonalDataKeys(parsing: [lines[1], lines[0], lines[2]].joined(separator: "\n"), source: "test")
            #expect(try await PersonalDataEncryption(client: client, logger: logger, keys: rotated).rekey() > 0)
            let blobs = try await client.query(
                """
                SELECT id_number_enc, phone_enc FROM slips UNION ALL SELECT id_number_enc, phone_enc FROM registration_lines
                """, logger: logger
            ).collect().map { try $0.decode((Data, Data).self) }
            #expect(Set(blobs.flatMap { [rotated.keyID(of: $0.0), rotated.keyID(of: $0.1)] }) == [rotated.currentID])
            // Without the old key everything still opens...
            let newOnly = try PersonalDataKeys(parsing: [lines[1], lines[2]].joined(separator: "\n"), source: "test")
            for (id, phone) in blobs {
                #expect(try ResidentIDNumber(try newOnly.open(id, purpose: "id_number")).value.count == 18)
                #expect(try PhoneNumber(try newOnly.open(phone, purpose: "phone")).isMobile)
            }
            // ...a blob cannot pass for another field...
            #expect(throws: StoreError.self) { try newOnly.open(blobs[0].0, purpose: "phone") }
            // ...and the seal made before the rotation holds.
            let approved = try await f.workflow.perform(.approve, on: summary, by: try await f.user("caiyuan"))
            #expect(approved.step == 2)
        }
    }

    /// `rekey` says done only when no sealed column of the schema holds a value under an older key.
    @Test func rekeyIsDoneOnlyWhenNoSealedColumnHoldsAnOlderKey() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            _ = try await f.submittedRegistration(households: 3)
            let old = try TestDatabase.keys()
            let lines = TestDatabase.dataKeys.split(separator: "\n").map(String.init)
            let rotated = try PersonalDataKeys(parsing: [lines[1], lines[0], lines[2]].joined(separator: "\n"), source: "test")
            // A sealed column the command does not know of, holding a value under the old key.
            try await client.query("CREATE TABLE extra_ledger (id integer PRIMARY KEY, note_enc bytea NOT NULL)", logger: logger)
            try await client.query(
                "INSERT INTO extra_ledger VALUES (1, \(ByteBuffer(data: try old.seal("x", purpose: "note"))))", logger: logger)
            let rekey = PersonalDataEncryption(client: client, logger: logger, keys: rotated)
            let refused = await #expect(throws: StoreError.self) { try await rekey.rekey() }
            #expect(refused?.code == .dataKeysLeftBehind, "\(String(describing: refused))")
            #expect(refused?.message.en.contains("extra_ledger.note_enc: 1") == true, "\(String(describing: refused))")
            // The tables it knows are done all the same; once nothing is left, it says done.
            try await client.query("DROP TABLE extra_ledger", logger: logger)
            #expect(try await rekey.rekey() == 0)
        }
    }

    /// A key file is bound to the database it was first used with: more keys (a rotation) are fine,
    /// another installation's keys under the same ids are refused.
    @Test func anotherInstallationsKeyFileIsRefused() async throws {
        try await TestDatabase.withClient { client, _ in
            let fingerprints = DataKeyFingerprints(client: client, logger: logger)
            let keys = try TestDatabase.keys()
            try await fingerprints.check(keys)
            try await fingerprints.check(keys)
            let k3 = try #require(PersonalDataKeys.generateFile(keyID: "k3").split(separator: "\n").first { $0.hasPrefix("k3:") })
            try await fingerprints.check(try PersonalDataKeys(parsing: "\(k3)\n" + TestDatabase.dataKeys, source: "rotated"))

            let other = try PersonalDataKeys(parsing: PersonalDataKeys.generateFile(), source: "other")
            let refused = await #expect(throws: StoreError.self) { try await fingerprints.check(other) }
            #expect(refused?.code == .dataKeysMismatch)
            let text = refused?.message.en ?? ""
            #expect(text.contains("k1") && text.contains("lookup") && !text.contains("k3"), "\(text)")
            let recorded = try await client.query("SELECT key_id FROM data_key_fingerprints ORDER BY key_id", logger: logger)
                .collect().map { try $0.decode(String.self) }
            #expect(recorded == ["k1", "k2", "k3", "lookup"], "nothing of the refused file is recorded: \(recorded)")
        }
    }

    @Test func everyFullViewIsLoggedAndMaskedViewsAreNot() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let id = try await f.submittedRegistration(households: 4)
            _ = try await f.queries.show(id, for: try await f.user("caiyuan"))
            _ = try await f.queries.show(id, for: try await f.user("fgj"))
            let rows = try await client.query(
                "SELECT login, document_id, households FROM personal_data_views ORDER BY id", logger: logger
            )
            .collect().map { try $0.decode((String, Int64, Int).self) }
            #expect(rows.count == 1 && rows.first?.0 == "caiyuan" && rows.first?.1 == id && rows.first?.2 == 4, "\(rows)")
        }
    }

    /// ID numbers and phones exist only as ciphertext (and the ID number's digest): no column of any table
    /// could hold them in clear text.
    @Test func noColumnHoldsPersonalDataInClearText() async throws {
        try await TestDatabase.withClient { client, _ in
            let columns = try await client.query(
                """
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND (column_name ~ '(id_number|phone)' AND column_name !~ '_(enc|hmac)$')
                """, logger: logger
            ).collect().map { try $0.decode(String.self) }
            #expect(columns.isEmpty, "\(columns)")
            let sealed = try await client.query(
                """
                SELECT count(*)::int FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name IN ('id_number_enc', 'phone_enc') AND is_nullable = 'NO'
                """, logger: logger
            ).collect()
            #expect(
                try sealed.first?.decode(Int.self) == 6,
                "registration lines and slips, both fields, survey lines' ID, coordinators' phones, always sealed")
        }
    }
}
