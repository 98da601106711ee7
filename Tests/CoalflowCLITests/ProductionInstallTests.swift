import CoalflowPostgres
import CoalflowStore
import CoalflowTestSupport
import Foundation
import Testing

/// README "Production", step by step: deploy/install.sh makes the roles with passwords, the key file, a
/// self-signed certificate and the settings, then the unit's own ExecStart, with its environment file
/// and nothing else, serves HTTPS that answers /readyz and refuses TLS 1.1.
@Suite struct ProductionInstallTests {
    /// The checkout: the folder above the build folder that holds deploy/.
    static func checkout() throws -> String {
        var folder = URL(fileURLWithPath: try CLI.executable()).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("deploy/install.sh").path) {
                return folder.path
            }
            folder = folder.deletingLastPathComponent()
        }
        throw TestSupportError("no deploy/install.sh above the build folder")
    }

    /// `KEY=VALUE` lines, as systemd's EnvironmentFile reads them.
    static func environmentFile(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }

    @Test func theProductionStepsServeHTTPSWithTheirOwnRolesAndKeys() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("coalflow-prod-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await TestDatabase.with { url in
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let (database, owner) = ("prod_\(suffix)", "prod_owner_\(suffix)")
            var superuser = URLComponents(string: url.urlString)!
            superuser.path = "/postgres"
            let socket = superuser.queryItems?.first { $0.name == "host" }?.value ?? ""
            let port = Int.random(in: 20_000...40_000)
            let etc = root + "/etc"
            let cli = CLI(databaseURL: url.urlString)
            let psql = try TestDatabase.programs().path("psql")
            defer {
                _ = try? cli.run(
                    executable: psql,
                    [
                        superuser.string!, "-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)", "-c",
                        "DROP ROLE IF EXISTS \(owner)",
                    ])
            }

            let install = try cli.run(
                executable: "/usr/bin/env",
                [
                    "PREFIX=\(root)/opt", "ETC=\(etc)",
                    "BUILD=\(URL(fileURLWithPath: try CLI.executable()).deletingLastPathComponent().path)",
                    "PSQL=\(psql) \(superuser.string!)", "DB_HOST=\(socket)", "DB_NAME=\(database)", "DB_OWNER=\(owner)",
                    "HOST=127.0.0.1", "PORT=\(port)", "CERT_NAME=localhost", "SERVICE_USER=", "SYSTEMD=no",
                    "/bin/sh", try Self.checkout() + "/deploy/install.sh",
                ])
            #expect(install.status == 0, "\(install)")

            // The key file: private, and a valid one.
            let keys = try FileManager.default.attributesOfItem(atPath: etc + "/data-keys")
            #expect((keys[.posixPermissions] as? Int).map { $0 & 0o077 } == 0o040, "readable by the service's group only")
            _ = try PersonalDataKeys(contentsOfFile: etc + "/data-keys")
            // Both roles have passwords, and the server's is the one in the settings.
            let settings = try Self.environmentFile(etc + "/coalflow.env")
            let appURL = try DatabaseURL(try #require(settings["APP_DATABASE_URL"]))
            #expect(appURL.libpqPassword?.count == 48 && appURL.configuration.username == "coalflow_app")
            let passwords = try cli.run(
                executable: psql,
                [
                    superuser.string!, "-At", "-c",
                    "SELECT rolname FROM pg_authid WHERE rolname IN ('coalflow_app', '\(owner)') AND rolpassword IS NOT NULL ORDER BY 1",
                ])
            #expect(passwords.stdout.split(separator: "\n") == ["coalflow_app", Substring(owner)], "\(passwords)")

            // The unit's command line, its ${…} filled from the environment file, with nothing else.
            let unit = try String(contentsOfFile: etc + "/coalflow.service", encoding: .utf8)
            let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }).dropFirst(10)
            let words = execStart.split(separator: " ").map { word in
                word.hasPrefix("${") ? settings[String(word.dropFirst(2).dropLast())] ?? "" : String(word)
            }
            let server = Process()
            server.executableURL = URL(fileURLWithPath: words[0])
            server.arguments = Array(words.dropFirst())
            server.environment = settings.merging(["PATH": "/usr/bin:/bin"]) { $1 }
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer { ServerProcess.stop(server) }

            let curl = ["-sSf", "--max-time", "5", "--cacert", etc + "/tls/cert.pem", "https://localhost:\(port)/readyz"]
            var ready = try Spawn.run("/usr/bin/curl", curl)
            for _ in 0..<150 where ready.status != 0 {
                try await Task.sleep(for: .milliseconds(200))
                ready = try Spawn.run("/usr/bin/curl", curl)
            }
            #expect(ready.status == 0 && ready.output.contains("\"ready\""), "\(ready.output)")
            let handshake = { (version: String) in
                try Spawn.run(
                    "/bin/sh",
                    ["-c", "openssl s_client -connect 127.0.0.1:\(port) -\(version) -cipher DEFAULT@SECLEVEL=0 </dev/null"])
            }
            #expect(try handshake("tls1_1").status != 0, "TLS 1.1 is refused")
            #expect(try handshake("tls1_2").status == 0, "TLS 1.2 is served")
        }
    }
}
