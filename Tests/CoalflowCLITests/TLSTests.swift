import CoalflowPostgres
import CoalflowTestSupport
import Foundation
import Testing

/// `serve --tls-cert --tls-key`: HTTPS with the given certificate, and no plain HTTP on that port.
@Suite struct TLSTests {
    func run(_ program: String, _ arguments: [String]) throws -> Spawn.Result {
        try Spawn.run(program, arguments)
    }

    @Test func theServerSpeaksHTTPSWithItsCertificate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (cert, key) = (folder + "/cert.pem", folder + "/key.pem")
        let made = try run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert,
            ])
        #expect(made.status == 0, "\(made.output)")

        try await TestDatabase.with { url in
            let cli = CLI(databaseURL: url.urlString, extra: ["LOG_LEVEL": "warning"])
            #expect(try cli.run("migrate").status == 0)
            let port = Int.random(in: 20_000...40_000)
            let server = try cli.start(["serve", "--port", "\(port)", "--tls-cert", cert, "--tls-key", key])
            defer { ServerProcess.stop(server) }
            var answer = try run("/usr/bin/curl", ["-sS", "--cacert", cert, "https://127.0.0.1:\(port)/healthz"])
            for _ in 0..<100 where answer.status != 0 {
                try await Task.sleep(for: .milliseconds(100))
                answer = try run("/usr/bin/curl", ["-sS", "--cacert", cert, "https://127.0.0.1:\(port)/healthz"])
            }
            #expect(answer.status == 0 && answer.output.contains("ok"), "\(answer.output)")
            let plain = try run("/usr/bin/curl", ["-sS", "--max-time", "5", "http://127.0.0.1:\(port)/healthz"])
            #expect(plain.status != 0 || !plain.output.contains("\"ok\""), "plain HTTP is not served: \(plain.output)")
        }

        let missing = try CLI(databaseURL: "postgres://x@127.0.0.1:1/x").run("serve", "--tls-cert", cert)
        #expect(missing.status == 64, "--tls-cert without --tls-key: \(missing)")
    }
}
