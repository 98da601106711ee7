# Sourced by scripts/fuzz.sh and scripts/browser-test.sh: a private PostgreSQL cluster, migrated and
# seeded with the 2021 plan and its demo logins, and `coalflow serve` on a free port over it.
# Needs COALFLOW (an absolute path) and PG_BIN; sets work, data, base and server_pid.

# A work folder the postgres system user can pass through (as root, the cluster runs as postgres);
# the cluster lives in $work/db, which coalflow makes and closes to everyone else.
make_work() { # prefix
  work=$(mktemp -d "/tmp/coalflow-$1.XXXXXX")
  chmod 755 "$work"
  data=$work/db
  server_pid=
}

# SIGTERM: the server stops, and then stops the cluster it started; the cluster is stopped here too,
# for a server that crashed and left it running.
stop_seeded_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [[ -f $data/pgdata/postmaster.pid ]] || return 0
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" stop -w -m fast -D "$data/pgdata" >/dev/null 2>&1 || true
  else
    "$PG_BIN/pg_ctl" stop -w -m fast -D "$data/pgdata" >/dev/null 2>&1 || true
  fi
}

start_seeded_server() { # name for messages
  export LOG_LEVEL=${LOG_LEVEL:-warning}
  # The demo passwords need no production-strength hashing here.
  export COALFLOW_BCRYPT_COST=${COALFLOW_BCRYPT_COST:-4}
  echo "== private database in $data, migrated and seeded"
  "$COALFLOW" migrate --data-dir "$data" >/dev/null
  "$COALFLOW" admin seed taishan-2021 --demo --data-dir "$data" >/dev/null
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base=http://127.0.0.1:$port
  "$COALFLOW" serve --data-dir "$data" --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
  server_pid=$!
  # /readyz rather than /healthz: the process answers and so does its database.
  for _ in $(seq 1 300); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "$1: the server stopped; its log:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fsS "$base/readyz" >/dev/null || { echo "$1: the server did not become ready at $base" >&2; exit 1; }
}

# The end of a script's cleanup: the server and cluster stopped, the work folder kept when $1 is 1
# (saying so with $2) or removed, and the script's status ($3) as the exit status.
finish_seeded_server() { # keep, message, status
  stop_seeded_server
  if [[ $1 == 1 ]]; then echo "$2"; else rm -rf "$work"; fi
  exit "$3"
}

# Calls the script's `cleanup` at exit, and on Ctrl-C or SIGTERM with the usual status.
trap_cleanup() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
