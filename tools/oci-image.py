#!/usr/bin/env python3
"""oci-image.py — packs a root directory made by debootstrap (and optional extra trees) into OCI
image layouts that `juxtactl image import`, skopeo, podman and docker read.

  oci-image.py ROOT OUT [--split PATH]... [--layer DIR]... --image NAME=CONFIG.json...

ROOT becomes the first layers: one per --split (a directory under ROOT, in the order given, each
without the ones before it), then one with the rest; device nodes are left out (an image's /dev is
the runtime's). Each --layer DIR adds a layer of DIR's tree, owned by root, on top. Each --image
writes OUT/NAME/, a layout of its own (oci-layout, index.json, blobs), whose config is the JSON
object in CONFIG.json (Env, Cmd, Entrypoint, User, WorkingDir, ExposedPorts, Healthcheck...) over a
PATH; every image shares the same layers (the blobs are hard links to OUT/blobs, made once).
Layers are gzip'd tars, the same bytes for the same trees (sorted names, mtime kept, gzip's time 0).
"""
import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys

MEDIA_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json"
MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def write_blob(out, data):
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(out, "blobs", "sha256", digest)
    if not os.path.exists(path):
        with open(path + ".part", "wb") as f:
            f.write(data)
        os.rename(path + ".part", path)
    return digest


def tar_bytes(args):
    base = ["tar", "--numeric-owner", "--xattrs", "--sort=name", "-cf", "-"]
    return subprocess.run(base + args, check=True, capture_output=True).stdout


def make_layer(out, tar):
    gz = gzip.compress(tar, compresslevel=6, mtime=0)
    return {
        "diff": "sha256:" + hashlib.sha256(tar).hexdigest(),
        "descriptor": {"mediaType": MEDIA_LAYER, "digest": "sha256:" + write_blob(out, gz), "size": len(gz)},
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("root")
    p.add_argument("out")
    p.add_argument("--split", action="append", default=[], help="a directory under ROOT that is a layer of its own")
    p.add_argument("--layer", action="append", default=[], help="a directory whose tree is one more layer")
    p.add_argument("--image", action="append", default=[], required=True, help="NAME=CONFIG.json")
    p.add_argument("--created", default="2026-12-05T00:00:00Z")
    a = p.parse_args()

    os.makedirs(os.path.join(a.out, "blobs", "sha256"), exist_ok=True)
    layers, done = [], []
    for part in a.split + [None]:
        args = ["--exclude=./dev/*", "-C", a.root] + [f"--exclude=./{d}" for d in done]
        if part is None:
            args.append(".")
        else:
            if not os.path.isdir(os.path.join(a.root, part)):
                sys.exit(f"oci-image.py: {a.root} has no {part} to split off")
            args.append(f"./{part}")
            done.append(part)
        layers.append(make_layer(a.out, tar_bytes(args)))
    for tree in a.layer:
        layers.append(make_layer(a.out, tar_bytes(["--owner=0", "--group=0", "-C", tree, "."])))

    for spec in a.image:
        name, _, config_file = spec.partition("=")
        if not name or not config_file:
            sys.exit(f"oci-image.py: --image {spec}: NAME=CONFIG.json")
        # NAME is a directory under OUT: a plain name, never a path out of it.
        if "/" in name or name.startswith("."):
            sys.exit(f"oci-image.py: --image {spec}: NAME is a file name ('/' and a leading '.' are not)")
        with open(config_file) as f:
            config = json.load(f)
        if not isinstance(config, dict):
            sys.exit(f"oci-image.py: {config_file} is not a JSON object")
        env = config.setdefault("Env", [])
        if not any(e.startswith("PATH=") for e in env):
            env.insert(0, DEFAULT_PATH)
        config_blob = json.dumps(
            {
                "architecture": "amd64",
                "os": "linux",
                "created": a.created,
                "config": config,
                "rootfs": {"type": "layers", "diff_ids": [l["diff"] for l in layers]},
            },
            sort_keys=True,
        ).encode()
        config_digest = write_blob(a.out, config_blob)
        manifest = json.dumps(
            {
                "schemaVersion": 2,
                "mediaType": MEDIA_MANIFEST,
                "config": {"mediaType": MEDIA_CONFIG, "digest": "sha256:" + config_digest, "size": len(config_blob)},
                "layers": [l["descriptor"] for l in layers],
            },
            sort_keys=True,
        ).encode()
        manifest_digest = write_blob(a.out, manifest)
        image_dir = os.path.join(a.out, name)
        os.makedirs(os.path.join(image_dir, "blobs", "sha256"), exist_ok=True)
        wanted = [manifest_digest, config_digest] + [l["descriptor"]["digest"][7:] for l in layers]
        for digest in wanted:
            link = os.path.join(image_dir, "blobs", "sha256", digest)
            if not os.path.exists(link):
                os.link(os.path.join(a.out, "blobs", "sha256", digest), link)
        index = {
            "schemaVersion": 2,
            "manifests": [
                {
                    "mediaType": MEDIA_MANIFEST,
                    "digest": "sha256:" + manifest_digest,
                    "size": len(manifest),
                    "annotations": {"org.opencontainers.image.ref.name": name},
                }
            ],
        }
        with open(os.path.join(image_dir, "index.json"), "w") as f:
            json.dump(index, f)
        with open(os.path.join(image_dir, "oci-layout"), "w") as f:
            f.write('{"imageLayoutVersion":"1.0.0"}')
    total = sum(l["descriptor"]["size"] for l in layers)
    print(f"oci-image.py: {len(layers)} layers, {total / 2**20:.0f} MiB compressed, images: "
          + ", ".join(s.partition("=")[0] for s in a.image))


if __name__ == "__main__":
    main()
