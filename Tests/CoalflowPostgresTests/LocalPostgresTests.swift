import CoalflowPostgres
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct LocalPostgresTests {
    func answers(_ cluster: LocalPostgres) async throws -> Int {
        try await withPostgresClient(cluster.url(TestDatabase.settings), logger: TestDatabase.logger) { client in
            try await client.query("SELECT 42", logger: TestDatabase.logger).collect().first!.decode(Int.self)
        }
    }

    @Test func startsReusesAndSurvivesAStalePidFile() async throws {
        let folder = "/tmp/coalflow-lp-\(UUID().uuidString.prefix(8))"
        let cluster = LocalPostgres(folder: folder, programs: try TestDatabase.programs(), durable: false)
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
        #expect(try cluster.start() == true)
        #expect(try await answers(cluster) == 42)
        // A second start finds it running and reuses it.
        #expect(try cluster.start() == false)

        // A crash: the postmaster dies with its pid file left behind.
        let pidText = try String(contentsOfFile: folder + "/pgdata/postmaster.pid", encoding: .utf8)
        let pid = pid_t(pidText.split(separator: "\n")[0])!
        #expect(kill(pid, SIGKILL) == 0)
        for _ in 0..<50 where kill(pid, 0) == 0 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(FileManager.default.fileExists(atPath: folder + "/pgdata/postmaster.pid"))
        #expect(try cluster.isRunning() == false)

        #expect(try cluster.start() == true)
        #expect(try await answers(cluster) == 42)
        try cluster.stop()
        #expect(try cluster.isRunning() == false)
    }

    @Test func listensOnASocketOnly() throws {
        let programs = try TestDatabase.programs()
        let cluster = LocalPostgres(folder: "/tmp/coalflow-x", programs: programs)
        #expect(cluster.socketFolder == "/tmp/coalflow-x/run")
        #expect(cluster.url(TestDatabase.settings).isLocal)
        let deep = LocalPostgres(folder: "/tmp/" + String(repeating: "d", count: 100), programs: programs)
        #expect(deep.socketFolder.hasPrefix("/tmp/coalflow-"))
        #expect(deep.socketFolder.utf8.count < 40)
    }
}
