#!/usr/bin/env bash
# A production-shaped PainPath on this machine, loopback only: nginx (Debian's package) with a self-signed TLS
# certificate in front of `painpath serve --workers 2`, one `painpath worker` on Redis, PostgreSQL and Redis (the
# local servers). Everything started is recorded in .prod/ so that scripts/prod_down.sh stops exactly that.
#
#   PAINPATH_PROD_DATABASE_URL  default postgresql://postgres@127.0.0.1:5432/painpath_prod (created when missing)
#   PAINPATH_PROD_REDIS_URL     default redis://127.0.0.1:6379/2
#   PAINPATH_PROD_PORT          default 8443 (https://127.0.0.1:8443/); the app listens on 127.0.0.1:8401
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=.prod
BIN=${PAINPATH_BIN:-.venv/bin}
DB_URL=${PAINPATH_PROD_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/painpath_prod}
REDIS_URL=${PAINPATH_PROD_REDIS_URL:-redis://127.0.0.1:6379/2}
PORT=${PAINPATH_PROD_PORT:-8443}
APP_PORT=8401
mkdir -p "$RUN/logs" "$RUN/nginx"
if [ -f "$RUN/app.pid" ] && kill -0 "$(cat "$RUN/app.pid")" 2>/dev/null; then
  echo "prod-up: already running (scripts/prod_down.sh stops it)"; exit 0
fi
if ! command -v nginx >/dev/null; then
  # install without letting the package start its own nginx on port 80 (only what this script starts runs)
  blocker=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d; blocker=yes; fi
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx
  [ -n "$blocker" ] && rm -f /usr/sbin/policy-rc.d
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "prod-up: PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
redis-cli -u "$REDIS_URL" ping >/dev/null || { echo "prod-up: Redis is not answering at $REDIS_URL" >&2; exit 1; }
DB_NAME=${DB_URL##*/}
psql "${DB_URL%/*}/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
  || psql "${DB_URL%/*}/postgres" -qc "CREATE DATABASE \"$DB_NAME\""
if [ ! -f "$RUN/tls.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$RUN/tls.key" -out "$RUN/tls.crt" 2>/dev/null
fi
export PAINPATH_DATABASE_URL=$DB_URL PAINPATH_REDIS_URL=$REDIS_URL
"$BIN/painpath" db upgrade
"$BIN/painpath" clinic load-demo >"$RUN/logs/demo.log" 2>&1   # the demo clinic (loading it again changes nothing)
PAINPATH_HOST=127.0.0.1 PAINPATH_PORT=$APP_PORT setsid "$BIN/painpath" serve --workers 2 \
  >"$RUN/logs/app.log" 2>&1 & echo $! > "$RUN/app.pid"
setsid "$BIN/painpath" worker >"$RUN/logs/worker.log" 2>&1 & echo $! > "$RUN/worker.pid"
ABS=$(pwd)/$RUN
sed -e "s#@RUN@#$ABS#g" -e "s#@PORT@#$PORT#g" -e "s#@APP_PORT@#$APP_PORT#g" scripts/nginx.conf.in > "$RUN/nginx/nginx.conf"
nginx -c "$ABS/nginx/nginx.conf" -p "$ABS/nginx"
for _ in $(seq 1 120); do
  if curl -skf "https://127.0.0.1:$PORT/api/health/ready" >/dev/null; then
    echo "prod-up: https://127.0.0.1:$PORT/ (self-signed certificate: $RUN/tls.crt), 2 app workers, 1 job worker"
    exit 0
  fi
  sleep 1
done
echo "prod-up: the service did not become ready; see $RUN/logs/" >&2
exit 1
