"""Shared by the scripts that read botocore's service models: every service's metadata, newest API version."""
import gzip, json, os, botocore


def service_metadata():
    """[(model name, metadata)] for every service botocore knows, in name order."""
    root = os.path.join(os.path.dirname(botocore.__file__), "data")
    services = []
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
        services.append((name, meta))
    return services
