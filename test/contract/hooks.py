"""Schemathesis hooks of `npm run test:contract` (loaded through schemathesis.toml)."""

from itertools import count

import schemathesis

_keys = count(1)


@schemathesis.hook
def before_call(context, case, kwargs):
    # Every state-changing POST takes an Idempotency-Key, and the gateway answers a key it has
    # seen with another body 422 IDEMPOTENCY_KEY_REUSED before it reads the body. Hypothesis draws
    # few distinct keys ("0", "00", ...), so nearly every POST would end there and its body would
    # go unchecked. A well-formed key (1 to 200 characters) is made unique; a malformed one (a
    # negative case of the header) is sent as drawn. Key reuse itself is tested by the e2e tests.
    # The coverage phase's cases are left as they are: they are few, and one of them leaves the
    # Authorization header out on purpose, which an edit of the headers would undo.
    if case.meta is not None and case.meta.phase.name == "coverage":
        return
    headers = case.headers
    if not headers:
        return
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 200:
        headers["Idempotency-Key"] = f"contract-{next(_keys)}"
