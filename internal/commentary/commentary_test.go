package commentary

import (
	"strings"
	"testing"
)

func TestRenderIsSafe(t *testing.T) {
	src := "## Highlights\n\n- ARR grew from $1.2M to $1.5M.\n\n<script>alert(1)</script>\n\n" +
		"<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote.[^1]\n\n[^1]: A footnote.\n"
	got := string(Render([]byte(src)))
	for _, bad := range []string{"<script", "onerror", "javascript:", "<math", "\\("} {
		if strings.Contains(got, bad) {
			t.Errorf("output contains %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{"<h2", "$1.2M to $1.5M", "<table>", "footnote"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
