#!/usr/bin/env bash
# Validates the Kubernetes manifests in deploy/kubernetes/:
#  - every manifest against the Kubernetes API schema, strictly (unknown
#    fields are errors), with kubernetes-validate from PyPI;
#  - kustomization.yaml lists exactly the manifests in the folder;
#  - the objects agree with each other (selectors, names, ports, the image's
#    user) and keep the promises docs/deploy.md makes (three replicas,
#    maxUnavailable 0, probes on /readyz and /healthz, read-only root);
#  - configmap.yaml holds data/ verbatim and the Deployment carries its
#    checksum (scripts/update-configmap.sh --check).
# Prints `N passed, N failed` and exits non-zero on any failure.
#
#   bash scripts/validate-manifests.sh
#   K8S_VERSION=1.33.0 bash scripts/validate-manifests.sh   # another API version
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

dir=deploy/kubernetes
k8s_version=${K8S_VERSION:-}
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok    $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

if ! python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore kubernetes-validate; then
    echo "cannot install kubernetes-validate" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
version_args=()
[[ -n $k8s_version ]] && version_args=(--kubernetes-version "$k8s_version")

manifests=()
for file in "$dir"/*.yaml; do
    [[ $(basename "$file") == kustomization.yaml ]] && continue
    manifests+=("$file")
    if out=$(python3 -m kubernetes_validate --strict --no-warn "${version_args[@]}" "$file" 2>&1); then
        pass "schema: $file"
    else
        fail "schema: $file"
        printf '%s\n' "$out" | sed 's/^/      /'
    fi
done

# Cross-object checks. Each prints `ok name` or `FAIL name: why`.
while IFS= read -r line; do
    case $line in
        "ok "*) pass "${line#ok }" ;;
        *) fail "${line#FAIL }" ;;
    esac
done < <(python3 - "$dir" <<'PY' 2>&1 || echo "FAIL consistency checks: the checker crashed"
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
PY
)

if out=$(bash scripts/update-configmap.sh --check 2>&1); then
    pass "configmap holds data/ verbatim and the deployment its checksum"
else
    fail "configmap holds data/ verbatim and the deployment its checksum"
    printf '%s\n' "$out" | sed 's/^/      /'
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
