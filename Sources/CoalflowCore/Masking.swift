/// Personal data as those who need not see it read it (PIPL): ID numbers and phones masked, and a
/// stored value that no longer parses masked all the same, never shown in full.
public enum Masking {
    public static func idNumber(_ text: String) -> String {
        (try? ResidentIDNumber(text))?.masked ?? unparsed(text)
    }

    public static func phone(_ text: String) -> String {
        (try? PhoneNumber(text))?.masked ?? unparsed(text)
    }

    /// The first three and last two characters, the rest starred.
    static func unparsed(_ text: String) -> String {
        String(text.prefix(3)) + String(repeating: "*", count: max(0, text.count - 5)) + String(text.suffix(2))
    }
}
