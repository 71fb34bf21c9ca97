#!/usr/bin/env bash
# Run AgID's spid-sp-test suite against examples/identity_app.py on 127.0.0.1:
# metadata, AuthnRequest and every response test (-tr --extra), for the SPID profile
# (spid-sp-public, HTTP-POST and HTTP-Redirect) and the CIE profile (cie-sp-public).
# Fails when any test fails.
#
# spid-sp-test pins old dependencies, so it lives in its own virtualenv, created here
# when missing. Everything generated (SP keys, the test IdP metadata, logs, reports)
# goes to $SPID_CHECK_DIR (default .spid-check/).
#
# Environment: PYTHON (the project's interpreter, default .venv/bin/python),
# SPID_SP_TEST_VENV (default .venv-spid-sp-test), SPID_SP_TEST_VERSION (1.2.18),
# SPID_CHECK_PORT (8765), SPID_CHECK_DIR (.spid-check).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
VENV=${SPID_SP_TEST_VENV:-.venv-spid-sp-test}
VERSION=${SPID_SP_TEST_VERSION:-1.2.18}
PORT=${SPID_CHECK_PORT:-8765}
DIR=${SPID_CHECK_DIR:-.spid-check}
BASE="http://127.0.0.1:${PORT}"
IDP="https://localhost:8443"  # the entity ID of spid-sp-test's own identity provider

command -v xmlsec1 >/dev/null || { echo "spid-check: xmlsec1 is missing (apt-get install xmlsec1)" >&2; exit 1; }

if [ ! -x "$VENV/bin/spid_sp_test" ]; then
  echo "spid-check: creating $VENV with spid-sp-test $VERSION"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet \
    -c scripts/spid-sp-test-constraints.txt "spid-sp-test==$VERSION"
fi

mkdir -p "$DIR"
"$VENV/bin/spid_sp_test" --idp-metadata 2>/dev/null > "$DIR/idp-metadata.xml"

# spid-sp-test's identity provider certificate expired in 2025: trusting it is an
# explicit choice of this test setup (the library refuses expired IdP keys by default).
"$PYTHON" examples/identity_app.py --host 127.0.0.1 --port "$PORT" --folder "$DIR" \
  --idp-metadata "$DIR/idp-metadata.xml" --allow-expired-idp-certificates \
  > "$DIR/app.log" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$BASE/spid/metadata" 2>/dev/null && break
  kill -0 "$APP" 2>/dev/null || { cat "$DIR/app.log" >&2; exit 1; }
  sleep 0.5
done

status=0
run() {  # run <name> <profile> <scheme> <extra login query>
  local name=$1 profile=$2 scheme=$3 query=$4
  echo "spid-check: $name ($profile)"
  if "$VENV/bin/spid_sp_test" --metadata-url "$BASE/$scheme/metadata" \
      --authn-url "$BASE/$scheme/login?idp=$IDP$query" --extra -tr -pr "$profile" \
      -d ERROR -rf json -o "$DIR/report-$name.json" > "$DIR/$name.log" 2>&1; then
    :
  else
    status=1
  fi
  grep -v -e CFB -e '"cfb"' "$DIR/$name.log" | grep -v '^\s*$' || true
  grep -q "Spid QA: executed [0-9]* tests, 0 failed" "$DIR/$name.log" || status=1
}

run spid-post spid-sp-public spid ""
run spid-redirect spid-sp-public spid "&binding=redirect"
run cie-post cie-sp-public cie ""

if [ "$status" -ne 0 ]; then
  echo "spid-check: FAILED (logs and reports in $DIR/)" >&2
fi
exit "$status"
