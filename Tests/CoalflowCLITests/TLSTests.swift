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
            // TLS 1.1 is refused, even to a client that offers it with every old cipher; 1.2 is taken.
            let handshake = { (version: String) in
                try self.run(
                    "/bin/sh",
                    ["-c", "openssl s_client -connect 127.0.0.1:\(port) -\(version) -cipher DEFAULT@SECLEVEL=0 </dev/null"])
            }
            #expect(try handshake("tls1_1").status != 0, "TLS 1.1 must be refused")
            #expect(try handshake("tls1_2").status == 0, "TLS 1.2 is served")
            let plain = try run("/usr/bin/curl", ["-sS", "--max-time", "5", "http://127.0.0.1:\(port)/healthz"])
            #expect(plain.status != 0 || !plain.output.contains("\"ok\""), "plain HTTP is not served: \(plain.output)")
        }

        let missing = try CLI(databaseURL: "postgres://x@127.0.0.1:1/x").run("serve", "--tls-cert", cert)
        #expect(missing.status == 64, "--tls-cert without --tls-key: \(missing)")
    }
}
