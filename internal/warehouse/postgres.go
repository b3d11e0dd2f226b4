package warehouse

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgconn"
)

// The Postgres driver speaks the wire protocol through pgx, so it reaches
// PostgreSQL and the warehouses that speak its protocol. A result is
// streamed by COPY (query) TO STDOUT, which the server writes as CSV
// itself: the fastest way out of Postgres, and never held whole.

func init() { Register("postgres", postgres{}) }

type postgres struct{}

func (postgres) Open(ctx context.Context, dsn string) (Conn, error) {
	c, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		return nil, pgError(err)
	}
	return &pgConn{c: c}, nil
}

type pgConn struct{ c *pgconn.PgConn }

func (p *pgConn) Version() string {
	return "PostgreSQL " + p.c.ParameterStatus("server_version")
}

// Columns prepares the query, unnamed, which describes its result
// without running it.
func (p *pgConn) Columns(ctx context.Context, query string) ([]string, error) {
	sd, err := p.c.Prepare(ctx, "", query, nil)
	if err != nil {
		return nil, pgError(err)
	}
	names := make([]string, len(sd.Fields))
	for i, f := range sd.Fields {
		names[i] = f.Name
	}
	return names, nil
}

// copyPrefix opens the COPY around a query: the server's positions in the
// statement are those in the query plus its length.
const copyPrefix = "COPY ("

func (p *pgConn) Copy(ctx context.Context, query string, w io.Writer) (int64, error) {
	// The line end before the parenthesis ends a comment on the query's
	// last line.
	tag, err := p.c.CopyTo(ctx, w, copyPrefix+query+"\n) TO STDOUT (FORMAT csv, HEADER)")
	if err != nil {
		var qe *QueryError
		if err := pgError(err); errors.As(err, &qe) {
			qe.Pos = max(qe.Pos-len(copyPrefix), 0)
			return 0, qe
		}
		return 0, pgError(err)
	}
	return tag.RowsAffected(), nil
}

func (p *pgConn) Close() { p.c.Close(context.Background()) }

// pgError words a server's error with its position, detail and hint.
func pgError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	msg := pe.Message
	if pe.Detail != "" {
		msg += " (" + pe.Detail + ")"
	}
	if pe.Hint != "" {
		msg += ": " + pe.Hint
	}
	return &QueryError{Pos: int(pe.Position), Msg: fmt.Sprintf("%s [SQLSTATE %s]", msg, pe.Code)}
}
