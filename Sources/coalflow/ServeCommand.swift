import ArgumentParser
import CoalflowServer
import CoalflowStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Metrics
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API server.",
        discussion: """
            With no database URL, starts (or reuses) the private PostgreSQL cluster in --data-dir and stops
            it again on shutdown (SIGINT or SIGTERM). Applies pending migrations (as the database URL's
            user) before listening; then queries as the role coalflow_app, which row-level security binds.
            Example: coalflow serve --host 127.0.0.1 --port 8080
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Hours a login token stays valid. Also COALFLOW_TOKEN_HOURS.") var tokenHours: Int?
    @Option(
        help: ArgumentHelp(
            """
            PostgreSQL URL the server's queries use, as the role coalflow_app (row-level security applies to it). \
            Also APP_DATABASE_URL. Default: the database URL with the user coalflow_app and no password.
            """, valueName: "url"))
    var appDatabaseURL: String?
    @Option(
        help: ArgumentHelp(
            """
            PostgreSQL URL of a streaming replica of the database, as the role coalflow_app: reports, progress, the \
            year-end export and the web overview read from it (a moment behind the primary). Also READ_DATABASE_URL. \
            Default: everything on the primary.
            """, valueName: "url"))
    var readDatabaseURL: String?
    @Option(help: ArgumentHelp("PEM certificate chain: serve HTTPS instead of HTTP (with --tls-key).", valueName: "file"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?
    @Option(
        help: ArgumentHelp(
            "Serve /metrics on this address (with --metrics-port) instead of on the API's port.", valueName: "address"))
    var metricsHost: String?
    @Option(help: "Port of /metrics with --metrics-host.") var metricsPort = 9464
    @Flag(
        help: """
            The client address (for the per-address login limit and logs) is the last one in X-Forwarded-For \
            when the connection comes from loopback: for a reverse proxy on this machine that sets it.
            """)
    var trustForwardedFor = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("give both --tls-cert and --tls-key, or neither") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be within 1–65535") }
        guard (1...65535).contains(metricsPort) else { throw ValidationError("--metrics-port must be within 1–65535") }
        guard metricsHost == nil || metricsPort != port else {
            throw ValidationError("--metrics-port must differ from --port")
        }
        guard (1...720).contains(try hours()) else { throw ValidationError("token lifetime must be within 1–720 hours") }
    }

    func hours() throws -> Int {
        if let tokenHours { return tokenHours }
        guard let text = ProcessInfo.processInfo.environment["COALFLOW_TOKEN_HOURS"], !text.isEmpty else { return 12 }
        guard let hours = Int(text) else { throw ValidationError("COALFLOW_TOKEN_HOURS must be a whole number") }
        return hours
    }

    /// HTTPS with the given certificate and key, else plain HTTP (behind a TLS-terminating proxy).
    func serverBuilder() throws -> HTTPServerBuilder {
        guard let tlsCert, let tlsKey else { return .http1(configuration: ServerSettings.http1) }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(tlsCert) } catch {
            throw Failure.usage(zh: "无法读取证书 \(tlsCert)：\(error)", en: "cannot read the certificate \(tlsCert): \(error)")
        }
        do { key = try NIOSSLPrivateKey(file: tlsKey, format: .pem) } catch {
            throw Failure.usage(zh: "无法读取私钥 \(tlsKey)：\(error)", en: "cannot read the private key \(tlsKey): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        // TLS 1.0 and 1.1 are broken (RFC 8996): 1.2 and 1.3 only.
        configuration.minimumTLSVersion = .tlsv12
        return try .tls(.http1(configuration: ServerSettings.http1), tlsConfiguration: configuration)
    }

    /// Migrations and operator commands run as the owner; the server's own queries as coalflow_app.
    func applicationURL(owner: DatabaseURL) throws -> DatabaseURL {
        let environment = StoreEnvironment.current
        if let text = appDatabaseURL ?? environment.appDatabaseURL {
            return try DatabaseURL(text, settings: environment.database)
        }
        return owner.connecting(as: ApplicationRole.name)
    }

    /// The replica reports read from, if any: --read-database-url, else READ_DATABASE_URL.
    func replicaURL() throws -> DatabaseURL? {
        let environment = StoreEnvironment.current
        guard let text = readDatabaseURL ?? environment.readDatabaseURL else { return nil }
        return try DatabaseURL(text, settings: environment.database)
    }

    func run() async throws {
        // Tasks run on the event loops that do the server's I/O, instead of hopping to a pool of their
        // own at every await: on 2 cores the thread wake-ups were most of a small request's time.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let logger = commandLogger("coalflow", default: .info)
        let settings = ServerSettings(
            host: host, port: port, tokenLifetime: .seconds(try hours() * 3600), server: try serverBuilder(),
            passwordCost: try bcryptCost(), trustForwardedFor: trustForwardedFor, metrics: metricsHost.map { ($0, metricsPort) },
            secureCookies: tlsCert != nil)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        try await database.withDatabase(logger: logger) { owner, url in
            // Refuse to start without the keys, or with another installation's, not at the first registration.
            let keys = try database.dataKeys()
            try await DataKeyFingerprints(client: owner, logger: logger).check(keys)
            let appURL = try applicationURL(owner: url)
            try await withPostgresClient(appURL, logger: logger) { try await ApplicationRole.check($0, logger: logger) }
            let readURL = try replicaURL()
            if let readURL {
                try await withPostgresClient(readURL, logger: logger) { try await ApplicationRole.check($0, logger: logger) }
            }
            let client = PostgresClient(configuration: ServerPool.requests.configuration(appURL), backgroundLogger: logger)
            let exports = PostgresClient(
                configuration: ServerPool.exports.configuration(readURL ?? appURL), backgroundLogger: logger)
            let reads = readURL.map {
                PostgresClient(configuration: ServerPool.reads.configuration($0), backgroundLogger: logger)
            }
            let app = buildApplication(
                settings: settings, client: client, exports: exports, reads: reads, keys: keys, metrics: registry,
                logger: logger)
            try await app.runService()
        }
    }
}
