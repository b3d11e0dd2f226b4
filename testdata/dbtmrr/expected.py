#!/usr/bin/env python3
"""Independent expectations for the dbt mrr-playbook cross-check dataset.

Reads subscriptions.csv and accounts.csv from this folder and prints
expected.json to stdout:

    python3 expected.py > expected.json

Python 3 standard library only; it does not use boardpack. Money is
whole currency units, computed with integers only (ARR = 12 * MRR).
Ratios are exact fractions rounded to 6 decimals at the very end.

Definitions (see README.md):
  * A subscription counts in month m when start_date <= first day of m <
    end_date (end_date exclusive). An empty end_date means still active.
  * ARR(a, m) = 12 * sum of mrr of a's subscriptions counted in m; 0 if none.
  * Monthly movement of account a in month m, against m-1:
      new          ARR(a,m-1) = 0, ARR(a,m) > 0, no ARR in any month before m
      reactivation ARR(a,m-1) = 0, ARR(a,m) > 0, had ARR in some earlier month
      expansion    both > 0, ARR rises      (amount = rise)
      contraction  both > 0, ARR falls      (amount = fall)
      churn        ARR(a,m-1) > 0, ARR(a,m) = 0  (amount = ARR(a,m-1))
  * Retention as of M with lookback L: S = M - L; cohort B = {a : ARR(a,S) > 0}
      NRR  = sum_B ARR(a,M) / sum_B ARR(a,S)
      GRR  = sum_B min(ARR(a,M), ARR(a,S)) / sum_B ARR(a,S)
      logo = |{a in B : ARR(a,M) > 0}| / |B|
  * Bridge for a window of months = sum of the monthly movements over the
    window; start = total ARR in the month before the window, end = total
    ARR at M.
"""

import csv
import json
import os
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = ["2019-06", "2019-12", "2018-12"]
LAST_MONTH = "2020-01"  # last month reported in monthly_totals
RETENTION_LOOKBACKS = {"t12m": 12, "quarterly": 3, "monthly": 1}
BRIDGE_WINDOWS = {"month": 1, "quarter": 3, "t12m": 12}


# ---- months as integers: index = year * 12 + (month - 1) -------------------

def month_index(text):
    """'2019-06' or '2019-06-01' -> integer month index."""
    parts = text.split("-")
    year, month = int(parts[0]), int(parts[1])
    if len(parts) == 3:
        assert parts[2] == "01", "dates must be the first of a month: " + text
    return year * 12 + (month - 1)


def month_label(index):
    return "%04d-%02d" % (index // 12, index % 12 + 1)


# ---- load inputs -----------------------------------------------------------

def load():
    with open(os.path.join(HERE, "subscriptions.csv"), newline="") as f:
        subs = list(csv.DictReader(f))
    with open(os.path.join(HERE, "accounts.csv"), newline="") as f:
        segment = {row["account_id"]: row["segment"] for row in csv.DictReader(f)}
    return subs, segment


def build_arr(subs, last):
    """arr[account][month index] = ARR (only months with ARR > 0 are stored)."""
    arr = {}
    for s in subs:
        mrr = int(s["mrr"])  # amounts are whole numbers; int() rejects decimals
        start = month_index(s["start_date"])
        end = month_index(s["end_date"]) if s["end_date"] else last + 1  # exclusive
        for m in range(start, end):
            acct = arr.setdefault(s["account_id"], {})
            acct[m] = acct.get(m, 0) + 12 * mrr
    return arr


def arr_at(arr, account, m):
    return arr[account].get(m, 0)


def total_arr(arr, m):
    return sum(arr_at(arr, a, m) for a in arr)


# ---- movements -------------------------------------------------------------

MOVES = ["new", "expansion", "reactivation", "contraction", "churn"]


def month_movements(arr, m):
    """Sum of each movement type for month m (against m-1), over all accounts."""
    moves = dict.fromkeys(MOVES, 0)
    for a in arr:
        prev = arr_at(arr, a, m - 1)
        cur = arr_at(arr, a, m)
        if prev == 0 and cur > 0:
            had_before = any(mm < m and v > 0 for mm, v in arr[a].items())
            moves["reactivation" if had_before else "new"] += cur
        elif prev > 0 and cur > 0 and cur > prev:
            moves["expansion"] += cur - prev
        elif prev > 0 and cur > 0 and cur < prev:
            moves["contraction"] += prev - cur
        elif prev > 0 and cur == 0:
            moves["churn"] += prev
    start, end = total_arr(arr, m - 1), total_arr(arr, m)
    assert start + moves["new"] + moves["reactivation"] + moves["expansion"] \
        - moves["contraction"] - moves["churn"] == end, month_label(m)
    return moves


def bridge(arr, as_of, months):
    first = as_of - months + 1
    out = dict.fromkeys(MOVES, 0)
    for m in range(first, as_of + 1):
        for k, v in month_movements(arr, m).items():
            out[k] += v
    out["start"] = total_arr(arr, first - 1)
    out["end"] = total_arr(arr, as_of)
    assert out["start"] + out["new"] + out["reactivation"] + out["expansion"] \
        - out["contraction"] - out["churn"] == out["end"]
    return out


# ---- retention -------------------------------------------------------------

def ratio(num, den):
    if den == 0:
        return None
    return float(round(Fraction(num, den), 6))


def retention(arr, as_of, lookback, accounts):
    s = as_of - lookback
    cohort = [a for a in accounts if arr_at(arr, a, s) > 0]
    den = sum(arr_at(arr, a, s) for a in cohort)
    nrr_num = sum(arr_at(arr, a, as_of) for a in cohort)
    grr_num = sum(min(arr_at(arr, a, as_of), arr_at(arr, a, s)) for a in cohort)
    logo_num = sum(1 for a in cohort if arr_at(arr, a, as_of) > 0)
    return {
        "cohort_accounts": len(cohort),
        "starting_arr": den,
        "ending_arr": nrr_num,
        "nrr_num": nrr_num, "nrr_den": den, "nrr": ratio(nrr_num, den),
        "grr_num": grr_num, "grr_den": den, "grr": ratio(grr_num, den),
        "logo_num": logo_num, "logo_den": len(cohort),
        "logo_retention": ratio(logo_num, len(cohort)),
    }


# ---- main ------------------------------------------------------------------

def main():
    subs, segment = load()
    last = month_index(LAST_MONTH)
    arr = build_arr(subs, last)
    assert set(arr) <= set(segment), "account missing from accounts.csv"
    accounts = sorted(arr)
    first = min(min(months) for months in arr.values())
    assert max(max(months) for months in arr.values()) <= last

    out = {"monthly_totals": {month_label(m): total_arr(arr, m)
                              for m in range(first, last + 1)}}
    for label in AS_OF:
        m = month_index(label)
        ret = {name: retention(arr, m, lb, accounts)
               for name, lb in RETENTION_LOOKBACKS.items()}
        ret["by_segment"] = {
            seg: retention(arr, m, 12, [a for a in accounts if segment[a] == seg])
            for seg in sorted(set(segment.values()))
        }
        out[label] = {
            "bridge": {name: bridge(arr, m, n) for name, n in BRIDGE_WINDOWS.items()},
            "retention": ret,
        }
    json.dump(out, sys.stdout, sort_keys=True, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
