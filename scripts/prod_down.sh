#!/usr/bin/env bash
# Stops exactly what scripts/prod_up.sh started (the recorded nginx, app and worker processes); the databases and
# Redis keep running (they were running before), and their data stays.
set -uo pipefail
cd "$(dirname "$0")/.."
RUN=.prod
ABS=$(pwd)/$RUN
if [ -f "$RUN/nginx/nginx.pid" ]; then
  nginx -c "$ABS/nginx/nginx.conf" -p "$ABS/nginx" -s quit 2>/dev/null || kill "$(cat "$RUN/nginx/nginx.pid")" 2>/dev/null
fi
for name in worker app; do
  if [ -f "$RUN/$name.pid" ]; then
    pid=$(cat "$RUN/$name.pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$RUN/$name.pid"
  fi
done
echo "prod-down: stopped nginx, the app workers and the job worker"
