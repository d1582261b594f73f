#!/usr/bin/env bash
# Fetches the Java SDK's time-skipping Temporal test server (io.temporal:temporal-test-server, from
# Maven Central through mvn) and its run-time jars into the set-up cache outside the checkout, and
# compiles the small launcher of scripts/temporal-test-server/ against them. Idempotent: does
# nothing when the cache already holds what this checkout's pom.xml and launcher describe.
#
# Needs java, javac and mvn. Without them it says so and exits 0 (the full-length SLA tests then
# skip on a developer machine), except under CI=true, where it fails: CI must run those tests.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/temporal-test-server"
cache="${MEDIATION_CACHE_DIR:-$HOME/.cache/mediation-engine}"
dest="$cache/temporal-test-server"
stamp="$(cat "$src/pom.xml" "$src/MediationTestServer.java" | sha256sum | cut -c1-16)"

if [[ -f "$dest/.stamp" && "$(cat "$dest/.stamp")" == "$stamp" ]]; then
  echo "[test-server] present: $dest"
  exit 0
fi

missing=()
for tool in java javac mvn; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]} > 0)); then
  echo "[test-server] cannot fetch the time-skipping test server: no ${missing[*]} on PATH" >&2
  if [[ "${CI:-}" == "true" ]]; then exit 1; fi
  echo "[test-server] the full-length SLA tests will be skipped on this machine" >&2
  exit 0
fi

started=$(date +%s)
mkdir -p "$cache"
work="$(mktemp -d "$cache/temporal-test-server.tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$src/pom.xml" "$work/pom.xml"
echo "[test-server] fetching io.temporal:temporal-test-server and its dependencies (mvn) …"
mvn -q -B -Dstyle.color=never -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/lib"
javac -nowarn --release 11 -d "$work/classes" -cp "$work/lib/*" "$src/MediationTestServer.java"
rm -rf "$work/target" "$work/pom.xml"
echo "$stamp" >"$work/.stamp"

rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
echo "[test-server] ready in $(($(date +%s) - started)) s: $dest ($(ls "$dest/lib" | grep -m1 '^temporal-test-server-'))"
