#!/usr/bin/env bash
# Builds etcd and kube-apiserver for the cluster test tier from the Go module
# proxy, once: the binaries live outside the checkout in
#   ${KUBECTL_GW_CLUSTER_CACHE:-$HOME/.cache/kubectl-gw}/k8s-<version>/
# next to a stamp keyed by the pinned versions and the module sources here, so
# a warm run does nothing. Prints the directory holding the binaries on stdout
# (progress goes to stderr).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"

go_bin="$(command -v go || true)"
if [[ -z "$go_bin" && -x /usr/local/go/bin/go ]]; then go_bin=/usr/local/go/bin/go; fi
if [[ -z "$go_bin" ]]; then
  echo "build.sh: go is not installed (needed to build etcd and kube-apiserver)" >&2
  exit 3
fi

# versions.env names the release for the cache directory and README; the go.mod
# files are what is built: they must agree.
grep -q "k8s.io/kubernetes $K8S_VERSION\$" "$here/kube-apiserver/go.mod" &&
  grep -q "k8s.io/api => k8s.io/api $STAGING_VERSION\$" "$here/kube-apiserver/go.mod" &&
  grep -q "go.etcd.io/etcd/server/v3 $ETCD_VERSION\$" "$here/etcd/go.mod" || {
  echo "build.sh: versions.env and the go.mod files name different versions" >&2
  exit 2
}

cache_root="${KUBECTL_GW_CLUSTER_CACHE:-$HOME/.cache/kubectl-gw}"
out="$cache_root/k8s-$K8S_VERSION"
# The stamp covers the versions and every file the binaries are built from, so
# editing a go.mod, main.go or this script rebuilds.
key="$(cd "$here" && cat build.sh versions.env kube-apiserver/go.mod kube-apiserver/go.sum kube-apiserver/main.go \
  etcd/go.mod etcd/go.sum etcd/main.go | sha256sum | cut -c1-16) $("$go_bin" env GOVERSION)"
stamp="$out/.stamp"
if [[ -x "$out/kube-apiserver" && -x "$out/etcd" && -f "$stamp" && "$(cat "$stamp")" == "$key" ]]; then
  echo "$out"
  exit 0
fi

mkdir -p "$out"
# Never let the build pick up or download another toolchain; the committed
# go.mod/go.sum are complete, so the build may not change them (-mod=readonly)
# and every downloaded module is checked against go.sum.
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly

build_one() { # name [ldflags]
  local name="$1" ldflags="-s -w ${2:-}" src="$out/src-$1" start
  start=$(date +%s)
  rm -rf "$src" && mkdir -p "$src"
  cp "$here/$name/go.mod" "$here/$name/go.sum" "$here/$name/main.go" "$src/"
  echo "build.sh: $name: downloading modules and compiling" >&2
  (cd "$src" && "$go_bin" build -trimpath -ldflags="$ldflags" -o "$out/$name.tmp" . >&2)
  mv -f "$out/$name.tmp" "$out/$name"
  echo "build.sh: $name: built in $(( $(date +%s) - start ))s" >&2
}

rm -f "$stamp"
build_one etcd
# What Kubernetes' own build stamps in (hack/lib/version.sh): without it the server reports
# v0.0.0-master at /version, and kubectl (and its version skew checks) would see that.
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
build_one kube-apiserver "$version_flags"
echo "$key" > "$stamp"
echo "$out"
