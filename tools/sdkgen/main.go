// Command sdkgen writes the Node.js, Python and Go SDKs of a Pulumi package from its schema with
// the code generators in github.com/pulumi/pulumi/pkg/v3, the ones `pulumi package gen-sdk` reaches
// through the language plugins (which cannot be installed here).
//
//	sdkgen -schema plugin/schema.json -out sdks
//
// writes sdks/nodejs, sdks/python and sdks/go, each emptied first so that nothing stale survives.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is what the generated files name as their generator.
const tool = "pulumi-ddm-sdkgen"

// pulumiGoSDK is the module the generated Go SDK is built on; its go.mod requires the version this
// program was built with, so the Go SDK and its generator move together.
const pulumiGoSDK = "github.com/pulumi/pulumi/sdk/v3"

// goLanguageVersion is the go line of the Go SDK's go.mod, the one the generator gives the go.mod
// it writes itself (for parameterized packages).
const goLanguageVersion = "1.25"

// generators write one language's SDK of a bound package each (they record their language's
// settings in it, so each gets a package of its own).
var generators = map[string]func(pkg *schema.Package) (map[string][]byte, error){
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, noDependencies{})
	},
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return pythongen.GeneratePackage(tool, pkg, nil, noDependencies{})
	},
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		if _, ok := files["go.mod"]; !ok {
			goMod, err := goModule(pkg)
			if err != nil {
				return nil, err
			}
			files["go.mod"] = goMod
		}
		return files, nil
	},
}

func main() {
	schemaPath := flag.String("schema", "plugin/schema.json", "the package schema")
	out := flag.String("out", "sdks", "the folder to write <language>/ into")
	flag.Parse()
	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	languages := make([]string, 0, len(generators))
	for language := range generators {
		languages = append(languages, language)
	}
	sort.Strings(languages)
	for _, language := range languages {
		pkg, err := bind(spec)
		if err != nil {
			return fmt.Errorf("%s: %w", schemaPath, err)
		}
		files, err := generators[language](pkg)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", language, err)
		}
		if err := write(filepath.Join(out, language), files); err != nil {
			return err
		}
	}
	return nil
}

// bind validates the schema and binds it.
func bind(spec schema.PackageSpec) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return pkg, nil
}

func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// goModule is the go.mod of the Go SDK: the generator writes one only for parameterized packages.
// Its module is the folder above the package's import path (…/sdks/go for …/sdks/go/ddm).
func goModule(pkg *schema.Package) ([]byte, error) {
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	modulePath := info.ModulePath
	if modulePath == "" && info.ImportBasePath != "" {
		modulePath = filepath.ToSlash(filepath.Dir(info.ImportBasePath))
	}
	if modulePath == "" {
		return nil, errors.New(`the schema names no Go import path (language.go.importBasePath)`)
	}
	version, err := moduleVersion(pulumiGoSDK)
	if err != nil {
		return nil, err
	}
	return []byte(fmt.Sprintf("module %s\n\ngo %s\n\nrequire %s %s\n", modulePath, goLanguageVersion, pulumiGoSDK, version)), nil
}

func moduleVersion(path string) (string, error) {
	build, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("no build information: build sdkgen as a module")
	}
	for _, dep := range build.Deps {
		if dep.Path == path {
			return dep.Version, nil
		}
	}
	return "", fmt.Errorf("sdkgen was built without %s", path)
}

// noDependencies answers the schema loader: the ddm package references no other package, and one
// that starts to would need its schema found some other way than through a plugin.
type noDependencies struct{}

func (noDependencies) refuse(name string) error {
	return fmt.Errorf("the schema references package %q; sdkgen loads no other package's schema", name)
}

func (l noDependencies) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l noDependencies) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l noDependencies) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l noDependencies) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}
