#!/usr/bin/env bash
# Validates the Kubernetes manifests in deploy/kubernetes/:
#  - every manifest against the Kubernetes API schema, strictly (unknown
#    fields are errors), with kubernetes-validate from PyPI;
#  - kustomization.yaml lists exactly the manifests in the folder, and the
#    objects agree with each other and keep the promises docs/deploy.md
#    makes (scripts/check_manifests.py);
#  - configmap.yaml holds data/ verbatim and the Deployment carries its
#    checksum (scripts/update_configmap.py --check).
# Prints `manifests: N passed, N failed` and exits non-zero on any failure.
#
#   bash scripts/validate-manifests.sh
#   K8S_VERSION=1.33.0 bash scripts/validate-manifests.sh   # another API version
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness manifests

dir=deploy/kubernetes
provision manifests ||
    abort "kubernetes-validate installed (scripts/provision.sh manifests)"
version_args=()
[[ -n ${K8S_VERSION:-} ]] && version_args=(--kubernetes-version "$K8S_VERSION")

for file in "$dir"/*.yaml; do
    [[ $(basename "$file") == kustomization.yaml ]] && continue
    if out=$(python3 -m kubernetes_validate --strict --no-warn "${version_args[@]}" "$file" 2>&1); then
        pass "schema: $file"
    else
        fail "schema: $file"
        printf '%s\n' "$out" | sed 's/^/      /'
    fi
done
tally python3 scripts/check_manifests.py "$dir"
check "configmap holds data/ verbatim and the deployment its checksum" \
    python3 scripts/update_configmap.py --check
summary
