/// The language of human output: Chinese by default, English on request.
public enum Language: String, Sendable, CaseIterable {
    case zh, en
}

/// A sentence for a person, in both languages the product speaks.
public struct Message: Sendable, Hashable, CustomStringConvertible {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func text(_ language: Language) -> String {
        language == .zh ? zh : en
    }

    public var description: String { en }

    /// Several sentences as one: joined with a Chinese semicolon in Chinese, "; " in English.
    public static func joined(_ parts: [Message]) -> Message {
        Message(zh: parts.map(\.zh).joined(separator: "；"), en: parts.map(\.en).joined(separator: "; "))
    }
}
