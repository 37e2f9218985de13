#!/usr/bin/env python3
"""Writes src/protocol/models/{iam,sts,cloudtrail,sso-admin,identitystore,accessanalyzer,sso-oidc,sso}.json: the
wire-relevant parts of AWS's published service models (botocore's service-2.json: operations, shapes, constraints;
for REST protocols also the HTTP bindings: method, request URI, response code, each member's location), without
the documentation strings.
Run it when botocore's models change: python3 scripts/extract-models.py"""
import gzip, json, os, botocore

KEEP_SHAPE = {"type", "members", "required", "member", "key", "value", "min", "max", "pattern", "enum",
              "locationName", "flattened", "xmlNamespace", "timestampFormat", "error", "exception", "sensitive"}
KEEP_MEMBER = {"shape", "locationName", "flattened", "xmlNamespace"}
# REST protocols (restJson1): where each member travels, and the operation's HTTP binding.
REST_MEMBER = {"location", "jsonvalue", "idempotencyToken", "timestampFormat"}
REST_SHAPE = {"union"}

def trim(model):
    rest = model["metadata"]["protocol"].startswith("rest-")
    keep_member = KEEP_MEMBER | REST_MEMBER if rest else KEEP_MEMBER
    keep_shape = KEEP_SHAPE | REST_SHAPE if rest else KEEP_SHAPE
    ops = {}
    for name, op in model["operations"].items():
        o = {"name": name}
        for k in ("input", "output"):
            if k in op:
                o[k] = {kk: vv for kk, vv in op[k].items() if kk in ("shape", "resultWrapper")}
        o["errors"] = [e["shape"] for e in op.get("errors", [])]
        if rest:
            o["http"] = {k: v for k, v in op["http"].items() if k in ("method", "requestUri", "responseCode")}
            if op.get("authtype") == "none" or op.get("auth") == ["smithy.api#noAuth"]:
                o["unsigned"] = True
        ops[name] = o
    shapes = {}
    for name, s in model["shapes"].items():
        t = {k: v for k, v in s.items() if k in keep_shape}
        if "members" in t:
            t["members"] = {m: {k: v for k, v in d.items() if k in keep_member} for m, d in t["members"].items()}
        if "member" in t:
            t["member"] = {k: v for k, v in t["member"].items() if k in keep_member}
        for k in ("key", "value"):
            if k in t:
                t[k] = {kk: vv for kk, vv in t[k].items() if kk in keep_member}
        shapes[name] = t
    meta = {k: model["metadata"][k] for k in ("apiVersion", "protocol", "xmlNamespace", "signingName", "endpointPrefix", "targetPrefix", "jsonVersion") if k in model["metadata"]}
    return {"metadata": meta, "operations": ops, "shapes": shapes}

root = os.path.join(os.path.dirname(botocore.__file__), "data")
out = os.path.join(os.path.dirname(__file__), "..", "src", "protocol", "models")
# The awsJson1_1 services (server/pipeline/json.ts) are listed here and in protocol/json/services.ts; the
# restJson1 ones in protocol/restjson/services.ts.
for svc, ver in (("iam", "2010-05-08"), ("sts", "2011-06-15"), ("cloudtrail", "2013-11-01"), ("sso-admin", "2020-07-20"), ("identitystore", "2020-06-15"),
                 ("accessanalyzer", "2019-11-01"), ("sso-oidc", "2019-06-10"), ("sso", "2019-06-10")):
    with gzip.open(os.path.join(root, svc, ver, "service-2.json.gz")) as f:
        model = json.load(f)
    with open(os.path.join(out, svc + ".json"), "w") as f:
        json.dump(trim(model), f, separators=(",", ":"))
        f.write("\n")
    print(svc, len(model["operations"]), "operations")
