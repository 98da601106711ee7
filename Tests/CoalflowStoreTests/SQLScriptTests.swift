import Testing

@testable import CoalflowStore

@Suite struct SQLScriptTests {
    @Test func splitsAtSemicolonsOnly() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT ';');
            /* block; comment */ CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN RETURN 1; END $$;
            CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' $body$;
            SELECT "we;ird" FROM a;
            SELECT 'it''s; fine'
            """
        #expect(
            SQLScript.statements(script) == [
                "CREATE TABLE a (x text DEFAULT ';')",
                "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN RETURN 1; END $$",
                "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' $body$",
                "SELECT \"we;ird\" FROM a",
                "SELECT 'it''s; fine'",
            ])
    }

    @Test func positionalParametersAreNotDollarQuotes() {
        #expect(SQLScript.statements("SELECT $1; SELECT 2") == ["SELECT $1", "SELECT 2"])
    }
}
