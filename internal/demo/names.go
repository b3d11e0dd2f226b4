package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Word lists for company and people names. The lists are part of the
// generator's output: editing them changes the committed sample data, so
// regenerate it afterwards with `go run ./sample-data/gen`.

// namePrefixes and nameSuffixes are glued into one brand word such as
// "Northwind" or "Bluepeak".
var namePrefixes = []string{
	"North", "South", "West", "East", "Blue", "Silver", "Iron", "Red",
	"Green", "Bright", "Clear", "Stone", "Oak", "Pine", "Cedar", "Maple",
	"Summit", "Harbor", "River", "Lake", "Sky", "Star", "Sun", "Moon",
	"Eagle", "Falcon", "Hawk", "Fox", "Wolf", "Bear", "Swift", "True",
	"Prime", "Apex", "Nova", "Terra", "Aqua", "Crystal", "Golden", "Granite",
	"Copper", "Cobalt", "Amber", "Ever", "High", "Far", "Frost", "Storm",
	"Thunder", "Bold", "Grand", "Open", "Deep", "Key", "Bay", "Glen",
	"Ridge", "Crest", "Elm", "Birch",
}

var nameSuffixes = []string{
	"wind", "peak", "field", "stone", "bridge", "gate", "point", "line",
	"wave", "light", "path", "way", "works", "craft", "forge", "mark",
	"view", "side", "wood", "brook", "ford", "ton", "dale", "port",
	"haven", "spring", "leaf", "rock", "shore", "water", "well", "core",
	"hill", "run", "vale", "mont", "stead", "land", "grove", "lake",
}

// industryNouns are the words that follow the brand, so that a name hints
// at the account's industry ("Bluepeak Health Systems").
var industryNouns = map[string][]string{
	"Software":           {"Software", "Systems", "Technologies", "Labs", "Digital", "Analytics", "Cloud", "Data"},
	"Healthcare":         {"Health", "Health Systems", "Medical", "Care", "Clinics", "Diagnostics", "Pharma", "Biotech"},
	"Financial Services": {"Financial", "Capital", "Bank", "Insurance", "Credit Union", "Payments", "Wealth Partners", "Lending"},
	"Manufacturing":      {"Manufacturing", "Industries", "Components", "Materials", "Machinery", "Fabrication", "Plastics", "Steel"},
	"Retail":             {"Retail", "Stores", "Outfitters", "Market", "Brands", "Goods", "Apparel", "Home"},
	"Education":          {"Academy", "University", "Learning", "Schools", "Education", "Institute", "College", "Tutoring"},
	"Logistics":          {"Logistics", "Freight", "Shipping", "Transport", "Supply Chain", "Distribution", "Cargo", "Fleet"},
	"Media":              {"Media", "Studios", "Publishing", "Broadcasting", "Entertainment", "Pictures", "Press", "Networks"},
}

// nameQualifiers make a name unique again when every random draw collided,
// which only happens for very large companies.
var nameQualifiers = []string{"Group", "Holdings", "International", "Partners", "Global", "Worldwide"}

var firstNames = []string{
	"Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sophia", "Lucas",
	"Isabella", "Ethan", "Mia", "James", "Amelia", "Benjamin", "Harper", "Elijah",
	"Chloe", "Daniel", "Priya", "Arjun", "Mei", "Hiroshi", "Fatima", "Omar",
	"Aisha", "Kwame", "Sofia", "Diego", "Camila", "Rafael", "Ingrid", "Lars",
	"Anna", "Jonas", "Claire", "Julien", "Grace", "Samuel", "Nora", "Adrian",
	"Leah", "Marcus", "Zoe", "Gabriel", "Hannah", "Tomas", "Elena", "Victor",
	"Maya", "Kenji", "Yara", "Nikolai", "Ruth", "Felix", "Alice", "Owen",
	"Lina", "Ravi", "Sara", "Caleb",
}

var lastNames = []string{
	"Smith", "Johnson", "Garcia", "Martinez", "Brown", "Nguyen", "Patel", "Kim",
	"Chen", "Walker", "Hughes", "Rossi", "Muller", "Dubois", "Silva", "Okafor",
	"Haddad", "Tanaka", "Kowalski", "Larsen", "Novak", "Fischer", "Moreau", "Costa",
	"Bennett", "Foster", "Hayes", "Reyes", "Ortiz", "Shah", "Singh", "Ali",
	"Cohen", "Murphy", "Kelly", "Brooks", "Price", "Ward", "Russo", "Romero",
	"Lindqvist", "Jensen", "Sato", "Park", "Mensah", "Adeyemi", "Ivanova", "Petrov",
	"Harper", "Lowe", "Whitfield", "Carver", "Sterling", "Holloway", "Ashford", "Pemberton",
	"Fairbanks", "Thornton", "Kendall", "Monroe",
}

// nameGen draws unique company names.
type nameGen struct {
	seen map[string]struct{}
	buf  []byte
}

func newNameGen(n int) *nameGen {
	return &nameGen{seen: make(map[string]struct{}, n)}
}

// draw returns a plausible company name for the industry that no earlier
// call returned.
func (g *nameGen) draw(r *rand.Rand, industry string) string {
	for range 32 {
		name := g.candidate(r, industry)
		if _, dup := g.seen[name]; !dup {
			g.seen[name] = struct{}{}
			return name
		}
	}
	// Random draws keep colliding only once the name space is nearly full,
	// so fall back to qualified and then numbered variants of one draw.
	base := g.candidate(r, industry)
	for _, q := range nameQualifiers {
		name := base + " " + q
		if _, dup := g.seen[name]; !dup {
			g.seen[name] = struct{}{}
			return name
		}
	}
	for i := 2; ; i++ {
		name := base + " " + strconv.Itoa(i)
		if _, dup := g.seen[name]; !dup {
			g.seen[name] = struct{}{}
			return name
		}
	}
}

// candidate builds one random name; it may collide with an earlier one.
func (g *nameGen) candidate(r *rand.Rand, industry string) string {
	b := g.buf[:0]
	if r.IntN(100) < 3 {
		// A partnership such as "Harper, Lowe & Co": the comma makes the
		// CSV writer quote the field, which readers must handle.
		a := lastNames[r.IntN(len(lastNames))]
		c := lastNames[r.IntN(len(lastNames))]
		for c == a {
			c = lastNames[r.IntN(len(lastNames))]
		}
		b = append(b, a...)
		b = append(b, ", "...)
		b = append(b, c...)
		b = append(b, " & Co"...)
	} else {
		p := namePrefixes[r.IntN(len(namePrefixes))]
		s := nameSuffixes[r.IntN(len(nameSuffixes))]
		for strings.EqualFold(p, s) {
			s = nameSuffixes[r.IntN(len(nameSuffixes))]
		}
		nouns := industryNouns[industry]
		b = append(b, p...)
		b = append(b, s...)
		b = append(b, ' ')
		b = append(b, nouns[r.IntN(len(nouns))]...)
	}
	g.buf = b
	return string(b)
}

// personName draws a first and last name that is not yet in seen, and
// records it there.
func personName(r *rand.Rand, seen map[string]struct{}) string {
	for {
		name := firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
		if _, dup := seen[name]; !dup {
			seen[name] = struct{}{}
			return name
		}
		if len(seen) >= len(firstNames)*len(lastNames) {
			// Every combination is taken; number the names rather than
			// loop forever. Only absurdly large companies get here.
			name += " " + strconv.Itoa(len(seen)+1)
			seen[name] = struct{}{}
			return name
		}
	}
}
