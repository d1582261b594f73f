#!/bin/sh
# The executable that TestWorkflowEnvironment.createTimeSkipping starts as an "existing-path"
# time-skipping test server: the SDK runs `<this> <port> <extraArgs...>` and kills it at teardown
# (hence `exec`: the JVM must be the process the SDK holds). The jars and the compiled launcher are
# put into the set-up cache by scripts/fetch-test-server.sh.
set -eu
home="${TEMPORAL_TEST_SERVER_HOME:-${MEDIATION_CACHE_DIR:-$HOME/.cache/mediation-engine}/temporal-test-server}"
if [ ! -f "$home/.stamp" ]; then
  echo "temporal-test-server: not fetched into $home; run scripts/fetch-test-server.sh" >&2
  exit 1
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms64m -cp "$home/classes:$home/lib/*" MediationTestServer "$@"
