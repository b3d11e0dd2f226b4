package load

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/metrics"
	"github.com/boardpack/boardpack/rubrics"
)

// Rubrics returns the maturity frameworks, sorted by id: the built-in
// rubrics, each replaced by a file of the same name in dir (a project's
// rubrics folder), and any other rubric of dir, which adds a framework. An
// empty dir, or one that does not exist, gives the built-in rubrics alone.
//
// When rubrics have problems it returns a *diag.List listing every one of
// them as FILE: message; other errors are I/O errors.
func Rubrics(dir string) ([]metrics.Framework, error) {
	return readRubrics(rubrics.FS, dir)
}

// builtinRubrics is how messages name the folder of the built-in rubrics:
// by their place in the source tree, where they are edited.
const builtinRubrics = "rubrics"

// rubricSource is a rubric file's bytes and its name in messages.
type rubricSource struct {
	path string
	data []byte
}

// readRubrics reads the rubrics of builtin, then those of dir over them.
func readRubrics(builtin fs.FS, dir string) ([]metrics.Framework, error) {
	files := map[string]rubricSource{} // by file name
	names, err := fs.Glob(builtin, "*.toml")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		data, err := fs.ReadFile(builtin, n)
		if err != nil {
			return nil, err
		}
		files[n] = rubricSource{path: path.Join(builtinRubrics, n), data: data}
	}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range entries {
			n := e.Name()
			// Files starting with a dot are editors' backups and locks.
			if e.IsDir() || strings.HasPrefix(n, ".") || path.Ext(n) != ".toml" {
				continue
			}
			p := filepath.Join(dir, n)
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			files[n] = rubricSource{path: p, data: data}
		}
	}
	var issues diag.List
	// A rubric's id is its file name, so file name order is id order.
	frameworks := make([]metrics.Framework, 0, len(files))
	for _, n := range slices.Sorted(maps.Keys(files)) {
		if fw, ok := parseRubric(strings.TrimSuffix(n, ".toml"), files[n], &issues); ok {
			frameworks = append(frameworks, fw)
		}
	}
	if err := issues.Err(); err != nil {
		return nil, err
	}
	return frameworks, nil
}

// rubricFile is a rubric as its TOML file writes it.
type rubricFile struct {
	ID       string `toml:"id"`
	Title    string `toml:"title"`
	Scale    string `toml:"scale"`
	Intro    string `toml:"intro"`
	Question []struct {
		ID     string   `toml:"id"`
		Text   string   `toml:"text"`
		Levels []string `toml:"levels"`
	} `toml:"question"`
}

// typeError matches the decoder's message for a value of the wrong type,
// which gives the key and its line but words the rest for programmers
// ("destination has type slice").
var typeError = regexp.MustCompile(`^toml: line ([0-9]+) \(last key "(.+)"\): incompatible types`)

// rubricType says what the value of a rubric's key must be.
func rubricType(key string) string {
	switch key[strings.LastIndexByte(key, '.')+1:] {
	case "question":
		return "[[question]] tables of id, text and levels"
	case "levels":
		return `a list of 3 strings, such as ["poor text", "average text", "excellent text"]`
	}
	return "a string in quotes"
}

const rubricKeys = "a rubric has id, title, scale, intro and [[question]] tables of id, text and levels"

// parseRubric parses and checks the rubric of src, whose file name without
// .toml is id. It reports every problem and returns false if there are
// any.
func parseRubric(id string, src rubricSource, issues *diag.List) (metrics.Framework, bool) {
	var rf rubricFile
	md, err := toml.Decode(string(src.data), &rf)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			issues.Addf(src.path, pe.Position.Line, "", "%s", pe.Message)
		} else if m := typeError.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			issues.Addf(src.path, line, "", "%s must be %s", m[2], rubricType(m[2]))
		} else {
			issues.Addf(src.path, 0, "", "%s", strings.TrimPrefix(err.Error(), "toml: "))
		}
		return metrics.Framework{}, false
	}
	before := issues.Total
	// A misspelt key would otherwise be dropped without a word, and the
	// rubric shown without what it was meant to say.
	var unknown []toml.Key
	for _, k := range md.Undecoded() {
		// A key is reported once, though every [[question]] may have
		// it, and the keys of an unknown table with the table.
		if slices.ContainsFunc(unknown, func(t toml.Key) bool { return len(t) <= len(k) && slices.Equal(t, k[:len(t)]) }) {
			continue
		}
		unknown = append(unknown, k)
		issues.Addf(src.path, 0, "", "unknown key %q (%s)", k.String(), rubricKeys)
	}
	if rf.ID != id {
		issues.Addf(src.path, 0, "", "id %q does not match the file name: write id = %q", rf.ID, id)
	}
	if rf.Scale != metrics.ScaleQuality && rf.Scale != metrics.ScaleLevel {
		issues.Addf(src.path, 0, "", "scale %q is neither %q (poor, average, excellent) nor %q (1, 2, 3)", rf.Scale, metrics.ScaleQuality, metrics.ScaleLevel)
	}
	if len(rf.Question) == 0 {
		issues.Addf(src.path, 0, "", "no questions: add at least one [[question]] with id, text and levels")
	}
	fw := metrics.Framework{
		ID:        rf.ID,
		Title:     strings.TrimSpace(rf.Title),
		Intro:     strings.TrimSpace(rf.Intro),
		Scale:     rf.Scale,
		Questions: make([]metrics.Question, 0, len(rf.Question)),
	}
	seen := map[string]int{} // question number by id
	for i, q := range rf.Question {
		n := i + 1
		qid := strings.TrimSpace(q.ID)
		switch first, dup := seen[qid]; {
		case qid == "":
			issues.Addf(src.path, 0, "", "question %d has no id", n)
		case dup:
			issues.Addf(src.path, 0, "", "duplicate question id %q (questions %d and %d)", qid, first, n)
		default:
			seen[qid] = n
		}
		if strings.TrimSpace(q.Text) == "" {
			issues.Addf(src.path, 0, "", "question %d (%q) has no text", n, qid)
		}
		if len(q.Levels) != 3 {
			issues.Addf(src.path, 0, "", "question %d (%q) has %d levels: give exactly 3, what ratings 1, 2 and 3 mean", n, qid, len(q.Levels))
			continue
		}
		question := metrics.Question{ID: qid, Text: strings.TrimSpace(q.Text)}
		for l, text := range q.Levels {
			question.Levels[l] = strings.TrimSpace(text)
		}
		fw.Questions = append(fw.Questions, question)
	}
	return fw, issues.Total == before
}
