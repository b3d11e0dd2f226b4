package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/boardpack/boardpack/internal/scaffold"
)

// runInit runs `boardpack init DIR`.
func runInit(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "boardpack init: give one folder for the new project, as in: boardpack init metrics\nRun 'boardpack help' for the commands.\n")
		return ExitUsage
	}
	dir := args[0]
	files, err := scaffold.Write(dir, scaffold.Options{Now: time.Now(), Version: Version})
	if err != nil {
		fmt.Fprintf(stderr, "boardpack init: %v\n", err)
		return ExitError
	}
	data := 0
	for _, f := range files {
		if strings.HasPrefix(f, scaffold.DataDir+"/") {
			data++
		}
	}
	fmt.Fprintf(stdout, "boardpack: created %s: %s, with %s of sample data in %s/\n",
		dir, plural(len(files)-data, "file"), plural(data, "extract"), scaffold.DataDir)
	fmt.Fprintf(stdout, "Next: cd %s && boardpack build (--no-pdf without Chromium), then open public/index.html\n", dir)
	return ExitOK
}
