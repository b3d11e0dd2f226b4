// Package pgtest starts a throwaway PostgreSQL server for tests: a new
// cluster in a temporary folder, listening on 127.0.0.1 on a free port,
// stopped and removed when the test ends, whether it passed or not.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Password is the password of the server's user, bp.
const Password = "s3cret-Pa55"

// Server is a running test server.
type Server struct {
	Port int
	DSN  string // a URL with the user and password, to database bp
	conn *pgconn.PgConn
}

// bin finds the folder of PostgreSQL's server programs, newest first.
func bin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Start starts a server for t, stopped and removed when t ends, or skips
// t, saying so loudly, when no PostgreSQL is installed (scripts/deps.sh
// --test installs it).
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, t.Cleanup)
}

var (
	mu      sync.Mutex
	stopAll []func()
)

// StartShared starts a server as Start does, for several tests: it runs
// until StopAll, which TestMain calls once the tests are done.
func StartShared(t testing.TB) *Server {
	t.Helper()
	return start(t, func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		stopAll = append(stopAll, f)
	})
}

// StopAll stops and removes the servers of StartShared, the last started
// first.
func StopAll() {
	mu.Lock()
	defer mu.Unlock()
	for i := len(stopAll) - 1; i >= 0; i-- {
		stopAll[i]()
	}
	stopAll = nil
}

func start(t testing.TB, cleanup func(func())) *Server {
	t.Helper()
	dir := bin()
	if dir == "" {
		msg := "SKIPPED: no PostgreSQL server found (initdb, pg_ctl): the warehouse tests did not run; scripts/deps.sh --test installs postgresql"
		fmt.Fprintln(os.Stderr, "\n*** "+msg+" ***")
		t.Skip(msg)
	}
	root, err := os.MkdirTemp("", "boardpack-pg-")
	if err != nil {
		t.Fatal(err)
	}
	cleanup(func() { os.RemoveAll(root) })
	// initdb refuses to run as root: the cluster is the postgres user's,
	// and so must its folder be.
	var run func(name string, args ...string) *exec.Cmd
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(root, uid, gid); err != nil {
			t.Fatal(err)
		}
		run = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(dir, name)}, args...)...)
		}
	} else {
		run = func(name string, args ...string) *exec.Cmd { return exec.Command(filepath.Join(dir, name), args...) }
	}
	pwfile := filepath.Join(root, "pw")
	if err := os.WriteFile(pwfile, []byte(Password+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		u, _ := user.Lookup("postgres")
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		os.Chown(pwfile, uid, gid)
	}
	data := filepath.Join(root, "data")
	if out, err := run("initdb", "-D", data, "-U", "bp", "--pwfile", pwfile, "--auth-local=trust",
		"--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, root)
	if out, err := run("pg_ctl", "-D", data, "-l", filepath.Join(root, "log"), "-w", "-o", opts, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(root, "log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	cleanup(func() {
		if out, err := run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "pg_ctl stop: %v\n%s", err, out)
		}
	})
	s := &Server{Port: port, DSN: fmt.Sprintf("postgres://bp:%s@127.0.0.1:%d/postgres?sslmode=disable", Password, port)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if s.conn, err = pgconn.Connect(ctx, s.DSN); err != nil {
		t.Fatalf("connect: %v", err)
	}
	cleanup(func() { s.conn.Close(context.Background()) })
	return s
}

// freePort returns a port that was free a moment ago.
func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Exec runs SQL statements.
func (s *Server) Exec(t testing.TB, sql string) {
	t.Helper()
	if _, err := s.conn.Exec(context.Background(), sql).ReadAll(); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
}

// LoadCSV creates table name of text columns named by the header of the
// CSV file path, and a column line numbering the rows, and copies the
// file into it.
func (s *Server) LoadCSV(t testing.TB, name, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var header string
	if _, err := fmt.Fscanln(f, &header); err != nil {
		t.Fatal(err)
	}
	names := strings.Split(header, ",")
	cols := make([]string, len(names))
	for i, c := range names {
		names[i] = `"` + c + `"`
		cols[i] = names[i] + " text"
	}
	// line keeps the file's order: a table has none.
	s.Exec(t, fmt.Sprintf("CREATE TABLE %s (line bigserial, %s)", name, strings.Join(cols, ", ")))
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.conn.CopyFrom(context.Background(), f, fmt.Sprintf("COPY %s (%s) FROM STDIN (FORMAT csv, HEADER)", name, strings.Join(names, ", "))); err != nil {
		t.Fatalf("copy %s: %v", name, err)
	}
	return names
}

// LoadSample loads the CSV extracts of dir (the sample company) as the
// tables a warehouse would hold. Each extract is a table of text columns,
// stage_NAME, and a view NAME selecting it, except the two that the
// reference queries of sources/examples reduce from raw tables, which are
// derived so that those queries give the extracts back exactly:
// subscriptions from arr_monthly (a period per run of months with the same
// ARR) and user_daily_activity and seat_snapshots from usage_weekly (a row
// per active user).
func (s *Server) LoadSample(t testing.TB, dir string) []string {
	t.Helper()
	return s.load(t, dir, true)
}

// LoadExtracts loads the CSV extracts of dir as LoadSample does, but every
// one as it is: a view NAME of its table.
func (s *Server) LoadExtracts(t testing.TB, dir string) []string {
	t.Helper()
	return s.load(t, dir, false)
}

func (s *Server) load(t testing.TB, dir string, reduce bool) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no extracts in %s", dir)
	}
	var names []string
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".csv")
		names = append(names, name)
		cols := s.LoadCSV(t, "stage_"+name, f)
		if !reduce {
			name = "as is"
		}
		switch name {
		case "arr_monthly":
			s.Exec(t, `CREATE TABLE subscriptions AS
WITH a AS (SELECT account_id, to_date(month, 'YYYY-MM') AS m, arr::numeric(18, 2) AS arr FROM stage_arr_monthly),
g AS (SELECT *, (extract(year FROM m) * 12 + extract(month FROM m))::int
             - row_number() OVER (PARTITION BY account_id, arr ORDER BY m) AS run FROM a)
SELECT account_id, min(m) AS start_date, (max(m) + interval '1 month')::date AS end_date, arr
FROM g GROUP BY account_id, arr, run`)
		case "usage_weekly":
			s.Exec(t, `CREATE TABLE seat_snapshots AS
SELECT account_id, to_date(week, 'IYYY-"W"IW') AS week_start, licensed_seats::int AS licensed_seats,
       active_users::int AS active_users, nullif(key_events, '')::bigint AS key_events
FROM stage_usage_weekly`)
			s.Exec(t, `CREATE TABLE user_daily_activity AS
SELECT account_id, account_id || '-u' || g AS user_id, week_start + g % 5 AS day,
       key_events / active_users + (CASE WHEN g <= key_events % active_users THEN 1 ELSE 0 END) AS key_events
FROM seat_snapshots, generate_series(1, active_users) AS g
WHERE active_users > 0
UNION ALL
SELECT account_id, NULL, week_start, key_events FROM seat_snapshots WHERE active_users = 0 AND key_events IS NOT NULL`)
			s.Exec(t, `ALTER TABLE seat_snapshots DROP COLUMN active_users, DROP COLUMN key_events`)
		default:
			name = names[len(names)-1]
			s.Exec(t, fmt.Sprintf("CREATE VIEW %s AS SELECT %s FROM stage_%s ORDER BY line", name, strings.Join(cols, ", "), name))
		}
	}
	return names
}
