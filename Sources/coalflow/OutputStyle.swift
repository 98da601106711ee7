import ArgumentParser
import CoalflowCore
import Foundation

/// `--json` and `--lang`, accepted by every command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print exactly one JSON document on stdout (errors as JSON on stderr).")
    var json = false

    @Option(help: "Language of human output: zh (default) or en. Also COALFLOW_LANG.")
    var lang: Language?

    var style: OutputStyle {
        OutputStyle(json: json, language: lang ?? OutputStyle.environmentLanguage)
    }
}

extension Language: ExpressibleByArgument {}

struct OutputStyle {
    var json: Bool
    var language: Language

    static var environmentLanguage: Language {
        ProcessInfo.processInfo.environment["COALFLOW_LANG"].flatMap(Language.init(rawValue:)) ?? .zh
    }

    /// For errors raised before or outside a command's own options: read the raw arguments.
    static func fromArguments(_ arguments: [String] = CommandLine.arguments) -> OutputStyle {
        var language = environmentLanguage
        for (index, argument) in arguments.enumerated() {
            if argument == "--lang", index + 1 < arguments.count, let l = Language(rawValue: arguments[index + 1]) {
                language = l
            }
            if argument.hasPrefix("--lang="), let l = Language(rawValue: String(argument.dropFirst(7))) { language = l }
        }
        return OutputStyle(json: arguments.contains("--json"), language: language)
    }

    /// The text in the output's language.
    func text(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    func say(_ message: Message) {
        Output.line(message.text(language))
    }

    /// A note for the person beside an id printed on stdout, so that `id=$(coalflow …)` gets the id alone.
    func note(_ message: Message) {
        Output.error(message.text(language))
    }
}

/// Writes through FileHandle: `print` buffers, and Swift 6 refuses `fflush(stdout)`.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
