package load

import (
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/metrics"
)

// TestContractValues checks that the values the contract lists for a
// column, where the report asks for its file, are those the reader
// accepts.
func TestContractValues(t *testing.T) {
	for _, c := range []struct {
		file, column string
		values       []string
	}{
		{contract.CostsFile, "category", metrics.CostCategories},
		{contract.ContactsFile, "role", contactRoles},
		{contract.RenewalsFile, "forecast", forecasts},
		{contract.RenewalsFile, "outcome", outcomes},
	} {
		var note string
		for _, col := range contract.Of(c.file).Columns {
			if col.Name == c.column {
				note = col.Note
			}
		}
		if want := strings.Join(c.values, ", "); note != want {
			t.Errorf("%s: the contract lists %s as %q; the reader accepts %q", c.file, c.column, note, want)
		}
	}
}
