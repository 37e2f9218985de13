#!/usr/bin/env python3
"""Writes src/services/iam/usage/serviceNames.json: every AWS service namespace botocore knows (a model's
signing name, else its endpoint prefix) and the service's full name, for the access advisor's ServiceName.
Facts from botocore's models only. Run it when botocore's models change:
python3 scripts/extract-service-names.py"""
import gzip, json, os, botocore

root = os.path.join(os.path.dirname(botocore.__file__), "data")
names = {}
for name in sorted(os.listdir(root)):
    d = os.path.join(root, name)
    versions = sorted(v for v in os.listdir(d) if os.path.isdir(os.path.join(d, v))) if os.path.isdir(d) else []
    if not versions:
        continue
    path = os.path.join(d, versions[-1], "service-2.json")
    if os.path.exists(path):
        meta = json.load(open(path))["metadata"]
    elif os.path.exists(path + ".gz"):
        meta = json.load(gzip.open(path + ".gz"))["metadata"]
    else:
        continue
    ns = (meta.get("signingName") or meta["endpointPrefix"]).lower()
    full = meta.get("serviceFullName") or meta.get("serviceId") or ns
    # One name per namespace: the first model (by name) that signs with it.
    names.setdefault(ns, full)

out = os.path.join(os.path.dirname(__file__), "..", "src", "services", "iam", "usage", "serviceNames.json")
with open(out, "w") as f:
    json.dump(dict(sorted(names.items())), f, indent=0, sort_keys=True)
    f.write("\n")
print(len(names), "namespaces")
