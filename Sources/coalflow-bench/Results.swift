import Foundation

/// Latencies of one kind of request, in milliseconds.
struct Timings: Codable {
    var count: Int
    var p50: Double
    var p99: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    }
}

struct Throughput: Codable {
    var approvals: Int
    var seconds: Double
    var perSecond: Double
    var latencyMs: Timings
    var errors: Int

    var summary: String {
        String(
            format: "%.0f approvals/s (%d in %.1f s), p50 %.1f ms, p99 %.1f ms, %d errors",
            perSecond, approvals, seconds, latencyMs.p50, latencyMs.p99, errors)
    }
}

struct Results: Encodable {
    struct Approvals: Encodable {
        var clients: Int
        var throughput: Throughput
        var pgbenchTPS: Double
        /// pgbench running an approval's own statements: the database's share, without HTTP and server.
        var approvalSQLTPS: Double
        var ratio: Double { throughput.perSecond / pgbenchTPS }

        var summary: String {
            String(
                format: "%@; pgbench %.0f TPS, ratio %.2f; the approval's SQL alone %.0f TPS", throughput.summary, pgbenchTPS,
                ratio, approvalSQLTPS)
        }

        enum CodingKeys: String, CodingKey {
            case clients, throughput
            case pgbenchTPS = "pgbench_tps"
            case ratio
            case approvalSQLTPS = "approval_sql_tps"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(clients, forKey: .clients)
            try c.encode(throughput, forKey: .throughput)
            try c.encode(pgbenchTPS, forKey: .pgbenchTPS)
            try c.encode(ratio, forKey: .ratio)
            try c.encode(approvalSQLTPS, forKey: .approvalSQLTPS)
        }
    }

    struct LatencyRow: Codable {
        var request: String
        var login: String
        var timings: Timings
        var summary: String {
            String(
                format: "%@ as %@: p50 %.2f ms, p99 %.2f ms over %d calls", request, login, timings.p50, timings.p99,
                timings.count)
        }
    }

    struct ExportRun: Codable {
        var slips: Int
        var seconds: Double
        var peakRSSMB: Double
        var summary: String {
            String(format: "year-end XLSX export of %d slips: %.1f s, peak RSS %.0f MB", slips, seconds, peakRSSMB)
        }
    }

    struct ImportRun: Codable {
        var what: String
        var rows: Int
        var seconds: Double
        var rowsPerSecond: Double
        var summary: String { String(format: "%@: %d rows in %.2f s (%.0f rows/s)", what, rows, seconds, rowsPerSecond) }
    }

    var machine: String
    var scale: String
    var date = ISO8601DateFormatter().string(from: Date())
    var approvals: [Approvals] = []
    var dataSet: DataSet.Generated?
    var latency: [LatencyRow] = []
    var export: [ExportRun] = []
    var imports: [ImportRun] = []
    /// `coalflow approve` run as a command, one form at a time, in milliseconds.
    var approveCommand: Timings?

    init(machine: String, scale: String) {
        self.machine = machine
        self.scale = scale
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}

enum Machine {
    /// Cores, memory and CPU model, as the kernel reports them.
    static func describe() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(
                in: .whitespaces) ?? "?"
        let memory =
            (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first?.split(separator: " ").dropFirst().first.flatMap { Double($0) }.map {
                String(format: "%.0f GiB", $0 / 1_048_576)
            } ?? "?"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory), \(cpu)"
    }
}
