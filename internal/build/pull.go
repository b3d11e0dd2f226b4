package build

import (
	"context"

	"github.com/boardpack/boardpack/internal/warehouse"
)

// Pull runs the queries of the configuration's sources and writes their
// results into the data folder, all or nothing; ctx ends it early, leaving
// the data folder as it was.
func Pull(ctx context.Context, o Options, log Log) error {
	_, err := warehouse.Pull(ctx, o.warehouse(log))
	return err
}

// HasSources reports whether the configuration names a warehouse source.
func (o Options) HasSources() bool { return len(o.Config.Sources) > 0 }

func (o Options) warehouse(log Log) warehouse.Options {
	return warehouse.Options{Sources: o.Config.Sources, Dir: o.Config.Dir, Data: o.Data, Log: log.Step}
}

func (o Options) context() context.Context {
	if o.Context != nil {
		return o.Context
	}
	return context.Background()
}
