import CoalflowStore
import Foundation

/// The folder of PostgreSQL's programs (`initdb`, `pg_ctl`, `pg_dump`, …).
public struct PostgresPrograms: Sendable {
    public let folder: String

    /// `folder` when one is given (`COALFLOW_PG_BIN`), else PostgreSQL 15 from Debian, else the newest
    /// installed version.
    public static func locate(override folder: String?) throws(StoreError) -> PostgresPrograms {
        if let folder, !folder.isEmpty { return PostgresPrograms(folder: folder) }
        let fm = FileManager.default
        let preferred = "/usr/lib/postgresql/15/bin"
        if fm.isExecutableFile(atPath: preferred + "/pg_ctl") { return PostgresPrograms(folder: preferred) }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        if let newest = versions.first(where: { fm.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/pg_ctl") }) {
            return PostgresPrograms(folder: "/usr/lib/postgresql/\(newest)/bin")
        }
        throw StoreError(
            .setup, code: .postgresMissing,
            zh: "找不到 PostgreSQL 程序（apt-get install postgresql-15，或设置 COALFLOW_PG_BIN）",
            en: "PostgreSQL binaries not found (apt-get install postgresql-15, or set COALFLOW_PG_BIN)")
    }

    /// The path of one program, e.g. `pg_dump`.
    public func path(_ program: String) -> String {
        folder + "/" + program
    }
}
