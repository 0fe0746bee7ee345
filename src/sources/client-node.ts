// The project's one door to @kubernetes/client-node. Importing the package costs about 0.5 s (it
// loads every generated API class); the build replaces this module's output with an esbuild bundle
// holding only what the names below reach (scripts/bundle-client-node.mjs), which loads in about
// 0.1 s. Import client-node through this module only, or the bundle is bypassed.

export {KubeConfig} from '@kubernetes/client-node'
export type {Cluster, Context, User} from '@kubernetes/client-node'
