#!/bin/sh
# The temporal-namespace job (temporalio/admin-tools): once the server answers, registers the
# engine's namespace and the case search attributes where missing, and waits until the server
# accepts a query on each (its search attribute cache has them), so that the first workflows of
# a fresh install can set them. Idempotent. The compose drill of `npm test` runs this file too.
set -eu
: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be set}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_RETENTION:-720h}"
# Name=Type of libs/contracts/src/search-attributes.ts (a unit test keeps the two lists equal).
SEARCH_ATTRIBUTES="CaseNo=Keyword CaseStage=Keyword CaseCenter=Keyword CaseUnit=Keyword CaseOverdue=Bool"

retry() {
  what="$1"
  shift
  attempt=1
  until "$@" >/dev/null 2>&1; do
    if [ "$attempt" -ge 90 ]; then
      echo "temporal-namespace: gave up waiting for $what" >&2
      "$@" >&2 || true
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

retry "the server at $TEMPORAL_ADDRESS" temporal operator cluster health --address "$TEMPORAL_ADDRESS"

if temporal operator namespace describe --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
  echo "temporal-namespace: $NAMESPACE exists"
else
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" --address "$TEMPORAL_ADDRESS"
  echo "temporal-namespace: $NAMESPACE created (retention $RETENTION)"
fi
retry "namespace $NAMESPACE" temporal operator namespace describe --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS"

# The operator service learns of a new namespace a few seconds after the frontend does.
retry "the search attributes of $NAMESPACE" temporal operator search-attribute list --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS"
existing="$(temporal operator search-attribute list --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS")"
for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "temporal-namespace: search attribute $name exists"
  else
    retry "search attribute $name" temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" --address "$TEMPORAL_ADDRESS"
    echo "temporal-namespace: search attribute $name ($type) added"
  fi
  case "$type" in
    Bool) query="$name = true" ;;
    *) query="$name = 'probe'" ;;
  esac
  retry "a query on $name" temporal workflow count --namespace "$NAMESPACE" --query "$query" --address "$TEMPORAL_ADDRESS"
done
echo "temporal-namespace: ready"
