import Foundation

/// Text a person typed or a file held: names, addresses, comments, reasons. Stored in one canonical
/// form (Unicode NFC, trimmed), so 张 typed two ways is one name; control characters and invisible
/// format characters (direction overrides, zero-width spaces) are refused.
public enum FreeText {
    /// - Parameters:
    ///   - label: how the user knows the field, for the message (e.g. 户主姓名 / the name).
    ///   - multiline: comments may have line breaks; names and addresses may not.
    public static func clean(
        _ raw: String, field: String, label: Message, maxLength: Int, multiline: Bool = false
    ) throws(InputError) -> String {
        let text = raw.trimmingSpaces().precomposedStringWithCanonicalMapping
        guard !text.isEmpty else {
            throw InputError(field: field, zh: "\(label.zh)不能为空", en: "\(label.en) is empty")
        }
        // Counted as PostgreSQL's length() counts (code points), so what passes here fits the column.
        let length = text.unicodeScalars.count
        guard length <= maxLength else {
            throw InputError(
                field: field, zh: "\(label.zh)最多 \(maxLength) 个字，这里有 \(length) 个",
                en: "\(label.en) has \(length) characters, at most \(maxLength) are allowed")
        }
        if let bad = text.unicodeScalars.first(where: { isRefused($0, multiline: multiline) }) {
            let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw InputError(
                field: field, zh: "\(label.zh)含有不可见的控制字符 \(code)",
                en: "\(label.en) contains the invisible control character \(code)")
        }
        return text
    }

    /// Controls, and every invisible format character (Unicode category Cf: direction marks and
    /// overrides, zero-width spaces and joiners, U+061C, the BOM, soft hyphens), which make two names
    /// that look alike differ, or text display differently from what it is; line and paragraph
    /// separators too. Chinese names and addresses need none of them.
    static func isRefused(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        if multiline, scalar == "\n" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
