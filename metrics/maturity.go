package metrics

import (
	"time"

	"github.com/boardpack/boardpack/internal/period"
)

// MaturityScore is a framework's latest assessment against the one
// before: per question and as the mean of the ratings.
type MaturityScore struct {
	Framework     string  `json:"-"`
	Title         string  `json:"title"`
	Scale         string  `json:"scale"`
	Date          string  `json:"date,omitempty"`          // of the latest assessment
	PreviousDate  string  `json:"previous_date,omitempty"` // of the one before
	Score         Ratio   `json:"score"`                   // mean of the latest ratings, 1 to 3
	PreviousScore Ratio   `json:"previous_score"`
	Questions     []Score `json:"questions"`
}

// Score is one question's rating in the latest assessment and the one
// before. A rating of 0 means not assessed: never a default.
type Score struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	Rating    int       `json:"rating"`
	Previous  int       `json:"previous"`
	Direction string    `json:"direction"` // up, down, same, new, or "" when not assessed
	Evidence  string    `json:"evidence,omitempty"`
	Owner     string    `json:"owner,omitempty"`
	Levels    [3]string `json:"-"`
}

// Maturity scores every framework from its ratings as of the end of day
// asOf. An assessment is the set of a framework's ratings on one date; the
// latest two on or before asOf are compared, and a rating dated later had
// not been made yet. Frameworks with no ratings are scored as not
// assessed.
func Maturity(frameworks []Framework, ratings []Rating, asOf period.Day) []MaturityScore {
	out := make([]MaturityScore, 0, len(frameworks))
	for _, f := range frameworks {
		byDate := map[time.Time]map[string]Rating{}
		var dates []time.Time
		for _, r := range ratings {
			if r.Framework != f.ID || period.DayOf(r.Date) > asOf {
				continue
			}
			if byDate[r.Date] == nil {
				byDate[r.Date] = map[string]Rating{}
				dates = append(dates, r.Date)
			}
			byDate[r.Date][r.Question] = r
		}
		latest, previous := lastTwo(dates)
		s := MaturityScore{Framework: f.ID, Title: f.Title, Scale: f.Scale}
		if !latest.IsZero() {
			s.Date = latest.Format(time.DateOnly)
		}
		if !previous.IsZero() {
			s.PreviousDate = previous.Format(time.DateOnly)
		}
		var sum, n, psum, pn int
		for _, q := range f.Questions {
			sc := Score{ID: q.ID, Text: q.Text, Levels: q.Levels}
			if r, ok := byDate[latest][q.ID]; ok {
				sc.Rating, sc.Evidence, sc.Owner = r.Value, r.Evidence, r.Owner
				sum += r.Value
				n++
			}
			if r, ok := byDate[previous][q.ID]; ok {
				sc.Previous = r.Value
				psum += r.Value
				pn++
			}
			switch {
			case sc.Rating == 0:
			case sc.Previous == 0:
				sc.Direction = "new"
			case sc.Rating > sc.Previous:
				sc.Direction = "up"
			case sc.Rating < sc.Previous:
				sc.Direction = "down"
			default:
				sc.Direction = "same"
			}
			s.Questions = append(s.Questions, sc)
		}
		s.Score, s.PreviousScore = Of(sum, n), Of(psum, pn)
		out = append(out, s)
	}
	return out
}

// lastTwo returns the latest date and the one before it (zero when absent).
func lastTwo(dates []time.Time) (latest, previous time.Time) {
	for _, d := range dates {
		switch {
		case d.After(latest):
			latest, previous = d, latest
		case d.After(previous) && d.Before(latest):
			previous = d
		}
	}
	return latest, previous
}
