// Command sdkgen-dotnet generates the .NET SDK of this provider from schema/schema.json with Pulumi's own C#
// generator. The generator left pkg/v3 after v3.228.0 (it now lives in the pulumi-dotnet repository, whose Go
// module the module proxy here does not serve), so this is its own module pinned to pkg/v3 v3.228.0, the newest
// version the proxy serves that still has codegen/dotnet; ../main.go (sdkgen, pkg/v3 v3.259.0) does the others.
//
//	sdkgen-dotnet -schema schema/schema.json -out sdk/dotnet
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noPackages is the loader for a schema that references no other package: every lookup is an error.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("schema references package %q; this generator loads none", name)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("schema references package %q; this generator loads none", d.Name)
}

// logo is the package icon of the NuGet package (logo.png): the generator downloads one (the schema's logoUrl, else
// Pulumi's default from GitHub); offlineLogo answers that request with this file, and refuses any other.
//
//go:embed logo.png
var logo []byte

type offlineLogo struct{}

func (offlineLogo) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || !bytes.HasSuffix([]byte(req.URL.Path), []byte(".png")) {
		return nil, fmt.Errorf("sdkgen-dotnet runs offline; refused %s %s", req.Method, req.URL)
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"image/png"}}, Body: io.NopCloser(bytes.NewReader(logo)),
		ContentLength: int64(len(logo)), Request: req,
	}, nil
}

// tool is the name the generated files' headers carry.
const tool = "openai-iac sdkgen-dotnet (pulumi codegen v3.228.0)"

func main() {
	schemaPath := flag.String("schema", "schema/schema.json", "the Pulumi package schema")
	out := flag.String("out", "", "output folder (replaced)")
	flag.Parse()
	http.DefaultTransport = offlineLogo{}
	http.DefaultClient.Transport = offlineLogo{}
	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen-dotnet: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("schema is invalid: %s", diags.Error())
	}
	files, err := dotnet.GeneratePackage(tool, pkg, nil, nil)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("sdkgen-dotnet: %d files for dotnet in %s\n", len(names), out)
	return nil
}
