#!/usr/bin/env bash
# The layers point one way: pages -> api (server functions) -> ssr (services, queries) ->
# model (what crosses the wire) and domain; SQL only in ssr/db. Fails, naming the lines, when
# one points back or SQL leaks out.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
check() {
  local what="$1" pattern="$2"; shift 2
  local found
  found=$(grep -rnE "$pattern" "$@" || true)
  if [ -n "$found" ]; then
    echo "layer check: $what"; echo "$found"; status=1
  fi
}
check "services and queries (app/src/ssr) must not use server functions (api)" 'crate::api::' app/src/ssr
check "wire types must not use api or ssr (the domain, a crate of its own, cannot)" 'crate::(api|ssr|pages|components)::' app/src/model
# SQL lives in app/src/ssr/db, rows read into named structs there. The server crate keeps only
# its connection set-up (db.rs) and the demo data generator; tests and benchmarks may keep theirs.
check "SQL outside app/src/ssr/db" 'sqlx::query|query_as\(|query_scalar\(' \
  $(find app/src -name '*.rs' -not -path 'app/src/ssr/db/*') \
  $(find server/src -name '*.rs' -not -path 'server/src/db.rs' -not -path 'server/src/demo/*')
exit $status
