package contract

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestFile(t *testing.T) {
	f := Of(CostsFile)
	if got, want := f.ColumnList(), "month, category (csm, support, onboarding, cs_ops, customer_marketing, tooling, other), amount, headcount (optional)"; got != want {
		t.Errorf("ColumnList() = %q, want %q", got, want)
	}
	if got, want := f.Required(), []string{"month", "category", "amount"}; !slices.Equal(got, want) {
		t.Errorf("Required() = %q, want %q", got, want)
	}
	if got, want := f.Names(), []string{"month", "category", "amount", "headcount"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("Of of a file the contract does not have did not panic")
		}
	}()
	Of("costs.csv")
}

// TestContract checks the contract's own consistency: one entry per file,
// unique columns, a text for each optional file.
func TestContract(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Files {
		if seen[f.Name] {
			t.Errorf("%s is in the contract twice", f.Name)
		}
		seen[f.Name] = true
		if len(f.Required()) == 0 && f.Name != SubscriptionsFile {
			t.Errorf("%s has no required column", f.Name)
		}
		names := f.Names()
		for i, n := range names {
			if slices.Contains(names[:i], n) {
				t.Errorf("%s lists %s twice", f.Name, n)
			}
		}
	}
	for _, name := range append([]string{CostsFile, InitiativesFile, AssessmentsFile}, IndicatorFiles...) {
		if Of(name).Unlocks == "" {
			t.Errorf("%s is optional but says nothing of what it adds", name)
		}
	}
}

// TestREADME checks that the README, the user's documentation of the
// contract, names every file and, near it, every column of it.
func TestREADME(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	fileRef := regexp.MustCompile("`[a-z_]+\\.csv`")
	for _, f := range Files {
		ref := "`" + f.Name + "`"
		var missing []string
		found := false
		// Each mention of the file runs to the next mention of a file:
		// one of them must list every column.
		for rest := readme; !found; {
			i := strings.Index(rest, ref)
			if i < 0 {
				break
			}
			rest = rest[i+len(ref):]
			text := rest
			if j := fileRef.FindStringIndex(rest); j != nil {
				text = rest[:j[0]]
			}
			missing = missing[:0]
			for _, c := range f.Names() {
				if !regexp.MustCompile(`\b` + c + `\b`).MatchString(text) {
					missing = append(missing, c)
				}
			}
			found = len(missing) == 0
		}
		if !found {
			t.Errorf("README.md does not describe %s with its columns (missing %s)", f.Name, strings.Join(missing, ", "))
		}
	}
}
