import CoalflowCore
import CoalflowStore
import CoalflowTestSupport
import PostgresNIO
import Testing

@Suite struct AuditTrailTests {
    /// A database with a few documents' worth of events, and its verified head.
    func withHistory(_ body: @escaping @Sendable (PostgresClient, AuditTrail, AuditHead) async throws -> Void) async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            for n in 0..<3 {
                let id = try await f.submittedRegistration(households: 1, firstSerial: n * 10)
                _ = try await f.workflow.perform(.approve, on: id, by: try await f.user("caiyuan"), text: "同意；第\(n)份")
            }
            let trail = AuditTrail(client: client, logger: TestDatabase.logger)
            let report = try await trail.verify()
            // Four events a document: create, publicize, submit, approve.
            #expect(report.ok && report.events == 12, "\(report)")
            #expect(try await trail.head() == report.head)
            try await body(client, trail, report.head)
        }
    }

    /// Runs SQL as the database superuser would: triggers off for this session.
    func tamper(_ client: PostgresClient, _ sql: String) async throws {
        try await client.withConnection { connection in
            try await connection.query("SET session_replication_role = replica", logger: TestDatabase.logger)
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
            try await connection.query("SET session_replication_role = origin", logger: TestDatabase.logger)
        }
    }

    @Test func theDatabaseRefusesUpdateAndDelete() async throws {
        try await withHistory { client, _, _ in
            for sql in [
                "UPDATE workflow_events SET comment = 'x' WHERE seq = 3", "DELETE FROM workflow_events WHERE seq = 3",
                "TRUNCATE workflow_events", "UPDATE audit_seals SET seq = 4 WHERE seq = 3",
                "DELETE FROM audit_seals WHERE seq = 3",
                "TRUNCATE audit_seals",
            ] {
                let error = await #expect(throws: PSQLError.self) {
                    try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
                }
                #expect(error?.serverInfo?[.message]?.contains("append-only") == true, "\(sql)")
            }
        }
    }

    @Test func catchesAnAlteredEvent() async throws {
        try await withHistory { client, trail, _ in
            try await tamper(client, "UPDATE workflow_events SET comment = '不同意' WHERE seq = 5")
            let report = try await trail.verify()
            #expect(!report.ok)
            #expect(report.problems.first?.hasPrefix("event 5:") == true, "\(report.problems)")
        }
    }

    @Test func catchesAnAlteredTimestamp() async throws {
        try await withHistory { client, trail, _ in
            try await tamper(client, "UPDATE workflow_events SET at = at - interval '1 day' WHERE seq = 2")
            #expect(try await trail.verify().problems.first?.hasPrefix("event 2:") == true)
        }
    }

    @Test func catchesADeletedMiddleEvent() async throws {
        try await withHistory { client, trail, _ in
            try await tamper(client, "DELETE FROM workflow_events WHERE seq = 7")
            let report = try await trail.verify()
            #expect(!report.ok && report.events == 11)
            #expect(report.problems.first?.hasPrefix("event 8:") == true, "\(report.problems)")
        }
    }

    @Test func catchesReorderedEvents() async throws {
        try await withHistory { client, trail, _ in
            for sql in [
                "UPDATE workflow_events SET seq = -3 WHERE seq = 3", "UPDATE workflow_events SET seq = 3 WHERE seq = 4",
                "UPDATE workflow_events SET seq = 4 WHERE seq = -3",
            ] {
                try await tamper(client, sql)
            }
            #expect(try await trail.verify().ok == false)
        }
    }

    @Test func catchesDeletedNewestEventsAgainstARecordedHead() async throws {
        try await withHistory { client, trail, head in
            try await tamper(client, "DELETE FROM workflow_events WHERE seq >= 11")
            // The remaining chain is intact by itself (only the document left ahead of its events shows)...
            let alone = try await trail.verify()
            #expect(
                alone.problems.count == 1 && alone.problems.first?.contains("its last event moved it to publicizing") == true,
                "\(alone)")
            // ...but the head recorded outside the database is gone.
            let report = try await trail.verify(against: head)
            #expect(!report.ok && report.events == 10)
            #expect(report.problems.contains { $0.contains("not in the chain") }, "\(report.problems)")
        }
    }

    @Test func catchesARemovedSeal() async throws {
        try await withHistory { client, trail, _ in
            try await tamper(client, "DELETE FROM audit_seals WHERE seq = 12")
            let newest = try await trail.verify()
            #expect(!newest.ok && newest.problems.first?.hasPrefix("event 12: it has no seal") == true, "\(newest.problems)")
            // A seal in the middle: the next one no longer follows.
            try await tamper(client, "DELETE FROM audit_seals WHERE seq = 6")
            let middle = try await trail.verify()
            #expect(middle.problems.first?.hasPrefix("event 7: does not follow") == true, "\(middle.problems)")
        }
    }

    /// Actions on many documents at once, while a sealer runs beside them: no action waits for another
    /// document's, every event is sealed once, each document's events in their own order, and the chain
    /// verifies.
    @Test func eventsWrittenAtOnceAreSealedInEachDocumentsOrder() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let trail = AuditTrail(client: client, logger: TestDatabase.logger)
            let street = try await f.user("caiyuan")
            let sealing = Task {
                while !Task.isCancelled {
                    try await trail.seal()
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        let id = try await f.submittedRegistration(households: 1, firstSerial: writer * 10)
                        _ = try await f.workflow.perform(.return, on: id, by: street, text: "补充材料")
                        _ = try await f.workflow.perform(.submit, on: id, by: try await f.user("caiyuan-demo1"))
                        _ = try await f.workflow.perform(.approve, on: id, by: street)
                    }
                }
                try await group.waitForAll()
            }
            sealing.cancel()
            let report = try await trail.verify()
            // Six events a document: create, publicize, submit, return, submit, approve.
            #expect(report.ok && report.events == 48 && report.head.events == 48, "\(report)")
            let outOfOrder = try await client.query(
                """
                SELECT count(*)::int FROM (
                    SELECT e.document_id, s.position, lag(s.position) OVER (PARTITION BY e.document_id ORDER BY e.seq) AS before
                    FROM workflow_events e JOIN audit_seals s ON s.seq = e.seq) t
                WHERE position < before
                """, logger: TestDatabase.logger
            ).collect().first?.decode(Int.self)
            #expect(outOfOrder == 0)
            let waiting = try await client.query("SELECT count(*)::int FROM audit_unsealed", logger: TestDatabase.logger)
                .collect().first?.decode(Int.self)
            #expect(waiting == 0)
        }
    }

    @Test func aRecordedHeadStillVerifiesAfterMoreEvents() async throws {
        try await withHistory { client, trail, head in
            _ = try await Fixture.reusing(client).submittedRegistration(households: 1, firstSerial: 500)
            let report = try await trail.verify(against: head)
            #expect(report.ok && report.events == head.events + 3, "\(report)")
        }
    }

    /// Beyond the chain: a document moved outside the workflow, and a filed summary whose content no longer
    /// matches its seal, are named.
    @Test func documentsMovedOutsideTheWorkflowAndBrokenSealsAreFound() async throws {
        try await TestDatabase.withClient { client, _ in
            let f = try await Fixture(client)
            let form = try await f.submittedRegistration(households: 1, firstSerial: 700)
            let summary = try await f.draftSummary()
            _ = try await f.workflow.perform(.submit, on: summary, by: try await f.user("demo-coal-a"))
            for login in ["caiyuan", "fgj", "czj"] {
                _ = try await f.workflow.perform(.approve, on: summary, by: try await f.user(login))
            }
            let trail = AuditTrail(client: client, logger: TestDatabase.logger, keys: f.keys)
            #expect(try await trail.verify().ok)
            try await tamper(
                client,
                "UPDATE documents SET status = 'filed', step_position = NULL, current_unit = NULL, step_since = NULL WHERE id = \(form)"
            )
            try await tamper(client, "UPDATE documents SET seal_sha256 = sha256('forged') WHERE id = \(summary)")
            let report = try await trail.verify()
            #expect(!report.ok)
            #expect(
                report.problems.contains { $0.hasPrefix("\(DocumentID.format(form)): its status is filed") }, "\(report.problems)"
            )
            #expect(
                report.problems.contains { $0.hasPrefix("\(DocumentID.format(summary)): the filed summary") },
                "\(report.problems)")
        }
    }
}
