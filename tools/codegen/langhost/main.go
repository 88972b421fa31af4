// Command langhost is a `pulumi-language-nodejs` that adds GenerateProgram (the call `pulumi import --out` and
// `pulumi convert` make) to the older Node.js language host tools/engines can build (sdk v3.68.0, which answers
// Unimplemented). Every other call is forwarded, byte for byte, to that host, which langhost starts with its own
// arguments. GenerateProgram binds the PCL the engine sends with the schema loader the engine serves and renders
// TypeScript with Pulumi's generator, linked from the pinned pkg/v3 module (the code newer hosts run).
//
// Use: build it as `pulumi-language-nodejs` into a folder of its own and put that folder first on PATH for the
// command that needs it (the engine then warns "using pulumi-language-nodejs from $PATH"). The real host is
// $PULUMI_LANGUAGE_NODEJS_REAL, else the first other `pulumi-language-nodejs` on PATH.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const generateProgram = "/pulumirpc.LanguageRuntime/GenerateProgram"

// frame carries one message's bytes unparsed: the proxy never decodes what it forwards.
type frame struct{ payload []byte }

type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	if f, ok := v.(*frame); ok {
		return f.payload, nil
	}
	if m, ok := v.(proto.Message); ok {
		return proto.Marshal(m)
	}
	return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	if f, ok := v.(*frame); ok {
		f.payload = append([]byte(nil), data...)
		return nil
	}
	if m, ok := v.(proto.Message); ok {
		return proto.Unmarshal(data, m)
	}
	return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
}

func (rawCodec) Name() string { return "proto" }

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (openai-iac langhost): %v\n", err)
		os.Exit(1)
	}
}

// realHost finds the language host to forward to: never this executable.
func realHost() (string, error) {
	if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_REAL"); p != "" {
		return p, nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(self); err == nil {
		self = resolved
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		candidate := filepath.Join(dir, "pulumi-language-nodejs")
		st, err := os.Stat(candidate)
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			continue
		}
		if resolved, err := filepath.EvalSymlinks(candidate); err == nil && resolved == self {
			continue
		}
		return candidate, nil
	}
	return "", errors.New("no other pulumi-language-nodejs on PATH (set PULUMI_LANGUAGE_NODEJS_REAL)")
}

func run() error {
	host, err := realHost()
	if err != nil {
		return err
	}
	// Start the real host with our arguments; its first stdout line is its port.
	cmd := exec.Command(host, os.Args[1:]...)
	cmd.Stderr = os.Stderr
	cmd.Stdin = nil
	setParentDeathSignal(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	reader := bufio.NewReader(out)
	line, err := reader.ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		return fmt.Errorf("%s did not print its port: %w", host, err)
	}
	port := strings.TrimSpace(line)
	go func() { _, _ = io.Copy(os.Stdout, reader) }()

	conn, err := grpc.NewClient("127.0.0.1:"+port,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}), grpc.MaxCallRecvMsgSize(400*1024*1024),
			grpc.MaxCallSendMsgSize(400*1024*1024)))
	if err != nil {
		_ = cmd.Process.Kill()
		return err
	}
	defer conn.Close()

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = cmd.Process.Kill()
		return err
	}
	p := &proxy{conn: conn}
	srv := grpc.NewServer(grpc.ForceServerCodec(rawCodec{}), grpc.UnknownServiceHandler(p.handle),
		grpc.MaxRecvMsgSize(400*1024*1024), grpc.MaxSendMsgSize(400*1024*1024))
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sig:
			_ = cmd.Process.Signal(s)
		case <-done:
		}
		srv.Stop()
	}()
	return srv.Serve(lis)
}

type proxy struct{ conn *grpc.ClientConn }

func (p *proxy) handle(_ any, ss grpc.ServerStream) error {
	method, ok := grpc.MethodFromServerStream(ss)
	if !ok {
		return errors.New("no method in stream")
	}
	if method == generateProgram {
		req := &pulumirpc.GenerateProgramRequest{}
		if err := ss.RecvMsg(req); err != nil {
			return err
		}
		resp, err := generate(req)
		if err != nil {
			return err
		}
		return ss.SendMsg(resp)
	}
	return p.forward(ss, method)
}

// forward relays one call (unary or streaming) to the real host and its answer back.
func (p *proxy) forward(ss grpc.ServerStream, method string) error {
	ctx, cancel := context.WithCancel(ss.Context())
	defer cancel()
	if in, ok := metadata.FromIncomingContext(ss.Context()); ok {
		out := metadata.MD{}
		for k, v := range in {
			if strings.HasPrefix(k, ":") || k == "content-type" || k == "user-agent" || k == "te" {
				continue
			}
			out[k] = v
		}
		ctx = metadata.NewOutgoingContext(ctx, out)
	}
	cs, err := p.conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method)
	if err != nil {
		return err
	}
	upErr := make(chan error, 1)
	go func() {
		for {
			f := &frame{}
			if err := ss.RecvMsg(f); err != nil {
				if errors.Is(err, io.EOF) {
					upErr <- cs.CloseSend()
				} else {
					upErr <- err
				}
				return
			}
			if err := cs.SendMsg(f); err != nil {
				upErr <- err
				return
			}
		}
	}()
	sentHeader := false
	for {
		f := &frame{}
		if err := cs.RecvMsg(f); err != nil {
			ss.SetTrailer(cs.Trailer())
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if !sentHeader {
			if md, err := cs.Header(); err == nil {
				_ = ss.SendHeader(md)
			}
			sentHeader = true
		}
		if err := ss.SendMsg(f); err != nil {
			return err
		}
		select {
		case err := <-upErr:
			if err != nil {
				return err
			}
		default:
		}
	}
}

// generate is GenerateProgram as Pulumi's own Node.js host implements it: parse the PCL files, bind them with
// the engine's schema loader (non-strict unless asked, as import requests), render TypeScript.
func generate(req *pulumirpc.GenerateProgramRequest) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	parser := hclsyntax.NewParser()
	for path, contents := range req.GetSource() {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return &pulumirpc.GenerateProgramResponse{
				Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
			}, nil
		}
	}
	opts := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.GetStrict() {
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), opts...)
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiags}, nil
	}
	if program == nil {
		return nil, errors.New("internal error: the bound program is nil")
	}
	files, genDiags, err := nodejs.GenerateProgram(program)
	if err != nil {
		return nil, err
	}
	rpcDiags = append(rpcDiags, plugin.HclDiagnosticsToRPCDiagnostics(genDiags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: rpcDiags}, nil
}
