//go:build tools

// Package tools pins Pulumi's Node.js language host. Since it became a module of its own it is
// not served by the module proxy these machines reach; sdk/v3 v3.68.0 is the newest release
// there that still carries it as a package (nodejs/cmd/pulumi-language-nodejs). It needs a
// module of its own because the CLI needs sdk/v3 at v3.248.0.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
