-- Servers keep tokens they verified for a few seconds. These triggers tell every server, on commit,
-- when a verified token may no longer be good: a session revoked or removed (by its digest), a user
-- changed or disabled (by id: role, unit, password), or any unit changed (everyone's reach).
CREATE FUNCTION notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'sessions' THEN
        PERFORM pg_notify('coalflow_sessions', 'token:' || encode(OLD.token_sha256, 'hex'));
    ELSIF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('coalflow_sessions', 'user:' || OLD.id);
    ELSE
        PERFORM pg_notify('coalflow_sessions', 'all');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION notify_session_change();
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_session_change();
CREATE TRIGGER units_changed AFTER UPDATE OR DELETE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change();
