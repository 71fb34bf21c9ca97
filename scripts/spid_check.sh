#!/usr/bin/env bash
# Run AgID's spid-sp-test suite against examples/identity_app.py on 127.0.0.1:
# metadata, AuthnRequest and every response test (-tr --extra), for the SPID profile
# (spid-sp-public, HTTP-POST and HTTP-Redirect) and the CIE profile (cie-sp-public).
#
# The app listens on a free port the system picks (never a fixed one another checkout
# may hold) and serves a value made for this run at /run-id: before each profile the
# script checks that the server answering is the app it started. A profile passes only
# when spid-sp-test's report counts at least the tests recorded below as expected for
# it, all successful (scripts/spid_report.py): a run cut short fails.
#
# spid-sp-test pins old dependencies, so it lives in its own virtualenv, created here
# when missing. Everything generated (SP keys, the test IdP metadata, logs, reports)
# goes to $SPID_CHECK_DIR (default .spid-check/).
#
# Environment: PYTHON (the project's interpreter, default .venv/bin/python),
# SPID_SP_TEST_VENV (default .venv-spid-sp-test), SPID_SP_TEST_VERSION (1.2.18),
# SPID_CHECK_PORT (0: a free port), SPID_CHECK_DIR (.spid-check).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
VENV=${SPID_SP_TEST_VENV:-.venv-spid-sp-test}
VERSION=${SPID_SP_TEST_VERSION:-1.2.18}
DIR=${SPID_CHECK_DIR:-.spid-check}
IDP="https://localhost:8443"  # the entity ID of spid-sp-test's own identity provider

# The tests spid-sp-test 1.2.18 runs per profile (metadata + AuthnRequest + responses).
EXPECTED_SPID_POST=269
EXPECTED_SPID_REDIRECT=262
EXPECTED_CIE_POST=247

command -v xmlsec1 >/dev/null || { echo "spid-check: xmlsec1 is missing (apt-get install xmlsec1)" >&2; exit 1; }

if [ ! -x "$VENV/bin/spid_sp_test" ]; then
  echo "spid-check: creating $VENV with spid-sp-test $VERSION"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet \
    -c scripts/spid-sp-test-constraints.txt "spid-sp-test==$VERSION"
fi

mkdir -p "$DIR"
"$VENV/bin/spid_sp_test" --idp-metadata 2>/dev/null > "$DIR/idp-metadata.xml"

RUN_ID=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')
PORT_FILE="$DIR/app.port"
# The SP certificates name the entity ID, which holds the port: the app makes new ones.
rm -f "$PORT_FILE" "$DIR"/report-*.json "$DIR"/*-sp-key.pem "$DIR"/*-sp-cert.pem
# spid-sp-test's identity provider certificate expired in 2025: trusting it is an
# explicit choice of this test setup (the library refuses expired IdP keys by default).
"$PYTHON" examples/identity_app.py --host 127.0.0.1 --port "${SPID_CHECK_PORT:-0}" \
  --port-file "$PORT_FILE" --run-id "$RUN_ID" --folder "$DIR" \
  --idp-metadata "$DIR/idp-metadata.xml" --allow-expired-idp-certificates \
  > "$DIR/app.log" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -s "$PORT_FILE" ] && break
  kill -0 "$APP" 2>/dev/null || { echo "spid-check: the app did not start" >&2; cat "$DIR/app.log" >&2; exit 1; }
  sleep 0.5
done
[ -s "$PORT_FILE" ] || { echo "spid-check: the app wrote no port" >&2; exit 1; }
BASE="http://127.0.0.1:$(cat "$PORT_FILE")"

ours() {  # the server on $BASE is the app started above, alive
  kill -0 "$APP" 2>/dev/null && [ "$(curl -fsS "$BASE/run-id" 2>/dev/null)" = "$RUN_ID" ]
}
ours || { echo "spid-check: $BASE is not the app this run started" >&2; exit 1; }

status=0
run() {  # run <name> <profile> <scheme> <extra login query> <tests expected at least>
  local name=$1 profile=$2 scheme=$3 query=$4 expected=$5
  echo "spid-check: $name ($profile)"
  ours || { echo "spid-check: $BASE no longer answers as this run's app" >&2; status=1; return; }
  if "$VENV/bin/spid_sp_test" --metadata-url "$BASE/$scheme/metadata" \
      --authn-url "$BASE/$scheme/login?idp=$IDP$query" --extra -tr -pr "$profile" \
      -d ERROR -rf json -o "$DIR/report-$name.json" > "$DIR/$name.log" 2>&1; then
    :
  else
    status=1
  fi
  grep -v -e CFB -e '"cfb"' "$DIR/$name.log" | grep -v '^\s*$' || true
  grep -q "Spid QA: executed [0-9]* tests, 0 failed" "$DIR/$name.log" || status=1
  "$PYTHON" scripts/spid_report.py "$DIR/report-$name.json" "$expected" "$name" || status=1
}

run spid-post spid-sp-public spid "" "$EXPECTED_SPID_POST"
run spid-redirect spid-sp-public spid "&binding=redirect" "$EXPECTED_SPID_REDIRECT"
run cie-post cie-sp-public cie "" "$EXPECTED_CIE_POST"
ours || { echo "spid-check: $BASE no longer answers as this run's app" >&2; status=1; }

if [ "$status" -ne 0 ]; then
  echo "spid-check: FAILED (logs and reports in $DIR/)" >&2
fi
exit "$status"
