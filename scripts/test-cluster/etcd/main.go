// An etcd binary for kubectl-gw's cluster test tier, built from etcd's server
// module at the version the pinned Kubernetes release depends on.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
