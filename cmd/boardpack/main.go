// Command boardpack turns Customer Success extracts into an executive
// metrics site, metrics.json and PDF board packs.
package main

import (
	"os"

	"github.com/boardpack/boardpack/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
