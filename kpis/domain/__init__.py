"""The domain in plain Python (no Django): vocabulary, calendar, rules, what the council printed,
and how a typed or imported value is read."""
