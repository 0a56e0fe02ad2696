"""Where the product's rules and Thurrock's Q1-Q3 2016/17 paper differ, each with its reason
(tests/thurrock/test_thurrock_agreement.py checks there are no others)."""

NO_EARLY_TARGET = ("the paper prints only the Qtr 3 and year targets; with no {q} target the rules judge "
                   "the figure against the year target, and the council's in-year profile is not in the paper")
STATUS_DISAGREEMENTS = {
    ("TWOA", 1): "target '74% of DWP total* (changes each term)': the paper gives no number, so no status",
    ("TWOA", 3): "target '74% of DWP total* (changes each term)': the paper gives no number, so no status",
    ("CTAX", 1): NO_EARLY_TARGET.format(q="Q1") + " (28.29% collected v 98.9)",
    ("NNDR", 1): NO_EARLY_TARGET.format(q="Q1") + " (29.93% collected v 99.3)",
    ("MYACC", 1): NO_EARLY_TARGET.format(q="Q1") + " (36,035 registered v 45,000)",
    ("MYACC", 2): NO_EARLY_TARGET.format(q="Q2") + " (41,179 registered v 45,000)",
    ("EOH", 1): NO_EARLY_TARGET.format(q="Q1") + " (93 v 95)",
    ("ADOPT", 1): NO_EARLY_TARGET.format(q="Q1") + " (565 days v 500; the commentary speaks of a "
                  "'25 days reduction per quarter' target)",
    ("RENT", 1): NO_EARLY_TARGET.format(q="Q1") + " (93.3% v 99)",
    ("RENT", 2): NO_EARLY_TARGET.format(q="Q2") + " (95% v 99)",
    ("NEET", 1): NO_EARLY_TARGET.format(q="Q1") + " (5.6 v 5; the Qtr 3 target is 5.9)",
    ("SICK", 1): "a sum's year target profiled evenly gives Q1 2.25 days; 2.34 misses it, but the council "
                 "printed Achieved: its sickness profile is not in the paper",
    ("SICK", 2): "profiled evenly the Q2 target is 4.5 days; 4.64 (printed 4.6) misses it, but the council "
                 "printed Achieved: its sickness profile is not in the paper",
    ("WASTE", 1): "Q1 44.16% against the year target 41% is met; the council printed Failed against a seasonal "
                  "Q1 target the paper does not give",
    ("UNEMP", 1): "the year target is 'regional average' with no number, and no Q1 target is printed",
    ("UNEMP", 2): "the year target is 'regional average' with no number, and no Q2 target is printed",
}
FEWER_IS_BETTER = ("the paper's arrows for this demand indicator read better/worse with fewer as better, unlike "
                   "the homelessness rows' higher/lower; a demand measure has no polarity, so the product says "
                   "higher/lower ({})")
MONTH_DISAGREEMENTS = {
    ("SAT", 9): "December 75 equals November 75: static, printed ↑",
    ("EMR", 7): "October 0.13 days is slower than September's 0.08 (smaller is better): worse, printed ↑",
    ("BINS", 7): "October 97.2% is below September's 99.3%: worse, printed →",
    ("MYACC", 7): "not comparable: quarterly running totals only, no October or September figure",
    ("LITTER", 9): "not comparable: no December survey (the paper's arrow compares survey tranches)",
    ("FLY", 7): FEWER_IS_BETTER.format("October 208 < September 313 printed ↑"),
    ("FLY", 8): FEWER_IS_BETTER.format("November 392 > October 208 printed ↓"),
    ("FLY", 9): FEWER_IS_BETTER.format("December 140 < November 392 printed ↑"),
    ("ABAND", 7): FEWER_IS_BETTER.format("October 159 > September 126 printed ↓"),
    ("ABAND", 8): FEWER_IS_BETTER.format("November 147 < October 159 printed ↑"),
    ("ABAND", 9): FEWER_IS_BETTER.format("December 96 < November 147 printed ↑"),
    ("CPP", 7): FEWER_IS_BETTER.format("October 73 > September 69 printed ↓"),
    ("CPP", 8): FEWER_IS_BETTER.format("November 76 > October 73 printed ↓"),
    ("CPP", 9): FEWER_IS_BETTER.format("December 71 < November 76 printed ↑"),
    ("LAC_RATE", 7): FEWER_IS_BETTER.format("October 85 < September 88 printed ↑"),
    ("LAC_RATE", 8): FEWER_IS_BETTER.format("November 84 < October 85 printed ↑"),
    ("LAC_RATE", 9): FEWER_IS_BETTER.format("December 82 < November 84 printed ↑"),
}
