import ArgumentParser
import CoalflowAPI
import CoalflowClient
import CoalflowCore
import CoalflowStore
import Foundation

/// An error as the user sees it: exit code, stable code, message and details.
struct Failure: Error {
    let exitCode: Int32
    let code: ErrorCode
    let message: Message
    let details: [String]

    /// Exit codes of the command-line contract.
    enum Exit {
        static let unexpected: Int32 = 1
        static let usage: Int32 = 64
        static let rejected: Int32 = 65
        static let notFound: Int32 = 66
        static let unreachable: Int32 = 69
        static let conflict: Int32 = 75
        static let forbidden: Int32 = 77
    }

    init(exitCode: Int32, code: ErrorCode, message: Message, details: [String] = []) {
        self.exitCode = exitCode
        self.code = code
        self.message = message
        self.details = details
    }

    /// Nil for ArgumentParser's own errors (help, usage), which it prints itself.
    init?(_ error: any Error) {
        switch error {
        case let failure as Failure:
            self = failure
        case let store as StoreError:
            let exit: Int32 =
                switch store.kind {
                case .invalid: Exit.rejected
                case .notFound: Exit.notFound
                case .conflict: Exit.conflict
                case .forbidden: Exit.forbidden
                case .unavailable: Exit.unreachable
                case .setup: Exit.unexpected
                }
            self.init(exitCode: exit, code: store.code, message: store.message, details: store.details)
        case let input as InputError:
            self.init(StoreError(input))
        case let client as ClientError:
            let exit: Int32 =
                switch client.kind {
                case .rejected: Exit.rejected
                case .notFound: Exit.notFound
                case .conflict: Exit.conflict
                case .forbidden: Exit.forbidden
                case .unreachable: Exit.unreachable
                case .usage: Exit.usage
                case .unexpected: Exit.unexpected
                }
            // The server already chose the language of its message.
            self.init(
                exitCode: exit, code: client.code, message: Message(zh: client.message, en: client.message),
                details: client.details)
        case is ExitCode, is CleanExit, is ValidationError:
            return nil
        default:
            // ArgumentParser's parse errors are internal types; it prints and exits for them itself.
            if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") { return nil }
            self.init(
                exitCode: Exit.unexpected, code: .unexpected,
                message: Message(zh: "意外错误：\(String(reflecting: error))", en: "unexpected error: \(String(reflecting: error))"))
        }
    }

    static func usage(zh: String, en: String) -> Failure {
        Failure(exitCode: Exit.usage, code: .usage, message: Message(zh: zh, en: en))
    }

    func print(_ style: OutputStyle) {
        if style.json {
            let body = ErrorResponse(code: code, message: message.text(style.language), details: details)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            Output.error(String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self))
        } else {
            Output.error((style.language == .zh ? "错误：" : "error: ") + message.text(style.language))
            details.forEach { Output.error("  " + $0) }
        }
    }
}
