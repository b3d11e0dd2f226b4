package warehouse_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/load"
	. "github.com/boardpack/boardpack/internal/warehouse"
	"github.com/boardpack/boardpack/internal/warehouse/pgtest"
)

const sampleDir = "../../sample-data"

func startBench(b *testing.B) *pgtest.Server { return pgtest.Start(b) }

// The server with the sample loaded, shared by the tests of the package:
// loading the sample is most of the time they take.
var (
	shared      *pgtest.Server
	sharedNames []string
)

// TestMain stops the shared server when the tests are done, passed or not.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopAll()
	os.Exit(code)
}

func startServer(t *testing.T) (*pgtest.Server, []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a PostgreSQL server")
	}
	if shared == nil {
		shared = pgtest.StartShared(t)
		sharedNames = shared.LoadSample(t, sampleDir)
	}
	return shared, sharedNames
}

// project writes a project whose source "warehouse" pulls every extract
// of the sample: the reduced ones with the reference queries of
// sources/examples, the others as they are.
func project(t *testing.T, names []string) (dir string, o Options) {
	t.Helper()
	dir = t.TempDir()
	q := filepath.Join(dir, "sources", "warehouse")
	if err := os.MkdirAll(q, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		sql := "SELECT * FROM " + name + "\n"
		if ref, err := os.ReadFile(filepath.Join("../../sources/examples", name+".sql")); err == nil {
			sql = string(ref)
		}
		if err := os.WriteFile(filepath.Join(q, name+".sql"), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, Options{
		Sources: map[string]Source{"warehouse": {Driver: "postgres", DSNEnv: "BP_TEST_DSN", Timeout: "2m"}},
		Dir:     dir, Data: filepath.Join(dir, "data"),
	}
}

func env(dsn string) func(string) string {
	return func(k string) string {
		if k == "BP_TEST_DSN" {
			return dsn
		}
		return ""
	}
}

// tree returns every file of dir with the SHA-256 of its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		s := sha256.Sum256(data)
		out[strings.TrimPrefix(p, dir)] = hex.EncodeToString(s[:])
		return nil
	})
	return out
}

func TestPostgres(t *testing.T) {
	srv, names := startServer(t)
	t.Run("pull", func(t *testing.T) { testPull(t, srv, names) })
	t.Run("failures", func(t *testing.T) { testFailures(t, srv, names) })
}

func testPull(t *testing.T, srv *pgtest.Server, names []string) {
	dir, o := project(t, names)
	o.Getenv = env(srv.DSN)
	// A file kept by hand stays; another shape of a pulled extract goes,
	// or the extract would be found twice.
	os.MkdirAll(o.Data, 0o755)
	os.WriteFile(filepath.Join(o.Data, "notes.txt"), []byte("kept"), 0o644)
	os.WriteFile(filepath.Join(o.Data, "arr_monthly.parquet"), []byte("old"), 0o644)
	m, err := Pull(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(o.Data, "notes.txt")); err != nil || string(data) != "kept" {
		t.Errorf("notes.txt: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(o.Data, "arr_monthly.parquet")); err == nil {
		t.Error("arr_monthly.parquet is still in the data folder")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".data.pull-*")); len(leftovers) > 0 {
		t.Errorf("left behind: %v", leftovers)
	}
	want, err := load.Load(sampleDir, load.Options{Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := load.Load(o.Data, load.Options{Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	for name, pair := range map[string][2]any{
		"history": {got.History, want.History}, "signals": {got.Signals, want.Signals}, "costs": {got.Costs, want.Costs},
		"revenue": {got.Revenue, want.Revenue}, "initiatives": {got.Initiatives, want.Initiatives}, "ratings": {got.Ratings, want.Ratings},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("the pulled %s differ from the sample's", name)
		}
	}
	if got.Pull == nil || len(got.Pull.Extracts) != len(names) {
		t.Fatalf("manifest: %+v", got.Pull)
	}
	for i, e := range m.Extracts {
		src := got.Sources[0]
		for _, s := range got.Sources {
			if s.Extract == e.Extract {
				src = s
			}
		}
		if e.SHA256 != src.SHA256 || int(e.Rows) != src.Rows || !strings.HasPrefix(e.Server, "PostgreSQL ") ||
			e.Query != "sources/warehouse/"+strings.TrimSuffix(e.Extract, ".csv")+".sql" || len(e.QuerySHA256) != 64 {
			t.Errorf("manifest entry %d: %+v; the extract has %d rows, SHA-256 %s", i, e, src.Rows, src.SHA256)
		}
	}
	for _, e := range m.Extracts {
		if e.Extract == load.ARRMonthlyFile && (e.Rows != 43199 || !reflect.DeepEqual(e.Columns, []string{"account_id", "month", "arr"})) {
			t.Errorf("arr_monthly: %d rows, columns %v", e.Rows, e.Columns)
		}
	}
	// validate checks the columns only: a query that would fail on its
	// first row passes.
	os.WriteFile(filepath.Join(dir, "sources", "warehouse", "nps.sql"), []byte("SELECT account_id, date, (1 / 0)::text AS score FROM nps"), 0o644)
	if err := Check(context.Background(), o); err != nil {
		t.Errorf("Check: %v", err)
	}
}

func testFailures(t *testing.T, srv *pgtest.Server, names []string) {
	wrongPassword := strings.Replace(srv.DSN, pgtest.Password, "Not-The-Password", 1)
	for _, c := range []struct {
		name  string
		dsn   string
		query string // the query of nps.sql, when not the sample's
		setup func(o *Options)
		want  string
	}{
		{name: "wrong password", dsn: wrongPassword, want: `sources/warehouse/accounts.sql: cannot connect to the warehouse (sources.warehouse, the connection string in BP_TEST_DSN): password authentication failed for user "bp"`},
		{name: "refused", dsn: strings.Replace(srv.DSN, ":"+strconv.Itoa(srv.Port)+"/", ":1/", 1), want: "sources/warehouse/accounts.sql: cannot connect to the warehouse (sources.warehouse, the connection string in BP_TEST_DSN): "},
		{name: "no dsn", dsn: "", want: "sources/warehouse/accounts.sql: the environment variable BP_TEST_DSN (sources.warehouse.dsn_env) is not set"},
		{name: "syntax", query: "SELECT account_id, date,\n       scroe AS score FROM nps", want: `sources/warehouse/nps.sql:2:8: column "scroe" does not exist`},
		{name: "missing column", query: "SELECT account_id, date FROM nps", want: "sources/warehouse/nps.sql: the query returns no column score, which nps.csv needs (it returns: account_id, date)"},
		{name: "fails on a row", query: "SELECT account_id, date, (1 / (score::int - score::int))::text AS score FROM nps", want: "sources/warehouse/nps.sql: division by zero"},
		{name: "timeout", query: "SELECT account_id, date, score FROM nps, pg_sleep(10)", setup: func(o *Options) {
			s := o.Sources["warehouse"]
			s.Timeout = "2s"
			o.Sources["warehouse"] = s
			onlyNPS(o)
		}, want: "sources/warehouse/nps.sql: timed out after 2s (sources.warehouse.timeout)"},
		{name: "unknown extract", setup: func(o *Options) {
			os.WriteFile(filepath.Join(o.Dir, "sources", "warehouse", "ticket.sql"), []byte("SELECT 1"), 0o644)
		}, want: "sources/warehouse/ticket.sql: no extract ticket.csv in the data contract: did you mean tickets.sql?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, o := project(t, names)
			o.Getenv = env(srv.DSN)
			if c.dsn != "" || c.name == "no dsn" {
				o.Getenv = env(c.dsn)
			}
			if c.query != "" {
				os.WriteFile(filepath.Join(o.Dir, "sources", "warehouse", "nps.sql"), []byte(c.query), 0o644)
			}
			if c.setup != nil {
				c.setup(&o)
			}
			// The data folder holds last week's pull: it must stay as it is.
			os.MkdirAll(o.Data, 0o755)
			os.WriteFile(filepath.Join(o.Data, "accounts.csv"), []byte("account_id\nA1\n"), 0o644)
			before := tree(t, o.Dir)
			_, err := Pull(context.Background(), o)
			if err == nil {
				t.Fatal("Pull succeeded")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, c.want) {
				t.Errorf("error:\n\t%s\nwant it to start with\n\t%s", msg, c.want)
			}
			for _, secret := range []string{pgtest.Password, "Not-The-Password", srv.DSN, wrongPassword} {
				if strings.Contains(msg, secret) {
					t.Errorf("the error shows a secret: %s", msg)
				}
			}
			if after := tree(t, o.Dir); !reflect.DeepEqual(before, after) {
				t.Errorf("the project changed:\n%v\n%v", before, after)
			}
		})
	}
	t.Run("interrupted", func(t *testing.T) {
		_, o := project(t, names)
		o.Getenv = env(srv.DSN)
		os.WriteFile(filepath.Join(o.Dir, "sources", "warehouse", "nps.sql"), []byte("SELECT account_id, date, score FROM nps, pg_sleep(10)"), 0o644)
		onlyNPS(&o)
		before := tree(t, o.Dir)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(1500*time.Millisecond, cancel)
		start := time.Now()
		_, err := Pull(ctx, o)
		if err == nil || !strings.Contains(err.Error(), "interrupted") {
			t.Errorf("Pull = %v, want interrupted", err)
		}
		if time.Since(start) > 8*time.Second {
			t.Errorf("the pull went on for %v after the interruption", time.Since(start))
		}
		if after := tree(t, o.Dir); !reflect.DeepEqual(before, after) {
			t.Errorf("the project changed")
		}
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Error("not cancelled")
		}
	})
}

// onlyNPS keeps the queries of accounts.csv and nps.csv alone.
func onlyNPS(o *Options) {
	files, _ := filepath.Glob(filepath.Join(o.Dir, "sources", "warehouse", "*.sql"))
	for _, f := range files {
		if b := filepath.Base(f); b != "nps.sql" && b != "accounts.sql" {
			os.Remove(f)
		}
	}
}
