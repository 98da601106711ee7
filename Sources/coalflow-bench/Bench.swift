import ArgumentParser
import CoalflowCore
import CoalflowPostgres
import CoalflowServer
import CoalflowStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Measures coalflow on this machine, beside PostgreSQL's own limit, in one run (`make bench`).
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coalflow-bench",
        abstract: "Approvals per second against pgbench, queue and list latency, export and import speed.",
        discussion: "Example: coalflow-bench --scale district --seconds 20")

    enum Scale: String, ExpressibleByArgument {
        /// 20,000 households: minutes.
        case district
        /// 2,000,000 households: long, for a quiet machine with disk to spare.
        case province

        var households: Int { self == .district ? 20_000 : 2_000_000 }
        /// 85,000 slips at district scale, 5,100,000 at province scale: the households of filed forms (17 in 20).
        var slipsPerHousehold: Int { self == .district ? 5 : 3 }
    }

    enum Phase: String, ExpressibleByArgument, CaseIterable {
        case approvals, commands, latency, export, imports
    }

    @Option(help: "district (20,000 households) or province (2,000,000).") var scale: Scale = .district
    @Option(help: "Seconds per throughput run.") var seconds = 20
    @Option(help: "Concurrent clients per throughput run.") var clients: [Int] = [8, 32]
    @Option(help: "Folder of the benchmark's own PostgreSQL cluster.") var dataDir = "/tmp/coalflow-bench"
    @Option(help: "Where the results go as JSON.") var output = "bench/results/latest.json"
    @Option(help: "The coalflow executable (release build) for the export and import runs.") var coalflow =
        ".build/release/coalflow"
    @Option(help: "Also export at these slip counts, generating more data on top.") var exportSlips: [Int] = [1_000_000]
    @Option(help: "Measure only these: approvals, commands, latency, export, imports (all by default).") var phases: [Phase] =
        Phase.allCases
    @Flag(help: "Measure latency or export again on the data set a previous run left in --data-dir, instead of generating one.")
    var reuseData = false

    func run() async throws {
        // As `coalflow serve` runs: tasks on the event loops (see ServeCommand).
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var logger = Logger(label: "coalflow.bench")
        logger.logLevel = .warning
        if !reuseData { try? FileManager.default.removeItem(atPath: dataDir) }
        // The executable's overrides of where PostgreSQL's programs and the migrations are; the cluster is
        // the benchmark's own, and so are its data keys.
        let environment = ProcessInfo.processInfo.environment
        let cluster = LocalPostgres(
            folder: dataDir, programs: try PostgresPrograms.locate(override: environment["COALFLOW_PG_BIN"]))
        let migrator = try Migrator.locate(override: environment["COALFLOW_MIGRATIONS"])
        try cluster.start()
        defer { try? cluster.stop() }
        let url = cluster.url(DatabaseSettings())
        let keys = try cluster.dataKeys()
        var results = Results(machine: Machine.describe(), scale: scale.rawValue)

        try await withPostgresClient(url, logger: logger) { client in
            try await migrator.migrate(client, logger: logger)
            try await Seeder(client: client, logger: logger).seed(Taishan2021.plan, demo: Taishan2021.demo, bcryptCost: 4)
            let port = Int.random(in: 41_000...48_000)
            let server = Server(url: "http://127.0.0.1:\(port)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                let app = buildApplication(
                    settings: .init(port: port),
                    client: PostgresClient(
                        configuration: url.connecting(as: ApplicationRole.name).configuration, backgroundLogger: logger),
                    keys: keys, logger: logger)
                group.addTask { try await app.run() }
                try await server.waitUntilReady()

                if phases.contains(.approvals) {
                    Report.say("approval throughput (\(seconds) s per run)")
                    for c in clients {
                        let (throughput, forms) = try await ApprovalLoad(client: client, server: server, logger: logger).run(
                            clients: c, seconds: seconds)
                        let reviewer = try await client.query("SELECT id FROM users WHERE login = 'caiyuan'", logger: logger)
                            .collect().first!.decode(Int64.self)
                        let approvalSQL = try await PGBench(cluster: cluster).runApprovalSQL(
                            clients: c, seconds: seconds, documents: forms, reviewer: reviewer)
                        let pgbench = try await PGBench(cluster: cluster).run(clients: c, seconds: seconds)
                        let row = Results.Approvals(
                            clients: c, throughput: throughput, pgbenchTPS: pgbench, approvalSQLTPS: approvalSQL)
                        results.approvals.append(row)
                        Report.say("  C=\(c): \(row.summary)")
                    }
                }
                let tools = Tools(coalflow: coalflow, server: server)
                if phases.contains(.commands) {
                    let forms = try await ApprovalLoad(client: client, server: server, logger: logger).waitingAtTheStreet(30)
                    let timings = try await tools.approveRoundTrip(forms)
                    results.approveCommand = timings
                    Report.say(
                        String(
                            format: "`coalflow approve` round trip: p50 %.1f ms, p99 %.1f ms over %d commands", timings.p50,
                            timings.p99, timings.count))
                }
                if phases.contains(.latency) || phases.contains(.export) {
                    let data = DataSet(client: client, logger: logger, migrations: migrator, keys: keys)
                    if !reuseData { Report.say("generating \(scale.households) households") }
                    let generated =
                        reuseData
                        ? try await data.counted(seconds: 0, encryptSeconds: 0)
                        : try await data.generate(
                            households: scale.households, slipsPerHousehold: scale.slipsPerHousehold, waiting: true, prefix: "gen"
                        )
                    results.dataSet = generated
                    Report.say("  \(generated)")
                    if phases.contains(.latency) {
                        results.latency = try await Latency(server: server).measure(calls: 200)
                        results.latency.forEach { Report.say("  \($0.summary)") }
                    }
                    if phases.contains(.export) {
                        results.export.append(try await tools.export(slips: generated.slips))
                        Report.say("  \(results.export.last!.summary)")
                        for target in exportSlips where target > generated.slips {
                            let more = try await data.generate(
                                households: (target - generated.slips) / 5, slipsPerHousehold: 5, waiting: false,
                                prefix: "gen\(target)",
                                base: generated.households)
                            Report.say("  \(more)")
                            results.export.append(try await tools.export(slips: more.slips))
                            Report.say("  \(results.export.last!.summary)")
                        }
                    }
                }
                if phases.contains(.imports) {
                    results.imports = try await tools.imports(rows: 20_000, client: client, logger: logger)
                    results.imports.forEach { Report.say("  \($0.summary)") }
                }
                group.cancelAll()
            }
        }
        try results.write(to: output)
        Report.say("wrote \(output)")
    }
}

enum Report {
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
