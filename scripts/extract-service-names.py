#!/usr/bin/env python3
"""Writes src/services/iam/usage/serviceNames.json: every AWS service namespace botocore knows (a model's
signing name, else its endpoint prefix) and the service's full name, for the access advisor's ServiceName.
Facts from botocore's models only. Run it when botocore's models change:
python3 scripts/extract-service-names.py"""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from botocore_models import service_metadata  # noqa: E402

names = {}
for name, meta in service_metadata():
    ns = (meta.get("signingName") or meta["endpointPrefix"]).lower()
    full = meta.get("serviceFullName") or meta.get("serviceId") or ns
    # One name per namespace: the first model (by name) that signs with it.
    names.setdefault(ns, full)

out = os.path.join(os.path.dirname(__file__), "..", "src", "services", "iam", "usage", "serviceNames.json")
with open(out, "w") as f:
    json.dump(dict(sorted(names.items())), f, indent=0, sort_keys=True)
    f.write("\n")
print(len(names), "namespaces")
