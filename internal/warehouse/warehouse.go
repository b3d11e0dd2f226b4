// Package warehouse pulls the extracts of the data contract from a
// warehouse: a query a file, run against a configured connection, its
// result streamed to a CSV extract. The warehouse does the heavy work of
// reducing raw tables to the contract's grain; boardpack computes every
// figure from what it writes, so the numbers tie out whatever the source.
//
// A pull is all or nothing: every query's columns are checked against the
// contract before a row is fetched, the results are written into a new
// folder beside the data folder, and that folder replaces the data folder
// only once every query has succeeded.
package warehouse

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/load"
	"github.com/boardpack/boardpack/internal/publish"
)

// Source is a connection of the configuration, [sources.NAME].
type Source struct {
	Driver string `toml:"driver"`  // "postgres"
	DSNEnv string `toml:"dsn_env"` // the environment variable holding the DSN, which never is in the file
	// Timeout bounds the whole pull from this source, such as "10m".
	Timeout string `toml:"timeout"`
}

// DefaultTimeout is a source's timeout when it gives none.
const DefaultTimeout = 10 * time.Minute

// Validate reports a source that cannot work, named name.
func (s Source) Validate(name string) error {
	if _, ok := drivers[s.Driver]; !ok {
		return fmt.Errorf("sources.%s.driver: no driver %q (the drivers are: %s)", name, s.Driver, strings.Join(Drivers(), ", "))
	}
	if s.DSNEnv == "" {
		return fmt.Errorf("sources.%s.dsn_env: name the environment variable that holds the connection string", name)
	}
	if s.Timeout != "" {
		if d, err := time.ParseDuration(s.Timeout); err != nil || d <= 0 {
			return fmt.Errorf("sources.%s.timeout: %q is not a duration such as 10m", name, s.Timeout)
		}
	}
	return nil
}

func (s Source) timeout() time.Duration {
	if d, err := time.ParseDuration(s.Timeout); err == nil && d > 0 {
		return d
	}
	return DefaultTimeout
}

// Driver connects to one kind of database. Adding a database is a file
// that implements Driver and Conn and registers the driver.
type Driver interface {
	Open(ctx context.Context, dsn string) (Conn, error)
}

// Conn is an open connection.
type Conn interface {
	// Version names the server and its version.
	Version() string
	// Columns returns the names of the columns query returns, without
	// fetching a row.
	Columns(ctx context.Context, query string) ([]string, error)
	// Copy runs query and streams its result to w as CSV with a header
	// row: values as the contract writes them, NULL as an empty value. It
	// returns the number of rows.
	Copy(ctx context.Context, query string, w io.Writer) (int64, error)
	Close()
}

// QueryError is a database's error at a place in the query, Pos being
// the character from 1 (0 when the database gives none).
type QueryError struct {
	Pos int
	Msg string
}

func (e *QueryError) Error() string { return e.Msg }

var drivers = map[string]Driver{}

// Register makes a driver available under name.
func Register(name string, d Driver) { drivers[name] = d }

// Drivers returns the names of the registered drivers.
func Drivers() []string {
	var out []string
	for n := range drivers {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Options says what to pull.
type Options struct {
	Sources map[string]Source
	// Dir is the folder of the configuration: the queries of source NAME
	// are Dir/sources/NAME/EXTRACT.sql.
	Dir  string
	Data string // the data folder the extracts are written to
	// Getenv reads the environment; nil is os.Getenv.
	Getenv func(string) string
	// Log tells what the pull does; it may be nil.
	Log func(format string, args ...any)
}

// query is one query file.
type query struct {
	source  string
	extract string // such as "arr_monthly.csv"
	file    string // as shown: sources/warehouse/arr_monthly.sql
	text    string // as sent
	sum     string // SHA-256 of the file
}

// ManifestFile is the pull manifest's name in the data folder.
const ManifestFile = load.PullManifestFile

// queries finds the query files of every source, in name order.
func queries(o Options) ([]query, error) {
	var out []query
	seen := map[string]string{}
	names := make([]string, 0, len(o.Sources))
	for n := range o.Sources {
		names = append(names, n)
	}
	sort.Strings(names)
	extracts := load.Extracts()
	for _, name := range names {
		if err := o.Sources[name].Validate(name); err != nil {
			return nil, err
		}
		rel := filepath.ToSlash(filepath.Join("sources", name))
		files, err := filepath.Glob(filepath.Join(o.Dir, "sources", name, "*.sql"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("sources.%s: no query in %s/: write one EXTRACT.sql a file, such as %s/arr_monthly.sql", name, rel, rel)
		}
		sort.Strings(files)
		for _, f := range files {
			base := filepath.Base(f)
			shown := rel + "/" + base
			extract := strings.TrimSuffix(base, ".sql") + ".csv"
			if !slices.Contains(extracts, extract) {
				var sqls []string
				for _, x := range extracts {
					sqls = append(sqls, strings.TrimSuffix(x, ".csv")+".sql")
				}
				hint := ""
				if n := diag.Nearest(base, sqls); n != "" {
					hint = fmt.Sprintf(": did you mean %s?", n)
				}
				return nil, diag.Errorf(shown, 0, "", "no extract %s in the data contract%s", extract, hint)
			}
			if other, dup := seen[extract]; dup {
				return nil, diag.Errorf(shown, 0, "", "%s is pulled by %s too: keep one query for it", extract, other)
			}
			seen[extract] = shown
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			sum := sha256.Sum256(data)
			out = append(out, query{source: name, extract: extract, file: shown, text: queryText(string(data)), sum: hex.EncodeToString(sum[:])})
		}
	}
	return out, nil
}

// queryText is the query a file holds, without the final semicolon that
// would end the statement it is run inside. The start is kept as it is,
// so that the database's positions are the file's.
func queryText(s string) string {
	s = strings.TrimRight(s, " \t\r\n")
	return strings.TrimRight(strings.TrimSuffix(s, ";"), " \t\r\n")
}

// session is an open source.
type session struct {
	name   string
	src    Source
	conn   Conn
	ctx    context.Context
	cancel context.CancelFunc
	dsn    string
}

// open connects to the source of q.
func open(ctx context.Context, o Options, name string, first query) (*session, error) {
	src := o.Sources[name]
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	dsn := getenv(src.DSNEnv)
	if dsn == "" {
		return nil, fmt.Errorf("%s: the environment variable %s (sources.%s.dsn_env) is not set: set it to the warehouse's connection string", first.file, src.DSNEnv, name)
	}
	s := &session{name: name, src: src, dsn: dsn}
	s.ctx, s.cancel = context.WithTimeout(ctx, src.timeout())
	conn, err := drivers[src.Driver].Open(s.ctx, dsn)
	if err != nil {
		defer s.cancel()
		return nil, s.wrap(first, fmt.Errorf("cannot connect to the warehouse (sources.%s, the connection string in %s): %w", name, src.DSNEnv, err))
	}
	s.conn = conn
	return s, nil
}

func (s *session) close() {
	if s.conn != nil {
		s.conn.Close()
	}
	s.cancel()
}

// wrap words err of query q: at its place in the file when the database
// gives one, as a timeout or an interruption when it is one, and never
// with the connection string or its password.
func (s *session) wrap(q query, err error) error {
	switch {
	case errors.Is(s.ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%s: timed out after %s (sources.%s.timeout)", q.file, s.src.timeout(), s.name)
	case errors.Is(s.ctx.Err(), context.Canceled):
		return fmt.Errorf("%s: interrupted: nothing was written", q.file)
	}
	msg := scrub(err.Error(), s.dsn)
	var qe *QueryError
	if errors.As(err, &qe) && qe.Pos > 0 {
		line, col := position(q.text, qe.Pos)
		return diag.Errorf(q.file, line, fmt.Sprint(col), "%s", msg)
	}
	return diag.Errorf(q.file, 0, "", "%s", msg)
}

// position returns the line and column, from 1, of character pos of s.
func position(s string, pos int) (int, int) {
	line, col := 1, 1
	for i := 0; i < len(s) && pos > 1; pos-- {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// scrub takes the connection string and its password out of a message.
func scrub(msg, dsn string) string {
	secrets := []string{dsn}
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			secrets = append(secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	for _, f := range strings.Fields(dsn) {
		if k, v, ok := strings.Cut(f, "="); ok && strings.EqualFold(k, "password") {
			secrets = append(secrets, strings.Trim(v, "'"), v)
		}
	}
	for _, s := range secrets {
		if len(s) >= 1 {
			msg = strings.ReplaceAll(msg, s, "********")
		}
	}
	return msg
}

// Check connects to every source and checks each query's columns against
// the data contract, without fetching a row.
func Check(ctx context.Context, o Options) error {
	_, sessions, err := prepare(ctx, o)
	for _, s := range sessions {
		s.close()
	}
	return err
}

// prepare finds the queries, connects, and checks every query's columns.
func prepare(ctx context.Context, o Options) ([]checked, map[string]*session, error) {
	qs, err := queries(o)
	if err != nil {
		return nil, nil, err
	}
	sessions := map[string]*session{}
	var out []checked
	for _, q := range qs {
		s := sessions[q.source]
		if s == nil {
			if s, err = open(ctx, o, q.source, q); err != nil {
				return nil, sessions, err
			}
			sessions[q.source] = s
		}
		cols, err := s.conn.Columns(s.ctx, q.text)
		if err != nil {
			return nil, sessions, s.wrap(q, err)
		}
		if missing := load.MissingColumns(q.extract, cols); len(missing) > 0 {
			return nil, sessions, diag.Errorf(q.file, 0, "", "the query returns no column %s, which %s needs (it returns: %s)",
				strings.Join(missing, ", "), q.extract, strings.Join(cols, ", "))
		}
		out = append(out, checked{query: q, columns: cols})
	}
	return out, sessions, nil
}

type checked struct {
	query
	columns []string
}

// Pull runs every query and writes each result as an extract of the data
// folder, with the pull's manifest, all or nothing: on any failure the
// data folder is as it was.
func Pull(ctx context.Context, o Options) (*load.PullManifest, error) {
	logf := o.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	qs, sessions, err := prepare(ctx, o)
	defer func() {
		for _, s := range sessions {
			s.close()
		}
	}()
	if err != nil {
		return nil, err
	}
	data := filepath.Clean(o.Data)
	if err := os.MkdirAll(filepath.Dir(data), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(data), "."+filepath.Base(data)+".pull-")
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	m := &load.PullManifest{}
	for _, q := range qs {
		s := sessions[q.source]
		logf("pulling %s with %s", q.extract, q.file)
		e := load.PulledExtract{Extract: q.extract, Source: q.source, Query: q.file, QuerySHA256: q.sum,
			Columns: q.columns, Server: s.conn.Version(), Started: time.Now().UTC().Format(time.RFC3339)}
		rows, sum, err := copyTo(s, q, filepath.Join(tmp, q.extract))
		if err != nil {
			return nil, err
		}
		e.Rows, e.SHA256, e.Finished = rows, sum, time.Now().UTC().Format(time.RFC3339)
		m.Extracts = append(m.Extracts, e)
	}
	if err := keepOthers(data, tmp, qs); err != nil {
		return nil, err
	}
	if err := m.Write(filepath.Join(tmp, ManifestFile)); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("interrupted: nothing was written")
	}
	if err := publish.Swap(tmp, data); err != nil {
		return nil, err
	}
	done = true
	return m, nil
}

// copyTo streams the result of q to the file path, hashing it.
func copyTo(s *session, q checked, path string) (int64, string, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	rows, err := s.conn.Copy(s.ctx, q.text, w)
	if err != nil {
		return 0, "", s.wrap(q.query, err)
	}
	if err := w.Flush(); err != nil {
		return 0, "", err
	}
	if err := f.Close(); err != nil {
		return 0, "", err
	}
	return rows, hex.EncodeToString(h.Sum(nil)), nil
}

// keepOthers links into tmp what the data folder holds besides the pulled
// extracts: files kept by hand, such as assessments.csv. Another shape of
// a pulled extract (arr_monthly.parquet, arr_monthly/) is left behind, so
// that the extract is not found twice.
func keepOthers(data, tmp string, qs []checked) error {
	entries, err := os.ReadDir(data)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	drop := map[string]bool{ManifestFile: true}
	for _, q := range qs {
		base := strings.TrimSuffix(q.extract, ".csv")
		for _, n := range []string{base + ".csv", base + ".csv.gz", base + ".parquet", base} {
			drop[n] = true
		}
	}
	for _, e := range entries {
		if drop[e.Name()] {
			continue
		}
		if err := linkTree(filepath.Join(data, e.Name()), filepath.Join(tmp, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// linkTree hard-links the file or folder src as dst, copying where a link
// cannot be made.
func linkTree(src, dst string) error {
	st, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if st.IsDir() {
		if err := os.Mkdir(dst, st.Mode().Perm()); err != nil {
			return err
		}
		entries, err := os.ReadDir(src)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := linkTree(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
				return err
			}
		}
		return nil
	}
	if os.Link(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
