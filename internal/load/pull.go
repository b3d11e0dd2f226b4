package load

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// PullManifestFile is the manifest that boardpack pull writes beside the
// extracts it pulled: which query gave each, and when.
const PullManifestFile = "pull-manifest.json"

// PullManifest is what a pull wrote into the data folder.
type PullManifest struct {
	Extracts []PulledExtract `json:"extracts"`
}

// PulledExtract is an extract written by a query.
type PulledExtract struct {
	Extract     string   `json:"extract"` // such as "arr_monthly.csv"
	Source      string   `json:"source"`  // the configuration's [sources.NAME]
	Query       string   `json:"query"`   // the query file, such as "sources/warehouse/arr_monthly.sql"
	QuerySHA256 string   `json:"query_sha256"`
	Server      string   `json:"server"` // the database and its version
	Columns     []string `json:"columns"`
	Rows        int64    `json:"rows"`
	SHA256      string   `json:"sha256"` // of the extract written
	Started     string   `json:"started"`
	Finished    string   `json:"finished"`
}

// Write writes m to path.
func (m *PullManifest) Write(path string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// readPullManifest reads the manifest of dir, or returns nil when there
// is none.
func readPullManifest(dir string) (*PullManifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, PullManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m PullManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %v: pull again, or remove the file", PullManifestFile, err)
	}
	return &m, nil
}
