#!/bin/sh
# Installs coalflow as a systemd service on Debian 12 with PostgreSQL 15 from Debian (README
# "Production" walks through each step). Run as root from a checkout, after
#   swift build -c release --product coalflow
# Run again, it keeps what exists: the data keys, the passwords, the certificate.
set -eu

PREFIX=${PREFIX:-/opt/coalflow}                   # the program, its resources, the migrations
ETC=${ETC:-/etc/coalflow}                         # settings, data keys, certificate
BUILD=${BUILD:-.build/release}                    # the release build
PSQL=${PSQL:-"runuser -u postgres -- psql"}       # psql as a PostgreSQL superuser
DB_HOST=${DB_HOST:-127.0.0.1}                     # a host, or a socket folder
DB_PORT=${DB_PORT:-5432}
DB_NAME=${DB_NAME:-coalflow}
DB_OWNER=${DB_OWNER:-coalflow}                    # owns the schema; migrations run as it
HOST=${HOST:-0.0.0.0}                             # where the server listens (HTTPS)
PORT=${PORT:-8443}
CERT_NAME=${CERT_NAME:-$(hostname -f 2>/dev/null || hostname)}
SERVICE_USER=${SERVICE_USER-coalflow}             # empty: no system user of its own
SYSTEMD=${SYSTEMD:-yes}                           # no: write the unit, do not enable or start it

say() { printf '== %s\n' "$*"; }
here=$(cd "$(dirname "$0")" && pwd)
readable_by_service() {
    if [ -n "$SERVICE_USER" ]; then chown "root:$SERVICE_USER" "$@"; fi
}

say "1. the program, its resources and the migrations → $PREFIX"
install -d -m 0755 "$PREFIX/bin" "$PREFIX/sql"
install -m 0755 "$BUILD/coalflow" "$PREFIX/bin/coalflow"
rm -rf "$PREFIX/bin/coalflow_CoalflowServer.resources"
cp -R "$BUILD/coalflow_CoalflowServer.resources" "$PREFIX/bin/"
install -m 0644 "$here"/../sql/*.sql "$PREFIX/sql/"

if [ -n "$SERVICE_USER" ] && ! id "$SERVICE_USER" >/dev/null 2>&1; then
    say "2. the system user $SERVICE_USER (no shell, no home)"
    useradd --system --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
install -d -m 0750 "$ETC" "$ETC/tls"
readable_by_service "$ETC" "$ETC/tls"

case "$DB_HOST" in
    /*) address="@/$DB_NAME?host=$DB_HOST" ;;        # a socket folder (port 5432)
    *) address="@$DB_HOST:$DB_PORT/$DB_NAME" ;;
esac

if [ ! -f "$ETC/coalflow.env" ]; then
    owner_password=$(openssl rand -hex 24)
    app_password=$(openssl rand -hex 24)
    say "3. PostgreSQL: the roles $DB_OWNER and coalflow_app, each with its own password, and the database $DB_NAME"
    $PSQL -X -q -v ON_ERROR_STOP=1 -v owner="$DB_OWNER" -v owner_pw="$owner_password" -v app_pw="$app_password" \
        -v db="$DB_NAME" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'owner') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
ALTER ROLE :"owner" PASSWORD :'owner_pw';
SELECT 'CREATE ROLE coalflow_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coalflow_app') \gexec
ALTER ROLE coalflow_app PASSWORD :'app_pw';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' LOCALE ''C.UTF-8'' TEMPLATE template0', :'db', :'owner')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
    say "4. the settings → $ETC/coalflow.env (mode 0640)"
    sed -e "s|@DB_OWNER@|$DB_OWNER|" -e "s|@OWNER_PASSWORD@|$owner_password|" -e "s|@APP_PASSWORD@|$app_password|" \
        -e "s|@DB_ADDRESS@|$address|g" -e "s|@ETC@|$ETC|g" -e "s|@PREFIX@|$PREFIX|g" -e "s|@HOST@|$HOST|" \
        -e "s|@PORT@|$PORT|" "$here/coalflow.env" > "$ETC/coalflow.env.new"
    chmod 0640 "$ETC/coalflow.env.new"
    readable_by_service "$ETC/coalflow.env.new"
    mv "$ETC/coalflow.env.new" "$ETC/coalflow.env"
fi

if [ ! -f "$ETC/data-keys" ]; then
    say "5. the data keys → $ETC/data-keys (mode 0440): back this file up apart from the database"
    (umask 077 && "$PREFIX/bin/coalflow" admin keygen > "$ETC/data-keys.new")
    chmod 0440 "$ETC/data-keys.new"
    readable_by_service "$ETC/data-keys.new"
    mv "$ETC/data-keys.new" "$ETC/data-keys"
fi

if [ ! -f "$ETC/tls/cert.pem" ]; then
    say "6. a self-signed certificate for $CERT_NAME → $ETC/tls: replace cert.pem and key.pem with your CA's"
    (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=$CERT_NAME" \
        -addext "subjectAltName=DNS:$CERT_NAME,DNS:localhost,IP:127.0.0.1" \
        -keyout "$ETC/tls/key.pem" -out "$ETC/tls/cert.pem" 2>/dev/null)
    chmod 0440 "$ETC/tls/key.pem"
    chmod 0444 "$ETC/tls/cert.pem"
    readable_by_service "$ETC/tls/key.pem"
fi

say "7. the schema: coalflow migrate"
(set -a && . "$ETC/coalflow.env" && set +a && "$PREFIX/bin/coalflow" migrate)

say "8. the service → $ETC/coalflow.service"
sed -e "s|/opt/coalflow|$PREFIX|g" -e "s|/etc/coalflow|$ETC|g" "$here/coalflow.service" > "$ETC/coalflow.service"
if [ -z "$SERVICE_USER" ]; then sed -i -e '/^User=/d' -e '/^Group=/d' "$ETC/coalflow.service"; fi
if [ "$SYSTEMD" = yes ]; then
    install -m 0644 "$ETC/coalflow.service" /etc/systemd/system/coalflow.service
    systemctl daemon-reload
    systemctl enable --now coalflow
    say "started: curl --cacert $ETC/tls/cert.pem https://localhost:$PORT/readyz"
fi
