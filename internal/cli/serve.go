package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/boardpack/boardpack/internal/build"
	"github.com/boardpack/boardpack/internal/serve"
)

// defaultPort is serve's port when --port is not given.
const defaultPort = 1313

// serveCommand runs boardpack serve until an interrupt or a termination
// signal.
func serveCommand(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, a second one stops the process at once, even
	// in the middle of a long build (printing the packs).
	context.AfterFunc(ctx, stop)
	return runServe(ctx, args, stdout, stderr)
}

// serveFlags are the flags of serve beyond the build's.
type serveFlags struct {
	port    int
	portSet bool // a taken port is an error only when it was asked for
	pdf     bool
}

// define adds serve's flags to the build's, for parseFlags.
func (f *serveFlags) define(fs *flag.FlagSet) {
	f.port = defaultPort
	fs.Func("port", "", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 65535 {
			return fmt.Errorf("%q is not a port number", s)
		}
		f.port, f.portSet = n, true
		return nil
	})
	fs.BoolVar(&f.pdf, "pdf", false, "")
}

// runServe builds the site into a private folder, serves it and rebuilds it
// as its files change, until ctx is done.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var flags serveFlags
	f, o, err := parseFlags("serve", args, flags.define)
	if err != nil {
		return flagsFailed("serve", err, stdout, stderr)
	}
	ln, err := listen(&flags, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "boardpack serve: %v\n", err)
		return ExitError
	}
	defer ln.Close()

	printf := func(format string, args ...any) {
		var b strings.Builder
		for _, line := range strings.Split(fmt.Sprintf(format, args...), "\n") {
			fmt.Fprintf(&b, "boardpack: %s\n", line)
		}
		io.WriteString(stderr, b.String())
	}
	logf := printf
	if f.quiet {
		logf = nil
	}
	srv, err := serve.New(serve.Options{
		Build:  func(dir string) error { return serveBuild(f, flags, dir, o, stderr, printf) },
		Watch:  watched(o, f.config),
		Logf:   logf,
		Errorf: printf,
	})
	if err != nil {
		fmt.Fprintf(stderr, "boardpack serve: %v\n", err)
		return ExitError
	}
	defer srv.Close()
	srv.Rebuild() // a failure is printed, and the site shows it
	fmt.Fprintf(stdout, "boardpack: serving http://%s/ (press Ctrl+C to stop)\n", ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "boardpack serve: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// listen opens the port on the loopback address only: the preview shows
// the company's figures and is for this machine's browser. A port that is
// taken is an error when it was asked for, and gives way to a free one
// when it is the default.
func listen(flags *serveFlags, stderr io.Writer) (net.Listener, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(flags.port))
	ln, err := net.Listen("tcp", addr)
	switch {
	case err == nil:
		return ln, nil
	case flags.portSet:
		return nil, fmt.Errorf("cannot serve on %s: %v; choose another port with --port, or leave --port out to use a free one", addr, listenError(err))
	}
	ln, ferr := net.Listen("tcp", "127.0.0.1:0")
	if ferr != nil {
		return nil, fmt.Errorf("cannot serve on %s (%v), nor on a free port: %v", addr, listenError(err), listenError(ferr))
	}
	fmt.Fprintf(stderr, "boardpack: port %d is taken; serving on port %d\n", flags.port, ln.Addr().(*net.TCPAddr).Port)
	return ln, nil
}

// listenError drops the address that net.Listen repeats in its error.
func listenError(err error) error {
	if oe, ok := errors.AsType[*net.OpError](err); ok {
		return oe.Err
	}
	return err
}

// watched lists what the site is made from: the data, the commentary, the
// configuration file, and the project's templates, themes and rubrics when
// they exist.
func watched(o build.Options, cfgFile string) []string {
	paths := []string{o.Data, o.Content, cfgFile}
	for _, dir := range []string{o.Config.Path(o.Config.Rubrics), filepath.Join(o.Config.Dir, "templates"), filepath.Join(o.Config.Dir, "themes")} {
		if st, err := os.Stat(dir); err == nil && st.IsDir() && !slices.Contains(paths, dir) {
			paths = append(paths, dir)
		}
	}
	return paths
}

// serveBuild builds the site into dir. It reads the configuration again,
// so that an edit of it takes effect without a restart; f and sf are the
// flags serve was started with, and first the options of its first
// reading, whose folders are the ones watched.
func serveBuild(f flags, sf serveFlags, dir string, first build.Options, stderr io.Writer, printf func(string, ...any)) error {
	o, err := f.options()
	if err != nil {
		return err
	}
	if o.Data != first.Data || o.Content != first.Content {
		printf("warning: the configuration now reads %s and %s: restart serve to watch them", o.Data, o.Content)
	}
	// The preview never writes the configured output folder: a published
	// site stays as it is.
	o.Out = dir
	o.PDF = sf.pdf
	log := newLogger(stderr, f.quiet, f.verbose)
	_, err = build.Run(o, log)
	log.clear()
	return err
}
