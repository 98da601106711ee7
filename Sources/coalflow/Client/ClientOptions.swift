import ArgumentParser
import CoalflowClient
import CoalflowCore
import Foundation

/// How a department command reaches the server and who it acts as: `--server`, else
/// `COALFLOW_SERVER`, else http://127.0.0.1:8080; the token from `COALFLOW_TOKEN`, else the one
/// `coalflow login` saved.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Server URL. Also COALFLOW_SERVER.", valueName: "url"))
    var server: String?

    @Flag(help: "Allow plain http to a server that is not on this machine (passwords and tokens travel readable).")
    var insecure = false

    @OptionGroup var output: OutputOptions

    var serverURL: String {
        server ?? ProcessInfo.processInfo.environment["COALFLOW_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "http://127.0.0.1:8080"
    }

    var style: OutputStyle { output.style }

    /// A client with the given token, or the one saved for this very server: a saved token never goes to
    /// another server than the one that issued it. `requireLogin` refuses early, with a hint, when there is
    /// none. Plain http leaves this machine only with `--insecure`.
    func client(requireLogin: Bool = true) throws -> APIClient {
        let server = try checkedServer()
        let saved = SavedToken.load()
        let token =
            ProcessInfo.processInfo.environment["COALFLOW_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? saved.flatMap { SavedToken.sameServer($0.server, server) ? $0.token : nil }
        if requireLogin, token == nil {
            let elsewhere = saved.map { " (the saved login is for \($0.server))" } ?? ""
            throw Failure(
                exitCode: Failure.Exit.forbidden, code: .unauthenticated,
                message: Message(
                    zh:
                        "尚未登录 \(server)\(saved.map { "（已保存的登录属于 \($0.server)）" } ?? "")：请先运行 coalflow login --login 登录名 --password-stdin",
                    en: "not logged in to \(server)\(elsewhere): run coalflow login --login LOGIN --password-stdin first"))
        }
        return APIClient(server: server, token: token, language: style.language)
    }

    /// The server URL, refused when it would carry a password or token in plain text off this machine.
    func checkedServer() throws -> String {
        let text = serverURL
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            ["http", "https"].contains(scheme)
        else {
            throw Failure.usage(
                zh: "服务器地址「\(text)」无效，应形如 https://主机:端口", en: "'\(text)' is not a server URL such as https://HOST:PORT")
        }
        let loopback = ["localhost", "::1", "[::1]"].contains(host) || host.hasPrefix("127.")
        guard scheme == "https" || loopback || insecure else {
            throw Failure.usage(
                zh: "拒绝以明文 http 连接本机以外的服务器 \(host)（密码和令牌会被窃听）：请用 https，或加 --insecure",
                en:
                    "refusing plain http to \(host), which is not this machine (passwords and tokens would travel readable): use https, or --insecure"
            )
        }
        return text
    }
}

/// The token `coalflow login` keeps, in a file only its owner can read.
struct SavedToken: Codable {
    var server: String
    var login: String
    var token: String
    var expiresAt: String

    static var folder: String {
        if let dir = ProcessInfo.processInfo.environment["COALFLOW_CONFIG_DIR"], !dir.isEmpty { return dir }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/coalflow").path
    }

    static var path: String { folder + "/token.json" }

    /// The same server, however its URL is spelt (a trailing slash, the case of the host).
    static func sameServer(_ a: String, _ b: String) -> Bool {
        func key(_ text: String) -> String {
            let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
            return trimmed.lowercased()
        }
        return key(a) == key(b)
    }

    static func load() -> SavedToken? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SavedToken.self, from: data)
    }

    func save() throws {
        try FileManager.default.createDirectory(
            atPath: Self.folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        // Written to a new file opened with mode 0600 (never readable by others, not even briefly), then
        // renamed over the old one.
        let data = try JSONEncoder().encode(self)
        let temporary = Self.path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        let written = fd >= 0 && data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == data.count
        if fd >= 0 { close(fd) }
        guard written, rename(temporary, Self.path) == 0 else {
            unlink(temporary)
            throw Failure(
                exitCode: Failure.Exit.unexpected, code: .tokenNotSaved,
                message: Message(zh: "无法保存登录凭据到 \(Self.path)", en: "cannot save the token to \(Self.path)"))
        }
    }

    static func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
