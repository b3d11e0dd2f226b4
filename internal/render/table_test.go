package render

import (
	"math"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/report"
)

func TestSparkline(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		values []float64
		want   []string // substrings, in order
		absent []string
	}{
		{
			// Three points over a 120 x 28 box padded by 3: x steps of 57,
			// y from 25 (the lowest) to 3 (the highest).
			name:   "rising",
			values: []float64{1, 2, 3},
			want:   []string{`<polyline points="3.0,25.0 60.0,14.0 117.0,3.0"/>`, `<circle cx="117.0" cy="3.0"`},
		},
		{
			// A gap breaks the line; a lone point makes no line.
			name:   "gap",
			values: []float64{1, 3, nan, 2},
			want:   []string{`<polyline points="3.0,25.0 41.0,3.0"/>`, `<circle cx="117.0" cy="14.0"`},
			absent: []string{"117.0,14.0\"/>"},
		},
		{
			name:   "flat",
			values: []float64{5, 5},
			want:   []string{`<polyline points="3.0,14.0 117.0,14.0"/>`},
		},
		{
			// An undefined last week has no end dot.
			name:   "undefined now",
			values: []float64{1, 2, nan},
			want:   []string{`<polyline points="3.0,25.0 60.0,3.0"/>`},
			absent: []string{"<circle"},
		},
		{
			name:   "empty",
			values: []float64{nan, nan},
			want:   []string{`<svg class="spark"`, "</svg>"},
			absent: []string{"<polyline", "<circle"},
		},
	}
	for _, tt := range tests {
		var b strings.Builder
		sparkline(&b, tt.values)
		got := b.String()
		rest := got
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: %s\nlacks %s", tt.name, got, w)
				break
			}
			rest = rest[i+len(w):]
		}
		for _, a := range tt.absent {
			if strings.Contains(got, a) {
				t.Errorf("%s: %s\nhas %s", tt.name, got, a)
			}
		}
	}
}

func TestTableNoteAlone(t *testing.T) {
	got := string(tableHTML(report.Table{Note: "Add <nps.csv>"}))
	if got != `<p class="table-note">Add &lt;nps.csv&gt;</p>` {
		t.Errorf("a table of a note alone = %s", got)
	}
}
