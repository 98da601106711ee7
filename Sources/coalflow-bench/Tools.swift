import CoalflowAPI
import CoalflowCore
import CoalflowPostgres
import CoalflowStore
import Foundation
import Logging
import NIOPosix
import PostgresNIO

/// Runs the release `coalflow` executable as the office and the departments would, timed by the
/// kernel: wall time and peak resident memory from /usr/bin/time.
struct Tools {
    let coalflow: String
    let server: Server

    /// Runs a program to completion (see `Spawn` for why not `Process`) on the threads for blocking
    /// work: tasks run on the event loops, which also serve the in-process server.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws
        -> Spawn.Result
    {
        try await NIOThreadPool.singleton.runIfActive { try Spawn.run(executable, arguments, environment: environment) }
    }

    /// `coalflow ARGS` under /usr/bin/time as a demo login: (exit status, seconds, peak RSS in MB).
    func timed(_ arguments: [String], as login: String, password: String = "demo-2021") async throws -> (Int32, Double, Double) {
        try await timedWith(arguments, token: try await server.token(login, password: password))
    }

    func export(slips: Int) async throws -> Results.ExportRun {
        let path = NSTemporaryDirectory() + "coalflow-bench-export.xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, seconds, rss) = try await timed(
            ["export", "year-end", "--year", "2021", "--format", "xlsx", "-o", path], as: "office")
        guard status == 0 else { throw BenchError("export failed with \(status)") }
        return .init(slips: slips, seconds: seconds, peakRSSMB: rss)
    }

    /// A 20,000-row registration file, the same with one bad row at the end, and a 20,000-row slip file.
    func imports(rows: Int, client: PostgresClient, logger: Logger) async throws -> [Results.ImportRun] {
        let admin = AdminStore(client: client, logger: logger)
        try await admin.addUnit(.init(code: "bench-import", name: "导入测试村（演示）", kind: .village, parent: "caiyuan", isDemo: true))
        try await admin.addUser(
            login: "bench-import", unit: "bench-import", role: .clerk, name: nil, password: "bench-password", bcryptCost: 4)
        let folder = NSTemporaryDirectory() + "coalflow-bench-import"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func households(_ from: Int, badLast: Bool) throws -> String {
            var text = "name,address,id_number,phone,coal_tons,stoves\n"
            for i in from..<(from + rows) {
                let phone = badLast && i == from + rows - 1 ? "12345" : "13800000000"
                text += "户主\(i),导入路\(i)号,\(Self.idNumber(i)),\(phone),1.5,0\n"
            }
            let path = folder + "/households-\(from)-\(badLast).csv"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        var results: [Results.ImportRun] = []
        let good = try households(0, badLast: false)
        let (status, seconds, _) = try await timed(
            ["registration", "create", "--year", "2021", "--file", good], as: "bench-import", password: "bench-password")
        guard status == 0 else { throw BenchError("registration import failed with \(status)") }
        results.append(
            .init(what: "registration CSV import", rows: rows, seconds: seconds, rowsPerSecond: Double(rows) / seconds))

        let bad = try households(rows, badLast: true)
        let (refused, rejectSeconds, _) = try await timed(
            ["registration", "create", "--year", "2021", "--file", bad], as: "bench-import", password: "bench-password")
        guard refused == 65 else { throw BenchError("a bad last row was not refused (\(refused))") }
        results.append(
            .init(
                what: "registration CSV with a bad last row, refused", rows: rows, seconds: rejectSeconds,
                rowsPerSecond: Double(rows) / rejectSeconds))

        // Release the form: publicized in the past, submitted, approved by the street.
        let form = try await client.query("SELECT id FROM documents WHERE origin_unit = 'bench-import'", logger: logger).collect()
            .first!.decode(Int64.self)
        try await client.query(
            "UPDATE documents SET status = 'publicizing', notice_from = '2021-09-01', notice_to = '2021-09-07' WHERE id = \(form)",
            logger: logger)
        let clerk = try await server.token("bench-import", password: "bench-password")
        _ = try await server.send("POST", APIPath.action(.submit, on: DocumentID.format(form)), token: clerk)
        _ = try await server.send(
            "POST", APIPath.action(.approve, on: DocumentID.format(form)), token: try await server.token("caiyuan"))
        var slips = "id_number,date,coal_tons,stoves\n"
        for i in 0..<rows { slips += "\(Self.idNumber(i)),2021-11-\(String(format: "%02d", 1 + i % 28)),1.5,\n" }
        let slipFile = folder + "/slips.csv"
        try slips.write(toFile: slipFile, atomically: true, encoding: .utf8)
        let (slipStatus, slipSeconds, _) = try await timed(["slip", "import", slipFile], as: "demo-coal-a")
        guard slipStatus == 0 else { throw BenchError("slip import failed with \(slipStatus)") }
        results.append(
            .init(what: "slip CSV import", rows: rows, seconds: slipSeconds, rowsPerSecond: Double(rows) / slipSeconds))
        return results
    }

    /// `coalflow approve D…` typed by the street's reviewer, form after form: a command's whole round trip
    /// (process start, HTTP, one transaction with its audit event), timed here to the microsecond.
    func approveRoundTrip(_ forms: [Int64]) async throws -> Timings {
        let token = try await server.token("caiyuan")
        let environment = ProcessInfo.processInfo.environment.merging(["COALFLOW_SERVER": server.url, "COALFLOW_TOKEN": token]) {
            $1
        }
        var samples: [Double] = []
        for form in forms {
            let start = ContinuousClock.now
            let result = try await Self.run(coalflow, ["approve", DocumentID.format(form)], environment: environment)
            guard result.status == 0 else { throw BenchError("approve \(DocumentID.format(form)): \(result.output.suffix(500))") }
            samples.append(ApprovalLoad.milliseconds(ContinuousClock.now - start))
        }
        return Timings(samples)
    }

    func timedWith(_ arguments: [String], token: String) async throws -> (Int32, Double, Double) {
        let environment = ProcessInfo.processInfo.environment.merging(["COALFLOW_SERVER": server.url, "COALFLOW_TOKEN": token]) {
            $1
        }
        let result = try await Self.run("/usr/bin/time", ["-f", "TIMED %e %M", coalflow] + arguments, environment: environment)
        guard let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("TIMED ") }) else {
            throw BenchError("no timing: \(result.output.suffix(2000))")
        }
        let parts = line.split(separator: " ")
        return (result.status, Double(parts[1]) ?? 0, (Double(parts[2]) ?? 0) / 1024)
    }

    /// Valid ID numbers in an area code of their own (370911), apart from the generated season's.
    static func idNumber(_ serial: Int) -> String {
        let day = serial % 28 + 1
        let month = (serial / 28) % 12 + 1
        let year = 1950 + (serial / 336) % 60
        let body = "370911" + String(format: "%04d%02d%02d%03d", year, month, day, (serial / 20_160) % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + $1.0.wholeNumberValue! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }
}
