import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL connection URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`. A Unix
/// socket folder goes in `?host=/path` as with libpq, e.g. `postgres://coalflow@/coalflow?host=/run/pg`.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public let configuration: PostgresClient.Configuration
    /// The URL with its password hidden, safe for logs.
    public let description: String
    /// The URL as given, password included: for handing to a child process, never for logs.
    public let urlString: String
    /// True for a Unix socket or a loopback address; tests refuse anything else.
    public let isLocal: Bool
    public let settings: DatabaseSettings
    /// TLS to the server, as libpq's `sslmode` says it; the default for a host off this machine is
    /// `require`, so that no one on the path can talk the connection down to plain text.
    public let sslMode: SSLMode

    public enum SSLMode: String, Sendable {
        /// Plain text: a Unix socket or loopback only, unless asked for.
        case disable
        /// TLS when the server offers it (`allow` means the same here).
        case prefer
        /// TLS or no connection; the certificate is not checked (libpq's meaning).
        case require
        /// TLS with a certificate from a trusted authority, for any host name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for this host name: the setting for production.
        case verifyFull = "verify-full"
    }

    public init(_ text: String, settings: DatabaseSettings = DatabaseSettings()) throws(StoreError) {
        func bad(_ zh: String, _ en: String) -> StoreError {
            StoreError(.invalid, code: .badDatabaseUrl, zh: "数据库 URL 无效：\(zh)", en: "database URL is not valid: \(en)")
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme else {
            throw bad("应形如 postgres://用户@主机:端口/数据库", "expected postgres://USER@HOST:PORT/DATABASE")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw bad("协议应为 postgres:// 而不是 \(scheme)://", "scheme must be postgres://, not \(scheme)://")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw bad("缺少数据库名（/数据库）", "the database name (/DATABASE) is missing")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let username = url.user?.removingPercentEncoding ?? settings.defaultUser
        let password = url.password?.removingPercentEncoding
        let host = (url.host?.removingPercentEncoding).flatMap { $0.isEmpty ? nil : $0 }

        var configuration: PostgresClient.Configuration
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let port = url.port ?? 5432
            configuration = .init(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password, database: database)
            isLocal = true
            sslMode = .disable
        } else {
            guard let host else { throw bad("缺少主机名", "the host is missing") }
            if let port = url.port, !(1...65535).contains(port) { throw bad("端口 \(port) 超出范围", "port \(port) is out of range") }
            let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) || host.hasPrefix("127.")
            let text = query["sslmode"].map { $0 == "allow" ? "prefer" : $0 } ?? (loopback ? "disable" : "require")
            guard let mode = SSLMode(rawValue: text) else { throw bad("不支持 sslmode=\(text)", "sslmode=\(text) is not supported") }
            var client = TLSConfiguration.makeClientConfiguration()
            switch mode {
            case .require: client.certificateVerification = .none
            case .verifyCA: client.certificateVerification = .noHostnameVerification
            default: break
            }
            let tls: PostgresClient.Configuration.TLS =
                switch mode {
                case .disable: .disable
                case .prefer: .prefer(client)
                case .require, .verifyCA, .verifyFull: .require(client)
                }
            sslMode = mode
            configuration = .init(
                host: host, port: url.port ?? 5432, username: username, password: password, database: database, tls: tls)
            isLocal = loopback
        }
        configuration.options.connectTimeout = settings.connectTimeout
        self.configuration = configuration
        self.settings = settings
        urlString = text
        var shown = url
        if shown.password != nil { shown.password = "***" }
        description = shown.string ?? "postgres://…"
        var bare = url
        bare.password = nil
        libpqURL = bare.string ?? text
        libpqPassword = password
    }

    /// The same database as another role: the server's pool connects as `coalflow_app` (see sql/0009).
    /// Without a password that suits a local socket with trust or peer authentication, as the private
    /// cluster has; elsewhere give the application its own URL.
    public func connecting(as user: String, password: String? = nil) -> DatabaseURL {
        var url = URLComponents(string: urlString)!
        url.user = user
        url.password = password
        return try! DatabaseURL(url.string!, settings: settings)
    }

    /// For PostgreSQL's own programs (pg_dump, pg_restore): the URL without its password, which goes in
    /// PGPASSWORD instead, so it never shows in a process list.
    public let libpqURL: String
    public let libpqPassword: String?
}
