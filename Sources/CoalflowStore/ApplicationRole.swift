import Logging
import PostgresNIO

/// The role the server's pool connects as: it owns nothing and row-level security applies to it.
public enum ApplicationRole {
    public static let name = "coalflow_app"

    /// Refuses a pool whose role would bypass row-level security (a superuser, BYPASSRLS, or the owner
    /// of the tables): the second wall would silently not be there.
    public static func check(_ client: PostgresClient, logger: Logger) async throws {
        let rows = try await client.query(
            """
            SELECT current_user::text, r.rolsuper OR r.rolbypassrls OR t.tableowner = current_user,
                   has_table_privilege('public.documents', 'SELECT, INSERT, UPDATE')
            FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.schemaname = 'public' AND t.tablename = 'documents'
            """, logger: logger
        ).collect()
        guard let (role, bypasses, granted) = try rows.first?.decode((String, Bool, Bool).self) else {
            throw StoreError(.setup, code: .schemaMissing, zh: "数据库尚未迁移", en: "the database has not been migrated")
        }
        guard granted || bypasses else {
            throw StoreError(
                .setup, code: .roleNotGranted,
                zh: "角色 \(role) 没有单据表的权限：请以所有者身份运行 coalflow migrate",
                en: "the role \(role) has no privileges on the documents: run coalflow migrate as the owner")
        }
        guard !bypasses else {
            throw StoreError(
                .setup, code: .roleBypassesRls,
                zh: "服务器不能以角色 \(role) 连接：它可绕过行级安全（超级用户、BYPASSRLS 或表的所有者）；请使用 \(name)",
                en:
                    "the server must not connect as \(role): it bypasses row-level security (superuser, BYPASSRLS or table owner); use \(name)"
            )
        }
    }

    /// Makes the role if it is missing and grants it what it may use (the rows of `app_privileges`, sql/0006
    /// and later): after a restore, which brings no privileges. A restore also brings back PostgreSQL's
    /// default that anyone may execute a function: the functions that answer with the owner's rights
    /// (SECURITY DEFINER) and the grant function itself are taken from PUBLIC again.
    public static func grant(_ client: PostgresClient, logger: Logger) async throws {
        try await client.query("SELECT coalflow_grant_app()", logger: logger)
        try await client.query(
            """
            DO $$
            DECLARE f regprocedure;
            BEGIN
                FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'public' AND (p.prosecdef OR p.proname = 'coalflow_grant_app') LOOP
                    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
                END LOOP;
            END $$
            """, logger: logger)
    }
}
