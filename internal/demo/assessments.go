package demo

import (
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
)

// Assessment is one question of a maturity framework rated on one date.
type Assessment struct {
	Date      time.Time
	Framework string // cs-value, cs-ops-stage, low-touch-level or role-rubric
	Question  string // the question's ID
	// Rating is 1 to 3: poor, average or excellent for the frameworks
	// rated on quality, the stage or level for the others.
	Rating   int
	Evidence string
	Owner    string
}

// qualityRated lists the frameworks whose ratings are words.
var qualityRated = map[string]bool{"cs-value": true, "role-rubric": true}

var qualityWords = [...]string{1: "poor", 2: "average", 3: "excellent"}

// RatingText returns the rating as assessments.csv writes it.
func (a Assessment) RatingText() string {
	if qualityRated[a.Framework] {
		return qualityWords[a.Rating]
	}
	return strconv.Itoa(a.Rating)
}

// rated is one answer of an assessment; a zero rating means the question
// was left out.
type rated struct {
	rating   int
	evidence string
}

// The leaders' two assessments, six months apart: mostly average with a few
// poor answers at first, several improvements since, one setback (health
// scores lost their usage feed) and one question skipped in the latest
// cs-value review, which the report must show as not assessed. The rows
// are in each framework's question order. Changing them changes the
// committed assessments.csv.
var maturityAnswers = []struct {
	framework, question, owner string
	earlier, latest            rated
}{
	{"cs-value", "reports-to", "Helen Ortega",
		rated{2, "The CCO reports to the CRO, not to the CEO."},
		rated{3, "Since July, the CCO reports to the CEO and sits on the executive team."}},
	{"cs-value", "renewal-owner", "Helen Ortega",
		rated{1, "Sales owns renewals and CSMs hear about them late."},
		rated{2, "CSMs own renewals under $50K, Sales keeps the larger ones."}},
	{"cs-value", "retention-accountable", "Helen Ortega",
		rated{2, "GRR is a CS goal, but NRR is split between CS and Sales."},
		rated{2, "Unchanged: the NRR target is still shared with Sales."}},
	{"cs-value", "cost-to-retain", "Dana Whitaker",
		rated{1, "No agreed figure; finance and CS use different cost bases."},
		rated{2, "Cost to retain agreed with FP&A and reported every quarter."}},
	{"cs-value", "health-scores", "Helen Ortega",
		rated{2, "Health score mixes usage and CSM sentiment, weights never validated."},
		rated{1, "The usage feed broke in August, so scores rest on CSM judgement alone."}},
	{"cs-value", "lost-accounts", "Helen Ortega",
		rated{2, "Churn reasons are logged in the CRM but rarely reviewed."},
		rated{2, "A quarterly churn review started; one session held so far."}},
	{"cs-value", "value-measured", "Helen Ortega",
		rated{2, "Success plans with agreed outcomes exist for Enterprise only."},
		rated{3, "Every Enterprise and Mid-Market account has a success plan, reviewed at each QBR."}},
	{"cs-value", "feedback-to-product", "Helen Ortega",
		rated{2, "Requests go to a shared board that product reviews ad hoc."},
		rated{2, "Top requests are ranked by ARR, but product still reviews them ad hoc."}},
	{"cs-value", "executive-review", "Helen Ortega",
		rated{1, "Executives see customer feedback only in escalations."},
		rated{}},

	{"cs-ops-stage", "tooling", "Dana Whitaker",
		rated{2, "CS platform, support desk and CRM are integrated; two analysts share the admin work."},
		rated{2, "Tool stack stable; CS Ops negotiated the CS platform renewal."}},
	{"cs-ops-stage", "reporting", "Dana Whitaker",
		rated{2, "Weekly metrics assembled by hand from three exports."},
		rated{3, "Metrics site rebuilt from the warehouse on every data drop and used with finance."}},
	{"cs-ops-stage", "process", "Dana Whitaker",
		rated{1, "Each team runs its own handoffs; no documented playbooks."},
		rated{2, "Sales-to-CS handoff and renewal playbooks documented, owned by CS Ops."}},
	{"cs-ops-stage", "strategy", "Dana Whitaker",
		rated{1, "CS Ops is not in planning; requests arrive as tickets."},
		rated{1, "Invited to annual planning, but no bets placed yet."}},

	{"low-touch-level", "coverage-model", "Tobias Lindgren",
		rated{2, "SMB accounts share a pooled team of three CSMs, low-touch Mid-Market keeps a named CSM."},
		rated{2, "The pool grew to four CSMs; coverage rules are unchanged."}},
	{"low-touch-level", "usage-triggers", "Tobias Lindgren",
		rated{1, "Pooled CSMs work from renewal dates only."},
		rated{2, "Renewal risk alerts fire on usage drops, and pooled CSMs act within two days."}},
	{"low-touch-level", "digital-engagement", "Tobias Lindgren",
		rated{1, "A monthly newsletter only; no in-app guidance."},
		rated{1, "In-app onboarding guides are in pilot, not yet measured."}},

	{"role-rubric", "why", "Rosa Achebe",
		rated{2, "A CSM charter is drafted but not shared outside CS."},
		rated{3, "Charter signed off by the CEO and presented at the June all-hands."}},
	{"role-rubric", "responsibilities", "Rosa Achebe",
		rated{1, "CSMs, Sales and Support each claim renewals, escalations and upsell."},
		rated{2, "RACI agreed with Sales; handoffs with Support are still unclear."}},
	{"role-rubric", "how", "Rosa Achebe",
		rated{2, "Success plan and QBR templates exist, used by about half the CSMs."},
		rated{2, "QBR decks are automated now; success plan use is still uneven."}},
	{"role-rubric", "needs", "Rosa Achebe",
		rated{2, "Tools are adequate, but account data is spread over four systems."},
		rated{2, "Account data hub is live; the enablement budget is still unfunded."}},
	{"role-rubric", "measures", "Rosa Achebe",
		rated{1, "CSMs are measured on activity counts only."},
		rated{2, "CSM scorecards track GRR, NRR and adoption per book."}},
}

// assessmentsOf dates the two assessments on the 15th of the last month
// of the window and of six months before, and returns them sorted by
// date, framework and question order.
func assessmentsOf(c *Company) []Assessment {
	last := len(c.Months) - 1
	latest := c.MonthStart(last).AddDate(0, 0, 14)
	earlier := c.MonthStart(last-6).AddDate(0, 0, 14)
	out := make([]Assessment, 0, 2*len(maturityAnswers))
	for pass, date := range []time.Time{earlier, latest} {
		for _, q := range maturityAnswers {
			r := q.earlier
			if pass == 1 {
				r = q.latest
			}
			if r.rating == 0 {
				continue
			}
			out = append(out, Assessment{
				Date: date, Framework: q.framework, Question: q.question,
				Rating: r.rating, Evidence: r.evidence, Owner: q.owner,
			})
		}
	}
	// Stable, so questions keep the order of their framework.
	slices.SortStableFunc(out, func(a, b Assessment) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Framework, b.Framework))
	})
	return out
}

// WriteAssessments writes assessments.csv: one row per rated question.
func (c *Company) WriteAssessments(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(contract.Of(contract.AssessmentsFile).Names()); err != nil {
		return err
	}
	for _, a := range c.Assessments {
		rec := []string{a.Date.Format(time.DateOnly), a.Framework, a.Question, a.RatingText(), a.Evidence, a.Owner}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
