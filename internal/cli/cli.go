// Package cli is boardpack's command line: it parses the arguments into a
// build's options, runs the build (package build), prints what it made
// and exits.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"syscall"

	"github.com/boardpack/boardpack/internal/build"
	"github.com/boardpack/boardpack/internal/config"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // bad data or a failed build
	ExitUsage = 2
)

// Version is set at link time (-ldflags "-X .../cli.Version=v1.2.3").
var Version = "dev"

const usage = `boardpack turns Customer Success extracts into a metrics site and board packs.

Usage:
  boardpack build     [flags]   read the data, compute, write the site and metrics.json
  boardpack serve     [flags]   build the site, serve it on 127.0.0.1 and rebuild it,
                                reloading the browser, when its files change
  boardpack validate  [flags]   check the inputs only (and the warehouse queries' columns)
  boardpack pull      [flags]   run the warehouse queries of sources/NAME/*.sql and write
                                their results into the data folder, all or nothing
  boardpack init DIR            create a report project in DIR (new or empty)
                                that builds as it is, with sample data
  boardpack version             print the version

Flags:
  --config FILE   configuration file (default boardpack.toml, optional)
  --data DIR      data folder (default: the config's data, else ./data)
  --out DIR       output folder (default: the config's output.dir, else ./public)
  --as-of DATE    YYYY-MM, or a date: the last complete month at or before it
                  (default: the last month in the data)
  --no-pdf        make no board packs
  --pack-html     write the board packs' HTML layouts (packs/*.html) even
                  when they are not printed
  --quiet         print nothing but errors
  --verbose       also list unknown columns and timings
  --cpuprofile F  write a CPU profile to F
  --strict        fail when a figure an earlier period published has changed
  --pull          build only: pull from the warehouse first

Serve flags (serve builds no board packs unless asked, for speed):
  --port N        the port (default 1313, or a free one when 1313 is taken)
  --pdf           also print the board packs
`

// Run runs boardpack with args (without the program name) and returns its
// exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build", "validate", "pull":
		return runPipeline(cmd, rest, stdout, stderr)
	case "serve":
		return serveCommand(rest, stdout, stderr)
	case "init":
		return runInit(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "boardpack: unknown command %q\n\n%s", cmd, usage)
		return ExitUsage
	}
}

func versionString() string {
	commit, goVersion := "unknown", runtime.Version()
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				commit = s.Value
			}
		}
	}
	return fmt.Sprintf("boardpack %s (commit %s, %s)", Version, commit, goVersion)
}

// flags are the command line's settings, before the configuration is read.
type flags struct {
	config         string
	configExplicit bool // a missing configuration is an error only when it was named
	data, out      string
	asOf           string
	noPDF          bool
	packHTML       bool
	quiet          bool
	verbose        bool
	cpuprofile     string
	strict         bool
	pull           bool
}

// parseFlags reads the flags and the configuration. A command's own flags
// are defined by extra.
func parseFlags(cmd string, args []string, extra ...func(*flag.FlagSet)) (flags, build.Options, error) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, define := range extra {
		define(fs)
	}
	var f flags
	fs.StringVar(&f.config, "config", config.DefaultFile, "")
	fs.StringVar(&f.data, "data", "", "")
	fs.StringVar(&f.out, "out", "", "")
	fs.StringVar(&f.asOf, "as-of", "", "")
	fs.BoolVar(&f.noPDF, "no-pdf", false, "")
	fs.BoolVar(&f.packHTML, "pack-html", false, "")
	fs.BoolVar(&f.quiet, "quiet", false, "")
	fs.BoolVar(&f.verbose, "verbose", false, "")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "")
	fs.BoolVar(&f.strict, "strict", false, "")
	if cmd == "build" {
		fs.BoolVar(&f.pull, "pull", false, "")
	}
	if err := fs.Parse(args); err != nil {
		return f, build.Options{}, err
	}
	if fs.NArg() > 0 {
		return f, build.Options{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	fs.Visit(func(fl *flag.Flag) { f.configExplicit = f.configExplicit || fl.Name == "config" })
	o, err := f.options()
	return f, o, err
}

// options reads the configuration and returns the build's options: the
// flags' settings over the configuration's.
func (f flags) options() (build.Options, error) {
	cfg, err := config.Load(f.config, f.configExplicit)
	if err != nil {
		return build.Options{}, &configError{err}
	}
	o := build.Options{
		Config: cfg, Data: cfg.Path(cfg.Data), Out: cfg.Path(cfg.Output.Dir), Content: cfg.Path(cfg.Content),
		PDF: cfg.Output.PDF && !f.noPDF, PackHTML: f.packHTML, Strict: cfg.Output.Strict || f.strict, Version: Version,
	}
	if f.data != "" {
		o.Data = f.data
	}
	if f.out != "" {
		o.Out = f.out
	}
	if o.AsOf, err = build.ParseAsOf(f.asOf); err != nil {
		return build.Options{}, err
	}
	return o, nil
}

// configError is a configuration that cannot be used: a data error (exit
// 1), not a usage error.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }

// flagsFailed reports an error of parseFlags and returns the exit code:
// a request for help is not a failure.
func flagsFailed(cmd string, err error, stdout, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "boardpack %s: %v\n", cmd, err)
	var ce *configError
	if errors.As(err, &ce) {
		return ExitError
	}
	fmt.Fprintf(stderr, "Run 'boardpack help' for the flags.\n")
	return ExitUsage
}

func runPipeline(cmd string, args []string, stdout, stderr io.Writer) int {
	f, o, err := parseFlags(cmd, args)
	if err != nil {
		return flagsFailed(cmd, err, stdout, stderr)
	}
	if f.cpuprofile != "" {
		f, err := os.Create(f.cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "boardpack: %v\n", err)
			return ExitError
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "boardpack: %v\n", err)
			return ExitError
		}
		defer pprof.StopCPUProfile()
	}
	log := newLogger(stderr, f.quiet, f.verbose)
	var blog build.Log = log
	if limitMemory() {
		blog = memoryLog{log}
	}
	o.Validate, o.Pull = cmd == "validate", f.pull
	// Ctrl-C stops a pull with the data folder as it was.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	o.Context = ctx
	if cmd == "pull" {
		if err := build.Pull(ctx, o, blog); err != nil {
			log.clear()
			for _, line := range build.Describe(err, true) {
				fmt.Fprintf(stderr, "boardpack: %s\n", line)
			}
			return ExitError
		}
		log.clear()
		if !f.quiet {
			fmt.Fprintf(stderr, "pulled into %s\n", o.Data)
		}
		return ExitOK
	}
	res, err := build.Run(o, blog)
	if err != nil {
		log.clear()
		for _, line := range build.Describe(err, o.Validate) {
			fmt.Fprintf(stderr, "boardpack: %s\n", line)
		}
		return ExitError
	}
	log.done(res)
	return ExitOK
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// softMemoryLimit is the least heap size above which the garbage collector
// works harder rather than let the heap double. A build's garbage comes in
// bursts (the parsed blocks of a large extract), and without a limit the
// heap of a 100,000-account build grows to twice what it holds live: 500
// to 800 MB peak where 400 MB suffices, at no measurable cost in time.
const softMemoryLimit = 400 << 20

// limitMemory sets softMemoryLimit unless GOMEMLIMIT says otherwise, and
// returns whether it did. A soft limit never fails a build: above it the
// collector runs more often, and the runtime caps the time it spends doing
// so.
func limitMemory() bool {
	if os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetMemoryLimit(softMemoryLimit)
	return true
}

// memoryLog raises the soft memory limit at each stage of a build to half
// as much again as the heap holds live, when that is more: a fixed limit
// below what a large company holds live (a million accounts hold 500 MB
// once read) makes the collector run without pause.
type memoryLog struct{ build.Log }

func (l memoryLog) Step(format string, args ...any) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		if limit := int64(s[0].Value.Uint64()) * 3 / 2; limit > debug.SetMemoryLimit(-1) {
			debug.SetMemoryLimit(limit)
		}
	}
	l.Log.Step(format, args...)
}
