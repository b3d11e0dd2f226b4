package build

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the import path of the module's packages.
const module = "github.com/boardpack/boardpack/"

// TestImportGraph checks the shape of the pipeline in the packages'
// imports: the command line reaches the pipeline through this package
// only, so that every stage is passed from one to the next here and not
// back through the command line, and each stage takes what the one
// before it made.
func TestImportGraph(t *testing.T) {
	imports := projectImports(t)
	// allowed lists every project package a package may import.
	allowed := map[string][]string{
		"internal/cli": {"internal/build", "internal/config", "internal/serve", "internal/scaffold"},
	}
	// forbidden lists project packages a package must not import.
	forbidden := map[string][]string{
		"internal/cli": {"internal/load", "metrics", "internal/report", "internal/render", "internal/publish", "internal/pdf"},
		// The report is made of the figures and their lineage, not of
		// the extracts' records.
		"internal/report": {"internal/load"},
	}
	for pkg, list := range allowed {
		got, ok := imports[pkg]
		if !ok {
			t.Fatalf("go list shows no package %s", pkg)
		}
		for _, imp := range got {
			if !slices.Contains(list, imp) {
				t.Errorf("%s imports %s; it may import only %s", pkg, imp, strings.Join(list, ", "))
			}
		}
	}
	for pkg, list := range forbidden {
		got, ok := imports[pkg]
		if !ok {
			t.Fatalf("go list shows no package %s", pkg)
		}
		for _, imp := range list {
			if slices.Contains(got, imp) {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}

// projectImports returns, for each package of the module (without the
// module's path), the packages of the module it imports, test files
// aside.
func projectImports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"...").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		imports[pkg] = []string{}
		for _, imp := range fields[1:] {
			if rest, ok := strings.CutPrefix(imp, module); ok {
				imports[pkg] = append(imports[pkg], rest)
			}
		}
	}
	return imports
}
