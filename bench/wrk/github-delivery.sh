# Sourced by the wrk benchmarks (load.sh, context.sh, ledger.sh, outcome-lag.sh): sets BODY to a 1 KB
# GitHub-style push and SIGNATURE to its X-Hub-Signature-256 under SECRET, and exports both for
# bench/wrk/github.lua. GitHub signs the body only, so one signature fits every request of a run.
BODY=$(python3 -c '
import json
doc = {"ref": "refs/heads/main", "repository": {"full_name": "acme/app"}, "pusher": {"name": "octocat"}, "pad": ""}
doc["pad"] = "x" * (1024 - len(json.dumps(doc, separators=(",", ":"))))
print(json.dumps(doc, separators=(",", ":")))')
SIGNATURE="sha256=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "${SECRET:?the webhook secret}" -r | cut -d' ' -f1)"
export BODY SIGNATURE
