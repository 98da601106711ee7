/// Bounds and settings named once, used by every layer. The SQL schema states the same year range in
/// `program_years` and the same time zone in `program_local_time` (sql/0002).
public enum ProgramYear {
    /// A program year is named after the plan's year.
    public static let range = 2000...2100
}

/// The program's clock: dates and times are those of Tai'an.
public enum ProgramClock {
    public static let timeZoneIdentifier = "Asia/Shanghai"
}

/// Pages of documents, slips and the like.
public enum Paging {
    /// A page when the caller does not say.
    public static let defaultLimit = 500
    /// The largest page one request may ask for.
    public static let maxLimit = 5000
    public static let limits = 1...maxLimit
}
