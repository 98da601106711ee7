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

    @OptionGroup var output: OutputOptions

    var serverURL: String {
        server ?? ProcessInfo.processInfo.environment["COALFLOW_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "http://127.0.0.1:8080"
    }

    var style: OutputStyle { output.style }

    /// A client with the saved or given token. `requireLogin` refuses early, with a hint, when there is none.
    func client(requireLogin: Bool = true) throws -> APIClient {
        let token =
            ProcessInfo.processInfo.environment["COALFLOW_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? SavedToken.load()?.token
        if requireLogin, token == nil {
            throw Failure(
                exitCode: Failure.Exit.forbidden, code: .unauthenticated,
                message: Message(
                    zh: "尚未登录：请先运行 coalflow login --login 登录名 --password-stdin",
                    en: "not logged in: run coalflow login --login LOGIN --password-stdin first"))
        }
        return APIClient(server: serverURL, token: token, language: style.language)
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

    static func load() -> SavedToken? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SavedToken.self, from: data)
    }

    func save() throws {
        try FileManager.default.createDirectory(
            atPath: Self.folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        // Created with 0600 from the start: the token is never readable by others, not even briefly.
        let data = try JSONEncoder().encode(self)
        guard FileManager.default.createFile(atPath: Self.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(
                exitCode: Failure.Exit.unexpected, code: .tokenNotSaved,
                message: Message(zh: "无法保存登录凭据到 \(Self.path)", en: "cannot save the token to \(Self.path)"))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: Self.path)
    }

    static func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
