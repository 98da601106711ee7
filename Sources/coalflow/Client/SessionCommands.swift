import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore
import Foundation

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in; the token is saved for later commands (mode 0600).",
        discussion: "Example: printf '%s\\n' demo-2021 | coalflow login --login caiyuan --password-stdin"
    )

    @Option(help: "Your login.") var login: String
    @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
    @Flag(help: "Print the token on stdout (for COALFLOW_TOKEN) instead of only saving it.") var printToken = false
    @OptionGroup var client: ClientOptions

    func validate() throws {
        guard passwordStdin else { throw ValidationError("the password is read from standard input: add --password-stdin") }
    }

    func run() async throws {
        let password = readLine(strippingNewline: true) ?? ""
        let api = try client.client(requireLogin: false)
        let reply: LoginResponse = try await api.post(APIPath.login, json: LoginRequest(login: login, password: password))
        try SavedToken(server: api.server, login: reply.user.login, token: reply.token, expiresAt: reply.expiresAt).save()
        if client.output.json {
            struct Out: Encodable {
                let login, unit, unitKind, role, expiresAt: String
                let token: String?
                enum CodingKeys: String, CodingKey {
                    case login, unit
                    case unitKind = "unit_kind"
                    case role
                    case expiresAt = "expires_at"
                    case token
                }
            }
            try Output.json(
                Out(
                    login: reply.user.login, unit: reply.user.unit, unitKind: reply.user.unitKind.rawValue,
                    role: reply.user.role.rawValue, expiresAt: reply.expiresAt, token: printToken ? reply.token : nil))
        } else if printToken {
            Output.line(reply.token)
        } else {
            client.style.say(
                .init(
                    zh: "已登录：\(reply.user.login)（\(reply.user.unit)，\(reply.user.role.label.zh)），有效至 \(reply.expiresAt)",
                    en:
                        "Logged in as \(reply.user.login) (\(reply.user.unit), \(reply.user.role.rawValue)) until \(reply.expiresAt)"
                ))
        }
    }
}

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "End the session and forget the saved token.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        if let api = try? client.client(), api.token != nil {
            // An expired or revoked token is as good as logged out.
            do { try await api.post(APIPath.logout) } catch let error as ClientError where error.kind == .forbidden {}
        }
        SavedToken.remove()
        if client.output.json { try Output.json(["ok": true]) } else { client.style.say(.init(zh: "已退出登录。", en: "Logged out.")) }
    }
}

struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who you are logged in as.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        let who: Whoami = try await client.client().get(APIPath.whoami)
        if client.output.json {
            try Output.json(who)
        } else {
            client.style.say(
                .init(
                    zh: "\(who.login)：单位 \(who.unit)（\(who.unitKind.label.zh)），角色 \(who.role.label.zh)",
                    en: "\(who.login): unit \(who.unit) (\(who.unitKind.rawValue)), role \(who.role.rawValue)"))
        }
    }
}
