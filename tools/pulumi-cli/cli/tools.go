//go:build tools

// Package tools pins the Pulumi CLI by version: `go build` of its main package from this module
// takes every dependency at the version go.sum hashes.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
