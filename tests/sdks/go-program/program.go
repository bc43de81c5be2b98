package main

import (
	"github.com/pulumi-ddm/pulumi-ddm/sdks/go/ddm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// orders is the Pulumi program, as a Go user writes it with the generated SDK: one DDM instance
// whose administrator's password comes from secret stack config.
func orders(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	instance, err := ddm.NewDdmInstance(ctx, "orders", &ddm.DdmInstanceArgs{
		Name:              pulumi.String(cfg.Require("instanceName")),
		Flavor:            pulumi.String("ddm.c6.2xlarge.2"),
		NodeNum:           pulumi.Int(2),
		AvailabilityZones: pulumi.StringArray{pulumi.String("az1")},
		VpcId:             pulumi.String("vpc-1"),
		SubnetId:          pulumi.String("subnet-1"),
		SecurityGroupId:   pulumi.String("sg-1"),
		AdminUsername:     pulumi.String("root"),
		AdminPassword:     cfg.RequireSecret("adminPassword"),
	})
	if err != nil {
		return err
	}
	ctx.Export("instanceId", instance.InstanceId)
	ctx.Export("status", instance.Status)
	ctx.Export("nodeCount", instance.NodeCount)
	ctx.Export("adminPassword", instance.AdminPassword)
	return nil
}
