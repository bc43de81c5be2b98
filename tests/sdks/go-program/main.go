// Command go-program runs the Go program in program.go through the Automation API (there is no Go
// language host here: the Automation API serves the program itself), on a local file backend:
//
//	go-program -dir DIR -stack NAME up       creates (or updates) the stack; prints its outputs
//	go-program -dir DIR -stack NAME destroy  destroys it and removes the stack
//
// DIR holds the backend's state (DIR/state) and the workspace (DIR/workspace).
//
// The `pulumi` on PATH runs it, with PULUMI_CONFIG_PASSPHRASE, and finds the ddm plugin as it
// would for any program. `up` sets the stack config from the environment: DDM_ENDPOINT (DDM and
// IAM), DDM_DCS_ENDPOINT, DDM_REGION, DDM_ACCESS_KEY, DDM_INSTANCE_NAME, and the secrets
// DDM_SECRET_KEY and DDM_ADMIN_PASSWORD. Standard output's last line is a JSON report.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

const project = "ddm-go"

type report struct {
	Outputs auto.OutputMap  `json:"outputs,omitempty"`
	Changes *map[string]int `json:"changes"`
}

func main() {
	dir := flag.String("dir", "", "the directory for the backend's state and the workspace")
	stackName := flag.String("stack", "dev", "the stack")
	flag.Parse()
	if *dir == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go-program -dir DIR [-stack NAME] up|destroy")
		os.Exit(2)
	}
	if err := run(context.Background(), *dir, *stackName, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "go-program:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir, stackName, operation string) error {
	state, workspaceDir := filepath.Join(dir, "state"), filepath.Join(dir, "workspace")
	for _, d := range []string{state, workspaceDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, project, orders,
		auto.WorkDir(workspaceDir),
		auto.Project(workspace.Project{
			Name:    project,
			Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: "file://" + state},
		}),
		auto.SecretsProvider("passphrase"))
	if err != nil {
		return err
	}
	switch operation {
	case "up":
		if err := stack.SetAllConfig(ctx, stackConfig()); err != nil {
			return err
		}
		result, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		return emit(report{Outputs: result.Outputs, Changes: result.Summary.ResourceChanges})
	case "destroy":
		result, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr), optdestroy.Remove())
		if err != nil {
			return err
		}
		return emit(report{Changes: result.Summary.ResourceChanges})
	default:
		return fmt.Errorf("unknown operation %q (up or destroy)", operation)
	}
}

func stackConfig() auto.ConfigMap {
	plain := func(name string) auto.ConfigValue { return auto.ConfigValue{Value: os.Getenv(name)} }
	secret := func(name string) auto.ConfigValue { return auto.ConfigValue{Value: os.Getenv(name), Secret: true} }
	return auto.ConfigMap{
		"ddm:endpoint":             plain("DDM_ENDPOINT"),
		"ddm:authUrl":              plain("DDM_ENDPOINT"),
		"ddm:dcsEndpoint":          plain("DDM_DCS_ENDPOINT"),
		"ddm:region":               plain("DDM_REGION"),
		"ddm:accessKey":            plain("DDM_ACCESS_KEY"),
		"ddm:secretKey":            secret("DDM_SECRET_KEY"),
		project + ":instanceName":  plain("DDM_INSTANCE_NAME"),
		project + ":adminPassword": secret("DDM_ADMIN_PASSWORD"),
	}
}

func emit(r report) error {
	text, err := json.Marshal(r)
	if err != nil {
		return err
	}
	fmt.Println(string(text))
	return nil
}
