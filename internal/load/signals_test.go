package load

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

func mustWeek(t testing.TB, s string) period.Week {
	t.Helper()
	w, err := period.ParseWeek(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func mustDay(t testing.TB, s string) period.Day {
	t.Helper()
	d, err := period.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func unix(t testing.TB, s string) int64 {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm.Unix()
}

// usageFile is a valid usage_weekly.csv: a BOM, CRLF and LF, padding and
// odd case in the header, columns out of order, an unknown column, a blank
// line, rows of one account and week to sum, and weeks written both ways
// across a year boundary and a year of 53 weeks.
const usageFile = bomMark +
	"Week , ACCOUNT_ID,licensed_seats,active_users,key_events,product\r\n" + // 1
	"2026-W47,A2,10,4,100,core\r\n" + // 2
	"2026-11-18,A2,5,1,,addon\r\n" + // 3: a Wednesday of 2026-W47, summed with line 2
	"2026-12-31,A1,20,12,,core\n" + // 4: 2026-W53
	"2027-01-01,A1,20,15,3,core\n" + // 5: a Friday of 2026-W53 too
	"2026-W53,A1,1,0,2,addon\n" + // 6: summed with lines 4 and 5
	"2027-W01,A1,20,25,0,core\n" + // 7: above the seats, a warning
	"\n" + // 8
	"2025-12-29,A1,20,10,,core\n" + // 9: a Monday of 2025 in 2026-W01
	"2026-w52, A2 ,8,8,1,core" // 10: no line end

func TestUsage(t *testing.T) {
	want := []metrics.Usage{
		{Account: 0, Week: mustWeek(t, "2026-W01"), ActiveUsers: 10, Seats: 20, KeyEvents: -1},
		{Account: 0, Week: mustWeek(t, "2026-W53"), ActiveUsers: 27, Seats: 41, KeyEvents: 5},
		{Account: 0, Week: mustWeek(t, "2027-W01"), ActiveUsers: 25, Seats: 20, KeyEvents: 0},
		{Account: 1, Week: mustWeek(t, "2026-W47"), ActiveUsers: 5, Seats: 15, KeyEvents: 100},
		{Account: 1, Week: mustWeek(t, "2026-W52"), ActiveUsers: 8, Seats: 8, KeyEvents: 1},
	}
	// The same file with quoted fields goes through encoding/csv: from the
	// start, or, with small blocks, from the block of the first quote on.
	variants := map[string]string{
		"plain":         usageFile,
		"quoted":        strings.Replace(usageFile, "2026-W47,A2,10,4,100,core", `"2026-W47",A2,10,4,100,"core, legacy"`, 1),
		"quoted at end": strings.Replace(usageFile, "2026-w52, A2 ,8,8,1,core", `2026-w52, A2 ,8,8,1,"co""re"`, 1),
	}
	for _, size := range []int{blockSize, 24} {
		for name, usage := range variants {
			t.Run(fmt.Sprintf("%s/blocks of %d", name, size), func(t *testing.T) {
				withBlockSize(t, size)
				ds := mustLoad(t, writeFiles(t, withBase(map[string]string{UsageFile: usage})), Options{})
				if ds.Signals == nil {
					t.Fatal("no signals")
				}
				if !slices.Equal(ds.Signals.Usage, want) {
					t.Errorf("Usage:\n\t%+v\nwant\n\t%+v", ds.Signals.Usage, want)
				}
				s := ds.Signals
				if s.Tickets != nil || s.Contacts != nil || s.Renewals != nil || s.NPS != nil || s.Pipeline != nil {
					t.Errorf("signals without their files: %+v", s)
				}
				checkIssues(t, ds.Warnings, []string{
					"usage_weekly.csv:7:active_users: 25 active users on 20 licensed seats: check the seat count (seat utilisation will be over 100%)",
				})
				if got, want := sourceNames(ds.Sources), []string{AccountsFile, ARRMonthlyFile, UsageFile}; !slices.Equal(got, want) {
					t.Fatalf("Sources = %q, want %q", got, want)
				}
				// A week counts in the month of its Thursday: 2026-W01's
				// is 1 January 2026, 2027-W01's 7 January 2027.
				checkSource(t, ds.Sources[2], UsageFile, usage, 8, "2026-01", "2027-01", []string{"product"})
			})
		}
	}
}

func TestTickets(t *testing.T) {
	tickets := "ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,category,csat,subject\n" + // 1
		"T1,A2,2026-10-31T14:05:00Z,2026-10-31T15:00:00Z,2026-11-02T09:00:00Z,P1,billing,5,x\n" + // 2
		"T2,A1,2026-10-31T16:05:00+02:00,,,urgent,bug,,y\n" + // 3: open, no response yet
		"T3,A1,2026-10-30,2026-10-30 08:00:00,2026-10-30T09:30:00.75,Medium,how-to,3,z\n" + // 4
		"T4,A1,2026-10-31T14:05:00.999,2026-10-31T14:00:00Z,2026-10-31T18:00:00-01:00,low,bug,,\"w\"\n" + // 5
		"T5,A2, 2026-10-31T14:05:00Z ,,2026-10-31T14:05:00Z,p4,,1,\n" + // 6
		"T6,A1,2026-10-31T14:05:00Z,2026-10-31T14:06:00Z,,HIGH,access,,\n" // 7
	t0 := unix(t, "2026-10-31T14:05:00Z")
	notYet := metrics.NotYet
	// By account, then opened; tickets opened at the same second keep the
	// file's order.
	want := []metrics.Ticket{
		{Account: 0, Opened: unix(t, "2026-10-30T00:00:00Z"), FirstResponse: unix(t, "2026-10-30T08:00:00Z"), Resolved: unix(t, "2026-10-30T09:30:00Z"), Priority: metrics.P2, Category: "how-to", CSAT: 3},
		{Account: 0, Opened: t0, FirstResponse: notYet, Resolved: notYet, Priority: metrics.P0, Category: "bug", CSAT: -1},
		{Account: 0, Opened: t0, FirstResponse: t0, Resolved: unix(t, "2026-10-31T19:00:00Z"), Priority: metrics.P3, Category: "bug", CSAT: -1},
		{Account: 0, Opened: t0, FirstResponse: t0 + 60, Resolved: notYet, Priority: metrics.P1, Category: "access", CSAT: -1},
		{Account: 1, Opened: t0, FirstResponse: t0 + 55*60, Resolved: unix(t, "2026-11-02T09:00:00Z"), Priority: metrics.P1, Category: "billing", CSAT: 5},
		{Account: 1, Opened: t0, FirstResponse: notYet, Resolved: t0, Priority: metrics.P4, Category: "", CSAT: 1},
	}
	ds := mustLoad(t, writeFiles(t, withBase(map[string]string{TicketsFile: tickets})), Options{})
	if !slices.Equal(ds.Signals.Tickets, want) {
		t.Errorf("Tickets:\n\t%+v\nwant\n\t%+v", ds.Signals.Tickets, want)
	}
	checkIssues(t, ds.Warnings, []string{
		`tickets.csv:5:first_response_at: first_response_at "2026-10-31T14:00:00Z" is before opened_at "2026-10-31T14:05:00.999": the first response counts as at opened_at`,
	})
	checkSource(t, ds.Sources[2], TicketsFile, tickets, 6, "2026-10", "2026-10", []string{"subject"})
	if ds.Signals.Usage != nil {
		t.Errorf("Usage = %v without its file", ds.Signals.Usage)
	}
}

func TestSmallSignals(t *testing.T) {
	contacts := "account_id,contact_id,role,depth,active,left_on,email\r\n" +
		"A2,C1,Champion,3,TRUE,,a@example.com\r\n" +
		"A1,C1,buyer,5,yes,,b@example.com\r\n" + // the same id in another account
		"A1,C2,Power User,1,0,2026-09-30,c\r\n" +
		"A2,C2,power-user,2,No, 2026-10-01 ,\"d, e\"\r\n" +
		"A1,C3,other,4,1,,e\r\n"
	renewals := "account_id,renewal_date,arr_up,forecast,outcome\n" +
		"A2,2026-12-01,1200.50,At Risk,open\n" +
		"A1,2027-01-15,100,commit,Renewed\n" +
		"A1,2026-11-30,0,likely,churned\n"
	nps := "date,score,account_id\n2026-10-01,10,A1\n2026-09-15,0,A1\n2026-10-05, 7 ,A2\n"
	pipeline := "expected_close_month,segment,new_accounts,arr\n" +
		"2026-12,SMB,3,30000\n" +
		"2026-11,Enterprise,1,250000.50\n" +
		"2026-12,SMB,2,20000\n" + // summed with line 2
		"2026-11,,4,1000\n" // the default segment
	files := withBase(map[string]string{ContactsFile: contacts, RenewalsFile: renewals, NPSFile: nps, PipelineFile: pipeline})
	ds := mustLoad(t, writeFiles(t, files), Options{})
	s := ds.Signals

	wantContacts := []metrics.Contact{
		{Account: 0, ID: "C1", Role: metrics.RoleBuyer, Depth: 5, Active: true, LeftOn: period.NoDay},
		{Account: 0, ID: "C2", Role: metrics.RolePowerUser, Depth: 1, Active: false, LeftOn: mustDay(t, "2026-09-30")},
		{Account: 0, ID: "C3", Role: metrics.RoleOther, Depth: 4, Active: true, LeftOn: period.NoDay},
		{Account: 1, ID: "C1", Role: metrics.RoleChampion, Depth: 3, Active: true, LeftOn: period.NoDay},
		{Account: 1, ID: "C2", Role: metrics.RolePowerUser, Depth: 2, Active: false, LeftOn: mustDay(t, "2026-10-01")},
	}
	if !slices.Equal(s.Contacts, wantContacts) {
		t.Errorf("Contacts:\n\t%+v\nwant\n\t%+v", s.Contacts, wantContacts)
	}
	wantRenewals := []metrics.Renewal{
		{Account: 0, Date: mustDay(t, "2026-11-30"), ARR: 0, Forecast: metrics.ForecastLikely, Outcome: metrics.OutcomeChurned},
		{Account: 0, Date: mustDay(t, "2027-01-15"), ARR: money.FromUnits(100), Forecast: metrics.ForecastCommit, Outcome: metrics.OutcomeRenewed},
		{Account: 1, Date: mustDay(t, "2026-12-01"), ARR: 120050, Forecast: metrics.ForecastAtRisk, Outcome: metrics.OutcomeOpen},
	}
	if !slices.Equal(s.Renewals, wantRenewals) {
		t.Errorf("Renewals:\n\t%+v\nwant\n\t%+v", s.Renewals, wantRenewals)
	}
	wantNPS := []metrics.NPSResponse{
		{Account: 0, Date: mustDay(t, "2026-09-15"), Score: 0},
		{Account: 0, Date: mustDay(t, "2026-10-01"), Score: 10},
		{Account: 1, Date: mustDay(t, "2026-10-05"), Score: 7},
	}
	if !slices.Equal(s.NPS, wantNPS) {
		t.Errorf("NPS:\n\t%+v\nwant\n\t%+v", s.NPS, wantNPS)
	}
	wantPipeline := []metrics.Inflow{
		{Month: mustMonth(t, "2026-11"), Segment: DefaultSegment, NewAccounts: 4, ARR: money.FromUnits(1000)},
		{Month: mustMonth(t, "2026-11"), Segment: "Enterprise", NewAccounts: 1, ARR: 25000050},
		{Month: mustMonth(t, "2026-12"), Segment: "SMB", NewAccounts: 5, ARR: money.FromUnits(50000)},
	}
	if !slices.Equal(s.Pipeline, wantPipeline) {
		t.Errorf("Pipeline:\n\t%+v\nwant\n\t%+v", s.Pipeline, wantPipeline)
	}
	if s.Usage != nil || s.Tickets != nil {
		t.Errorf("Usage = %v, Tickets = %v; want nil without their files", s.Usage, s.Tickets)
	}

	want := []string{AccountsFile, ARRMonthlyFile, ContactsFile, RenewalsFile, NPSFile, PipelineFile}
	if got := sourceNames(ds.Sources); !slices.Equal(got, want) {
		t.Fatalf("Sources = %q, want %q", got, want)
	}
	checkSource(t, ds.Sources[2], ContactsFile, contacts, 5, "", "", []string{"email"}) // a snapshot: no months
	checkSource(t, ds.Sources[3], RenewalsFile, renewals, 3, "2026-11", "2027-01", nil)
	checkSource(t, ds.Sources[4], NPSFile, nps, 3, "2026-09", "2026-10", nil)
	checkSource(t, ds.Sources[5], PipelineFile, pipeline, 4, "2026-11", "2026-12", nil)
	if len(ds.Warnings) != 0 {
		t.Errorf("warnings: %q", issueLines(ds.Warnings))
	}
}

func TestSignalsAbsentAndAll(t *testing.T) {
	ds := mustLoad(t, writeFiles(t, withBase(nil)), Options{})
	if ds.Signals != nil {
		t.Errorf("Signals = %+v, want nil without any of the files", ds.Signals)
	}

	// One file is enough for Signals; every file present gives a source
	// in the data contract's order, after the other optional files.
	ds = mustLoad(t, writeFiles(t, withBase(map[string]string{NPSFile: "account_id,date,score\nA1,2026-10-01,9\n"})), Options{})
	if s := ds.Signals; s == nil || s.NPS == nil || s.Usage != nil || s.Tickets != nil || s.Contacts != nil || s.Renewals != nil || s.Pipeline != nil {
		t.Errorf("Signals = %+v, want NPS alone", s)
	}
	files := withBase(map[string]string{
		PipelineFile:    "expected_close_month,segment,new_accounts,arr\n2026-11,SMB,1,1\n",
		NPSFile:         "account_id,date,score\nA1,2026-10-01,9\n",
		RenewalsFile:    "account_id,renewal_date,arr_up,forecast,outcome\nA1,2026-12-01,1,commit,open\n",
		ContactsFile:    "account_id,contact_id,role,depth,active\nA1,C1,buyer,1,true\n",
		TicketsFile:     "ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,category\nT1,A1,2026-10-01,,,P1,bug\n",
		UsageFile:       "account_id,week,active_users,licensed_seats\nA1,2026-W40,1,1\n",
		CostsFile:       "month,category,amount\n2026-01,csm,1\n",
		InitiativesFile: initiativesHeader + "A,o,2026-01-15,1,1,1,1,1\n",
	})
	ds = mustLoad(t, writeFiles(t, files), Options{})
	want := []string{AccountsFile, ARRMonthlyFile, CostsFile, InitiativesFile, UsageFile, TicketsFile, ContactsFile, RenewalsFile, NPSFile, PipelineFile}
	if got := sourceNames(ds.Sources); !slices.Equal(got, want) {
		t.Errorf("Sources = %q, want %q", got, want)
	}
}

const msgTimeWant = ` as a time (such as 2026-10-31T14:05:00Z, with an offset such as +02:00 or none for UTC, or a date)`

func TestUsageErrors(t *testing.T) {
	const header = "account_id,week,active_users,licensed_seats,key_events\n"
	const week = ` as a week (an ISO week such as 2026-W47, or the date of a day in the week)`
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing column",
			files: withBase(map[string]string{UsageFile: "account_id,week,active_users\nA1,2026-W01,1\n"}),
			want:  []string{"usage_weekly.csv:1:licensed_seats: missing required column (the header has: account_id, week, active_users)"},
		},
		{
			name:  "empty",
			files: withBase(map[string]string{UsageFile: bomMark}),
			want:  []string{"usage_weekly.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "header only",
			files: withBase(map[string]string{UsageFile: header}),
			want:  []string{"usage_weekly.csv: file has a header but no data rows"},
		},
		{
			name:  "wrong field count",
			files: withBase(map[string]string{UsageFile: header + "A1,2026-W01,1,1,\nA1,2026-W01,1\n"}),
			want:  []string{"usage_weekly.csv:3: wrong number of fields: the header has a different count"},
		},
		{
			name:  "bare quote",
			files: withBase(map[string]string{UsageFile: header + "A1,2026-W01,1,1,\nA1,2026-W01,1,1,2\"\nZ1,2026-W01,1,1,\n"}),
			want:  []string{`usage_weekly.csv:3: bare " in non-quoted-field`},
		},
		{
			name: "rows",
			files: withBase(map[string]string{UsageFile: header +
				"Z1,2026-W47,1,2,3\n" + // 2
				",2026-W47,1,2,\n" + // 3
				"A1,2025-W53,1,2,\n" + // 4
				"A1,2026-W54,1,2,\n" + // 5
				"A1,2026/11/18,1,2,\n" + // 6
				"A1,2026-W47,-1,2,\n" + // 7
				"A1,2026-W47,1.5,2,\n" + // 8
				"A1,2026-W47,1,x,\n" + // 9
				"A1,2026-W47,1,2,-4\n" + // 10
				"A1,2026-W47,99999999999,2,\n" + // 11
				"Z2,W47,x,,e\n" + // 12
				"A1,2026-W47,3,2,\n"}), // 13: a warning, not reported beside errors
			want: []string{
				`usage_weekly.csv:2:account_id: account "Z1" is not in accounts.csv`,
				`usage_weekly.csv:3:account_id: empty`,
				`usage_weekly.csv:4:week: cannot use "2025-W53": 2025 has 52 ISO weeks`,
				`usage_weekly.csv:5:week: cannot parse "2026-W54"` + week,
				`usage_weekly.csv:6:week: cannot parse "2026/11/18"` + week,
				`usage_weekly.csv:7:active_users: active_users must not be negative, got -1`,
				`usage_weekly.csv:8:active_users: cannot parse "1.5" as a whole number such as 12`,
				`usage_weekly.csv:9:licensed_seats: cannot parse "x" as a whole number such as 12`,
				`usage_weekly.csv:10:key_events: key_events must not be negative, got -4`,
				`usage_weekly.csv:11:active_users: cannot use "99999999999": too large`,
				`usage_weekly.csv:12:account_id: account "Z2" is not in accounts.csv`,
				`usage_weekly.csv:12:active_users: cannot parse "x" as a whole number such as 12`,
				`usage_weekly.csv:12:key_events: cannot parse "e" as a whole number such as 12`,
				`usage_weekly.csv:12:licensed_seats: cannot parse "" as a whole number such as 12`,
				`usage_weekly.csv:12:week: cannot parse "W47"` + week,
			},
		},
	})
}

func TestTicketsErrors(t *testing.T) {
	const header = "ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,category,csat\n"
	const use = "use P0 to P4, or urgent, high, medium or low"
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing columns",
			files: withBase(map[string]string{TicketsFile: "ticket_id,account_id,opened_at\nT1,A1,2026-10-01\n"}),
			want: []string{
				"tickets.csv:1:category: missing required column (the header has: ticket_id, account_id, opened_at)",
				"tickets.csv:1:first_response_at: missing required column (the header has: ticket_id, account_id, opened_at)",
				"tickets.csv:1:priority: missing required column (the header has: ticket_id, account_id, opened_at)",
				"tickets.csv:1:resolved_at: missing required column (the header has: ticket_id, account_id, opened_at)",
			},
		},
		{
			name:  "header only",
			files: withBase(map[string]string{TicketsFile: header}),
			want:  []string{"tickets.csv: file has a header but no data rows"},
		},
		{
			name: "rows",
			files: withBase(map[string]string{TicketsFile: header +
				"T1,A1,2026-10-31T14:05:00Z,,2026-10-31T14:04:59Z,P1,bug,\n" + // 2
				"T1,A2,2026-10-31T14:05:00Z,,,P1,bug,\n" + // 3
				"T2,Z1,2026-13-01,31/10/2026,soon,sev1,bug,6\n" + // 4
				",A1,2026-10-31,,,,x,\n" + // 5
				"T3,A1,2026-10-31,,,P5,x,0\n" + // 6
				"T1,A1,,,,P0,x,\n"}), // 7
			want: []string{
				`tickets.csv:2:resolved_at: resolved_at "2026-10-31T14:04:59Z" is before opened_at "2026-10-31T14:05:00Z": check both times`,
				`tickets.csv:3:ticket_id: duplicate ticket "T1" (first on line 2)`,
				`tickets.csv:4:account_id: account "Z1" is not in accounts.csv`,
				`tickets.csv:4:csat: cannot use "6": CSAT is a whole number from 1 to 5`,
				`tickets.csv:4:first_response_at: cannot parse "31/10/2026"` + msgTimeWant,
				`tickets.csv:4:opened_at: cannot parse "2026-13-01"` + msgTimeWant,
				`tickets.csv:4:priority: unknown priority "sev1": ` + use,
				`tickets.csv:4:resolved_at: cannot parse "soon"` + msgTimeWant,
				`tickets.csv:5:priority: empty: ` + use,
				`tickets.csv:5:ticket_id: empty: every ticket needs an id`,
				`tickets.csv:6:csat: cannot use "0": CSAT is a whole number from 1 to 5`,
				`tickets.csv:6:priority: unknown priority "P5": ` + use,
				`tickets.csv:7:opened_at: cannot parse ""` + msgTimeWant,
				`tickets.csv:7:ticket_id: duplicate ticket "T1" (first on line 2)`,
			},
		},
	})
}

func TestSmallSignalsErrors(t *testing.T) {
	const roles = "use one of buyer, champion, power_user, other"
	runLoadErrors(t, []loadErrorTest{
		{
			name: "contacts",
			files: withBase(map[string]string{ContactsFile: "account_id,contact_id,role,depth,active,left_on\n" +
				"A1,C1,champion,3,true,\n" + // 2
				"A1, C1 ,buyer,3,true,\n" + // 3
				"Z1,C1,buyer,3,true,\n" + // 4
				"A2,,cfo,0,maybe,2026-02-30\n" + // 5
				"A2,C9,,x,,\n"}), // 6
			want: []string{
				`contacts.csv:3:contact_id: duplicate contact "C1" of account "A1" (first on line 2)`,
				`contacts.csv:4:account_id: account "Z1" is not in accounts.csv`,
				`contacts.csv:5:active: cannot parse "maybe" as true or false (or yes/no, 1/0)`,
				`contacts.csv:5:contact_id: empty: every contact needs an id`,
				`contacts.csv:5:depth: cannot use "0": depth is a whole number from 1 to 5`,
				`contacts.csv:5:left_on: cannot parse "2026-02-30" as a date (YYYY-MM-DD)`,
				`contacts.csv:5:role: unknown role "cfo": ` + roles,
				`contacts.csv:6:active: cannot parse "" as true or false (or yes/no, 1/0)`,
				`contacts.csv:6:depth: cannot use "x": depth is a whole number from 1 to 5`,
				`contacts.csv:6:role: empty: ` + roles,
			},
		},
		{
			name:  "contacts missing column",
			files: withBase(map[string]string{ContactsFile: "account_id,contact_id,role,depth\nA1,C1,buyer,1\n"}),
			want:  []string{"contacts.csv:1:active: missing required column (the header has: account_id, contact_id, role, depth)"},
		},
		{
			name: "renewals",
			files: withBase(map[string]string{RenewalsFile: "account_id,renewal_date,arr_up,forecast,outcome\n" +
				"A1,2026-12-01,-5,maybe,lost\n" + // 2
				"Z1,12/01/2026,1k,,\n" + // 3
				"A1,2026-12-01,1.005,commit,open\n"}), // 4
			want: []string{
				`renewals.csv:2:arr_up: arr_up must not be negative, got -5`,
				`renewals.csv:2:forecast: unknown forecast "maybe": use one of commit, likely, at_risk`,
				`renewals.csv:2:outcome: unknown outcome "lost": use one of renewed, churned, open`,
				`renewals.csv:3:account_id: account "Z1" is not in accounts.csv`,
				`renewals.csv:3:arr_up: cannot parse "1k"` + msgNumber,
				`renewals.csv:3:forecast: empty: use one of commit, likely, at_risk`,
				`renewals.csv:3:outcome: empty: use one of renewed, churned, open`,
				`renewals.csv:3:renewal_date: cannot parse "12/01/2026" as a date (YYYY-MM-DD)`,
				`renewals.csv:4:arr_up: cannot use "1.005": more than two decimal places (round to cents in the extract)`,
			},
		},
		{
			name:  "nps",
			files: withBase(map[string]string{NPSFile: "account_id,date,score\nA1,2026-10-01,11\nA1,2026-10-01,7.5\n,2026-10,-1\n"}),
			want: []string{
				`nps.csv:2:score: cannot use "11": an NPS score is a whole number from 0 to 10`,
				`nps.csv:3:score: cannot use "7.5": an NPS score is a whole number from 0 to 10`,
				`nps.csv:4:account_id: empty`,
				`nps.csv:4:date: cannot parse "2026-10" as a date (YYYY-MM-DD)`,
				`nps.csv:4:score: cannot use "-1": an NPS score is a whole number from 0 to 10`,
			},
		},
		{
			name:  "nps empty",
			files: withBase(map[string]string{NPSFile: ""}),
			want:  []string{"nps.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "pipeline",
			files: withBase(map[string]string{PipelineFile: "expected_close_month,segment,new_accounts,arr\n2026-13,SMB,-1,-100\n2026-12,SMB,2.5,1e3\n"}),
			want: []string{
				`pipeline.csv:2:arr: arr must not be negative, got -100`,
				`pipeline.csv:2:expected_close_month: cannot parse "2026-13" as a month (YYYY-MM)`,
				`pipeline.csv:2:new_accounts: new_accounts must not be negative, got -1`,
				`pipeline.csv:3:arr: cannot parse "1e3"` + msgNumber,
				`pipeline.csv:3:new_accounts: cannot parse "2.5" as a whole number such as 12`,
			},
		},
		{
			name:  "pipeline header only",
			files: withBase(map[string]string{PipelineFile: "expected_close_month,segment,new_accounts,arr\n"}),
			want:  []string{"pipeline.csv: file has a header but no data rows"},
		},
		{
			// Without accounts.csv the account ids cannot be checked: the
			// files that name accounts wait for a readable one.
			name: "beside a broken accounts.csv",
			files: map[string]string{
				AccountsFile:   "id\nA1\n",
				ARRMonthlyFile: baseARR,
				UsageFile:      "account_id,week\nA1,x\n",
				NPSFile:        "account_id,date,score\nZ9,x,x\n",
			},
			want: []string{"accounts.csv:1:account_id: missing required column (the header has: id)"},
		},
		{
			name: "beside problems of the required files",
			files: map[string]string{
				AccountsFile:   twoAccounts,
				ARRMonthlyFile: arrHeader + "Z1,2026-01,1\n",
				UsageFile:      "account_id,week,active_users,licensed_seats\nZ1,2026-W01,1,1\n",
				PipelineFile:   "expected_close_month,segment,new_accounts,arr\nx,SMB,1,1\n",
			},
			want: []string{
				`arr_monthly.csv:2:account_id: account "Z1" is not in accounts.csv`,
				`pipeline.csv:2:expected_close_month: cannot parse "x" as a month (YYYY-MM)`,
				`usage_weekly.csv:2:account_id: account "Z1" is not in accounts.csv`,
			},
		},
	})
}

func TestSignalsErrorCap(t *testing.T) {
	// usage_weekly.csv is read before contacts.csv and tickets.csv but
	// sorts after them: its problems must not push theirs out.
	var usage strings.Builder
	usage.WriteString("account_id,week,active_users,licensed_seats\n")
	for i := range 60 {
		fmt.Fprintf(&usage, "Z%d,2026-W01,1,1\n", i)
	}
	files := withBase(map[string]string{
		UsageFile:    usage.String(),
		TicketsFile:  "ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,category\nT1,A1,2026-10-01,,,P9,bug\n",
		ContactsFile: "account_id,contact_id,role,depth,active\nA1,C1,cfo,1,true\n",
	})
	e := loadErrors(t, writeFiles(t, files), Options{})
	if e.Total != 62 || len(e.Issues) != diag.MaxShown {
		t.Errorf("Total = %d with %d shown, want 62 with %d", e.Total, len(e.Issues), diag.MaxShown)
	}
	want := []string{
		`contacts.csv:2:role: unknown role "cfo": use one of buyer, champion, power_user, other`,
		`tickets.csv:2:priority: unknown priority "P9": use P0 to P4, or urgent, high, medium or low`,
		`usage_weekly.csv:2:account_id: account "Z0" is not in accounts.csv`,
	}
	checkIssues(t, e.Issues[:min(3, len(e.Issues))], want)
	if !slices.IsSortedFunc(e.Issues, diag.Compare) {
		t.Errorf("issues not sorted:\n%v", e)
	}
}

func TestWarningsMerge(t *testing.T) {
	// The leading indicators' warnings join the others, sorted.
	files := map[string]string{
		AccountsFile:   twoAccounts,
		ARRMonthlyFile: arrHeader + "A1,2026-01,100\n",
		UsageFile:      "account_id,week,active_users,licensed_seats\nA1,2026-W01,2,1\nA2,2026-W01,0,0\n",
		TicketsFile:    "ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,category\nT1,A1,2026-10-01T10:00:00Z,2026-10-01T09:00:00Z,,P1,bug\n",
	}
	ds := mustLoad(t, writeFiles(t, files), Options{})
	checkIssues(t, ds.Warnings, []string{
		`accounts.csv:3:account_id: account "A2" has no revenue in arr_monthly.csv`,
		`tickets.csv:2:first_response_at: first_response_at "2026-10-01T09:00:00Z" is before opened_at "2026-10-01T10:00:00Z": the first response counts as at opened_at`,
		`usage_weekly.csv:2:active_users: 2 active users on 1 licensed seats: check the seat count (seat utilisation will be over 100%)`,
	})
	if ds.WarningCount != 3 {
		t.Errorf("WarningCount = %d, want 3", ds.WarningCount)
	}
	if got := ds.Signals.Tickets[0].FirstResponse; got != ds.Signals.Tickets[0].Opened {
		t.Errorf("FirstResponse = %d, want the opening time %d", got, ds.Signals.Tickets[0].Opened)
	}
}
