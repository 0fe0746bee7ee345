// A kube-apiserver binary for kubectl-gw's cluster test tier, built from the
// k8s.io/kubernetes module (see ../build.sh); only the command constructor is
// needed, everything else comes from the pinned Kubernetes release.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
