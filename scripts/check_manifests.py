#!/usr/bin/env python3
"""Cross-object checks of the Kubernetes manifests in DIR, for
scripts/validate-manifests.sh: the objects agree with each other
(selectors, names, ports, the image's user) and keep the promises
docs/deploy.md makes (three replicas, maxUnavailable 0, probes on /readyz
and /healthz, read-only root). Prints one `ok CHECK` or `FAIL CHECK: why`
line per check.

    python3 scripts/check_manifests.py deploy/kubernetes
"""

import pathlib
import re
import sys

import yaml

root = pathlib.Path(sys.argv[1])


def check(name, ok, why=""):
    print(f"ok {name}" if ok else f"FAIL {name}: {why}")


def load(name):
    return yaml.safe_load((root / name).read_text())


kustomization = load("kustomization.yaml")
listed = set(kustomization.get("resources", []))
present = {p.name for p in root.glob("*.yaml")} - {"kustomization.yaml"}
check("kustomization lists every manifest, and only those",
      listed == present, f"listed {sorted(listed)}, present {sorted(present)}")

objects = {}
for name in sorted(present):
    for doc in yaml.safe_load_all((root / name).read_text()):
        if doc:
            objects[doc["kind"]] = doc

deploy = objects["Deployment"]
spec = deploy["spec"]
pod = spec["template"]["spec"]
labels = spec["template"]["metadata"]["labels"]
container = pod["containers"][0]


def selects(selector):
    return all(labels.get(k) == v for k, v in selector.items())


check("deployment runs 3 replicas", spec.get("replicas") == 3, spec.get("replicas"))
rolling = spec.get("strategy", {}).get("rollingUpdate", {})
check("rolling update never drops below the replica count",
      spec["strategy"]["type"] == "RollingUpdate" and rolling.get("maxUnavailable") == 0,
      rolling)
check("deployment selector matches its pod labels", selects(spec["selector"]["matchLabels"]))
check("readiness probe is GET /readyz",
      container.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/readyz")
check("liveness probe is GET /healthz",
      container.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/healthz")
resources = container.get("resources", {})
check("requests and limits for cpu and memory",
      all(k in resources.get(s, {}) for s in ("requests", "limits") for k in ("cpu", "memory")),
      resources)
sc = container.get("securityContext", {})
psc = pod.get("securityContext", {})
check("non-root, read-only root filesystem, no privilege escalation",
      (sc.get("runAsNonRoot") or psc.get("runAsNonRoot"))
      and sc.get("readOnlyRootFilesystem") is True
      and sc.get("allowPrivilegeEscalation") is False,
      sc)
dockerfile = pathlib.Path("Dockerfile").read_text()
user = re.search(r"^USER\s+(\d+)", dockerfile, re.M)
check("pod runAsUser is the image's USER",
      user is not None and str(psc.get("runAsUser")) == user.group(1),
      f"pod {psc.get('runAsUser')}, Dockerfile {user and user.group(1)}")

configmap = objects["ConfigMap"]
volumes = {v["name"]: v for v in pod.get("volumes", [])}
mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
data_mount = mounts.get("/srv/servicemap/data")
check("the documents ConfigMap is mounted read-only at /srv/servicemap/data",
      data_mount is not None and data_mount.get("readOnly") is True
      and volumes.get(data_mount["name"], {}).get("configMap", {}).get("name")
      == configmap["metadata"]["name"],
      data_mount)
env = {e["name"]: e.get("value") for e in container.get("env", [])}
check("SERVICEMAP_DATA points at the mount", env.get("SERVICEMAP_DATA") == "/srv/servicemap/data",
      env.get("SERVICEMAP_DATA"))
check("replicas change documents only by rollout (SERVICEMAP_WATCH=false)",
      env.get("SERVICEMAP_WATCH") == "false", env.get("SERVICEMAP_WATCH"))

service = objects["Service"]
ports = {p["name"]: p for p in container.get("ports", [])}
check("service selects the deployment's pods", selects(service["spec"]["selector"]))
check("service targets a named container port",
      all(p["targetPort"] in ports for p in service["spec"]["ports"]),
      service["spec"]["ports"])

hpa = objects["HorizontalPodAutoscaler"]
target = hpa["spec"]["scaleTargetRef"]
check("autoscaler scales the deployment",
      target["kind"] == "Deployment" and target["name"] == deploy["metadata"]["name"], target)
check("autoscaler keeps at least the deployment's replicas",
      hpa["spec"]["minReplicas"] >= spec["replicas"] and hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"])

pdb = objects["PodDisruptionBudget"]
check("disruption budget selects the deployment's pods",
      selects(pdb["spec"]["selector"]["matchLabels"]))
